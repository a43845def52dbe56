'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Gallery } from '@/components/catalog/gallery';
import { HistoryList } from '@/components/catalog/history-list';
import { ProductForm } from '@/components/catalog/product-form';
import { ProductHeading } from '@/components/catalog/product-cell';
import { Button } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { formatFen } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';

const EDITABLE = ['draft', 'rejected', 'off_shelf'];

/**
 * One of the supplier's products: what the review said, the form while it may be edited,
 * the stock (always), the shelf and review actions its status allows, and its history.
 */
export function MyProduct({ id }: { id: number }) {
  const t = useTranslations('catalog.mine');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const product = useQuery(trpc.supplier.products.get.queryOptions({ id }));
  const options = useQuery(trpc.supplier.products.formOptions.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.supplier.products.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.supplier.products.list.queryKey() });
  };
  const done = (message: string) => () => {
    setNotice(message);
    refresh();
  };
  const update = useMutation(trpc.supplier.products.update.mutationOptions({ onSuccess: (p) => done(p.status === 'pending_review' ? t('submitted') : t('saved'))() }));
  const submit = useMutation(trpc.supplier.products.submit.mutationOptions({ onSuccess: done(t('submitted')) }));
  const withdraw = useMutation(trpc.supplier.products.withdraw.mutationOptions({ onSuccess: done(t('withdrawn')) }));
  const offShelf = useMutation(trpc.supplier.products.takeOffShelf.mutationOptions({ onSuccess: done(t('takenOff')) }));

  if (product.error) return <ErrorMessage error={product.error} />;
  const p = product.data;
  if (!p || !options.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  const editable = EDITABLE.includes(p.status);
  const listed = p.status === 'on_sale' || p.status === 'sold_out';

  return (
    <>
      <PageHeader
        title={<ProductHeading title={p.title} status={p.status} />}
        description={p.skuCode}
        actions={
          <>
            {editable && (
              <Button disabled={submit.isPending} onClick={() => submit.mutate({ id })}>
                {t('submitButton')}
              </Button>
            )}
            {p.status === 'pending_review' && (
              <Button variant="secondary" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ id })}>
                {t('withdraw')}
              </Button>
            )}
            {listed && (
              <Button variant="secondary" disabled={offShelf.isPending} onClick={() => window.confirm(t('confirmOffShelf')) && offShelf.mutate({ id })}>
                {t('offShelf')}
              </Button>
            )}
          </>
        }
      />
      {notice && <p role="status" className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{notice}</p>}
      <ErrorMessage error={submit.error ?? withdraw.error ?? offShelf.error} />
      {p.status === 'rejected' && p.rejectReason && (
        <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="reject-reason">
          <div className="font-medium">{t('rejectedTitle')}</div>
          <div>{p.rejectReason}</div>
        </div>
      )}
      {p.status === 'draft' && p.rejectReason && <p className="mb-4 text-sm text-slate-600">{t('lastReason', { reason: p.rejectReason })}</p>}
      <p className="mb-4 text-sm text-slate-600">{t(`explain.${p.status}`)}</p>

      <div className="flex flex-col gap-5">
        <div>
          {editable ? (
            <ProductForm
              key={p.version}
              mode="supplier"
              initial={p}
              categories={options.data.categories}
              brands={options.data.brands}
              showStock
              showStatus={false}
              pending={update.isPending}
              error={update.error}
              onSubmit={({ supplyPrice: _platformPrice, status: _status, ...fields }, { submit }) => {
                setNotice(null);
                update.mutate({ ...fields, id, submit });
              }}
            />
          ) : (
            <Card title={t('content')}>
              <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
                <div><dt className="text-slate-500">{t('category')}</dt><dd>{p.categoryName} · {p.brandName}</dd></div>
                <div><dt className="text-slate-500">{t('mySupplyPrice')}</dt><dd className="tabular-nums">{formatFen(p.costPrice, { currency: true })}</dd></div>
                <div><dt className="text-slate-500">{t('myCostPrice')}</dt><dd className="tabular-nums">{p.supplierCostPrice === null ? '—' : formatFen(p.supplierCostPrice, { currency: true })}</dd></div>
                <div><dt className="text-slate-500">{t('minQuantity')}</dt><dd>{p.minQuantity}</dd></div>
                <div><dt className="text-slate-500">{t('freight')}</dt><dd>{formatFen(p.freight, { currency: true })}</dd></div>
                <div><dt className="text-slate-500">{t('attributes')}</dt><dd>{p.attributes.map((a) => `${a.name}: ${a.value}`).join('；') || '—'}</dd></div>
              </dl>
              <Gallery urls={[...p.imageUrls, ...p.detailImageUrls]} />
            </Card>
          )}
        </div>
        <div className="grid items-start gap-5 lg:grid-cols-2">
          {!editable && <StockCard id={id} stock={p.stock} onDone={refresh} />}
          <Card title={t('history')}>
            <HistoryList entries={p.history.map((h) => ({ ...h, by: t(`by.${h.by}`) }))} />
          </Card>
        </div>
      </div>
    </>
  );
}

/** The one change allowed while on sale (and in review): the stock. */
function StockCard({ id, stock, onDone }: { id: number; stock: number; onDone: () => void }) {
  const t = useTranslations('catalog.mine');
  const trpc = useTRPC();
  const [value, setValue] = useState(String(stock));
  const set = useMutation(trpc.supplier.products.setStock.mutationOptions({ onSuccess: onDone }));
  const n = Number(value);
  return (
    <Card title={t('stockTitle')}>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (Number.isInteger(n) && n >= 0) set.mutate({ id, stock: n });
        }}
      >
        <Field label={t('stock')} htmlFor="my-stock">
          <Input id="my-stock" type="number" min={0} step={1} value={value} onChange={(e) => setValue(e.target.value)} className="w-32" />
        </Field>
        <Button type="submit" variant="secondary" disabled={!Number.isInteger(n) || n < 0 || set.isPending}>
          {t('updateStock')}
        </Button>
      </form>
      {set.isSuccess && <p className="mt-2 text-sm text-emerald-700">{t('stockSaved', { stock: set.data.stock })}</p>}
      <ErrorMessage error={set.error} />
    </Card>
  );
}
