'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
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
import { formatFen, parseYuan } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import type { RouterOutputs } from '@/lib/trpc/outputs';
import { StockAdjust } from './stock-adjust';
import { VisibilityCard } from './visibility-card';

export function ProductDetail({ id }: { id: number }) {
  const t = useTranslations('catalog.products');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const product = useQuery(trpc.admin.products.get.queryOptions({ id }));
  const options = useQuery(trpc.admin.products.formOptions.queryOptions());
  const [saved, setSaved] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.products.get.queryKey({ id }) });
  const update = useMutation(
    trpc.admin.products.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void refresh();
      },
    }),
  );
  const shelf = useMutation(trpc.admin.products.setShelf.mutationOptions({ onSuccess: () => void refresh() }));

  if (product.error) return <ErrorMessage error={product.error} />;
  const p = product.data;
  if (!p || !options.data) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  const isPlatform = p.ownerSupplierId === null;
  const listed = p.status === 'on_sale' || p.status === 'sold_out';

  return (
    <>
      <PageHeader
        title={<ProductHeading title={p.title} status={p.status} />}
        description={`${p.skuCode} · ${isPlatform ? t('platform') : p.supplierName} · ${t('version', { version: p.version })}`}
        actions={
          <>
            {p.status === 'pending_review' && (
              <Link href={`/admin/review/${p.id}`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
                {t('goReview')}
              </Link>
            )}
            {listed && (
              <Button variant="secondary" disabled={shelf.isPending} onClick={() => shelf.mutate({ ids: [p.id], onSale: false })}>
                {t('offShelf')}
              </Button>
            )}
            {isPlatform && p.status === 'off_shelf' && (
              <Button disabled={shelf.isPending} onClick={() => shelf.mutate({ ids: [p.id], onSale: true })}>
                {t('onSale')}
              </Button>
            )}
          </>
        }
      />
      <ErrorMessage error={shelf.error} />
      {saved && <p role="status" className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{t('saved')}</p>}
      <div className="flex flex-col gap-5">
        <div>
          {isPlatform ? (
            <ProductForm
              key={p.version}
              mode="platform"
              initial={p}
              categories={options.data.categories}
              brands={options.data.brands}
              showStock={false}
              showStatus={false}
              pending={update.isPending}
              error={update.error}
              onSubmit={({ stock: _stock, status: _status, supplierCostPrice: _private, ...fields }) => {
                setSaved(false);
                update.mutate({ ...fields, id: p.id });
              }}
            />
          ) : (
            <SupplierProductSummary product={p} onChanged={() => void refresh()} />
          )}
        </div>
        <div className="grid items-start gap-5 lg:grid-cols-3">
          <StockAdjust id={p.id} stock={p.stock} onDone={() => void refresh()} />
          <VisibilityCard id={p.id} visibility={p.visibility} grants={p.grants} onDone={() => void refresh()} />
          <Card title={t('history')}>
            <HistoryList entries={p.history.map((h) => ({ ...h, by: h.actorName || h.actorUsername || undefined }))} />
          </Card>
        </div>
      </div>
    </>
  );
}

type Detail = RouterOutputs['admin']['products']['get'];

/** A supplier's product, as staff see it: its content (the supplier edits it) and the platform's price. */
function SupplierProductSummary({ product: p, onChanged }: { product: Detail; onChanged: () => void }) {
  const t = useTranslations('catalog.products');
  const trpc = useTRPC();
  const [price, setPrice] = useState(p.supplyPrice === null ? '' : formatFen(p.supplyPrice, { grouping: false }));
  const [bad, setBad] = useState(false);
  const setSupplyPrice = useMutation(trpc.admin.products.setSupplyPrice.mutationOptions({ onSuccess: onChanged }));
  return (
    <div className="flex flex-col gap-5">
      <Card title={t('supplierContent')}>
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
          <div><dt className="text-slate-500">{t('category')}</dt><dd>{p.categoryName} · {p.brandName}</dd></div>
          <div><dt className="text-slate-500">{t('costPrice')}</dt><dd className="tabular-nums">{formatFen(p.costPrice, { currency: true })}</dd></div>
          <div><dt className="text-slate-500">{t('minQuantity')}</dt><dd>{p.minQuantity}</dd></div>
          <div><dt className="text-slate-500">{t('freight')}</dt><dd>{formatFen(p.freight, { currency: true })}</dd></div>
          <div className="col-span-2"><dt className="text-slate-500">{t('attributes')}</dt><dd>{p.attributes.map((a) => `${a.name}: ${a.value}`).join('；') || '—'}</dd></div>
        </dl>
        <p className="mt-3 text-xs text-slate-500">{t('supplierEdits')}</p>
        <Gallery urls={[...p.imageUrls, ...p.detailImageUrls]} />
      </Card>
      {p.supplyPrice !== null && (
        <Card title={t('supplyPrice')}>
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const fen = parseYuan(price);
              setBad(fen === null || fen < 0);
              if (fen !== null && fen >= 0) setSupplyPrice.mutate({ id: p.id, supplyPrice: fen });
            }}
          >
            <Field label={t('supplyPrice')} htmlFor="supplyPrice" error={bad ? t('invalidMoney') : undefined}>
              <Input id="supplyPrice" value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" className="w-40" />
            </Field>
            <Button type="submit" variant="secondary" disabled={setSupplyPrice.isPending}>
              {t('savePrice')}
            </Button>
          </form>
          <ErrorMessage error={setSupplyPrice.error} />
        </Card>
      )}
    </div>
  );
}
