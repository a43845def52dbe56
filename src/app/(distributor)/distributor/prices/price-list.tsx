'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { formatFen } from '@/lib/money';
import { formatBps } from '@/lib/rates';
import { useTRPC } from '@/lib/trpc/client';
import type { PRICE_LIST_SORTS } from '@/server/domain/distributors/schemas';
import { MarginCalculator, type PricedProduct } from './margin-calculator';

type Filters = { search?: string; categoryId?: number; brandId?: number; status?: 'on_sale' | 'sold_out'; selectedOnly?: boolean };
type PriceListSort = (typeof PRICE_LIST_SORTS)[number];

const PAGE_SIZE = 20;

/**
 * 价格表: every product offered to the distributor at its agreed price (filters in the
 * address, a CSV of every product they match), and a margin calculator.
 */
export function PriceList() {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const status = useTranslations('dashboard.status');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filterState = useListFilters<Filters, PriceListSort>({}, { url: true, types: { categoryId: 'number', brandId: 'number', selectedOnly: 'boolean' }, sort: { by: 'id', dir: 'asc' } });
  const { draft, set, filters, page, sort } = filterState;
  const [picked, setPicked] = useState<PricedProduct | null>(null);
  const options = useQuery(trpc.distributor.selection.get.queryOptions());
  const list = useQuery(trpc.distributor.prices.list.queryOptions({ ...filters, sort: sort?.by ?? 'id', dir: sort?.dir ?? 'asc', page, pageSize: PAGE_SIZE }));
  const indent = (parentId: number | null) => (parentId === null ? '' : '　');

  return (
    <div className="grid gap-5 xl:grid-cols-[1fr_22rem]">
      <div className="flex min-w-0 flex-col gap-3">
        {list.data && (
          <p className="text-sm text-slate-600">
            {t('prices.levelLine', { level: list.data.level.name, fee: formatBps(list.data.level.feeBps) })}
          </p>
        )}
        <ListPage
          list={filterState}
          query={list}
          rowKey={(p) => p.id}
          pageSize={PAGE_SIZE}
          empty={t('prices.empty')}
          filters={
            <>
              <Input aria-label={common('search')} placeholder={t('prices.searchHint')} value={draft.search ?? ''} onChange={(e) => set({ search: e.target.value })} className="w-52" />
              <Select aria-label={t('prices.category')} value={draft.categoryId ?? ''} onChange={(e) => set({ categoryId: e.target.value ? Number(e.target.value) : undefined })} className="w-40">
                <option value="">{t('prices.allCategories')}</option>
                {options.data?.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {indent(c.parentId)}
                    {c.name}
                  </option>
                ))}
              </Select>
              <Select aria-label={t('prices.brand')} value={draft.brandId ?? ''} onChange={(e) => set({ brandId: e.target.value ? Number(e.target.value) : undefined })} className="w-36">
                <option value="">{t('prices.allBrands')}</option>
                {options.data?.brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </Select>
              <Select aria-label={common('status')} value={draft.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as Filters['status'] })} className="w-28">
                <option value="">{t('prices.allStatuses')}</option>
                <option value="on_sale">{status('on_sale')}</option>
                <option value="sold_out">{status('sold_out')}</option>
              </Select>
              <label className="flex items-center gap-1 text-sm">
                <input type="checkbox" className="accent-brand-600" checked={draft.selectedOnly ?? false} onChange={(e) => set({ selectedOnly: e.target.checked })} />
                {t('prices.selectedOnly')}
              </label>
            </>
          }
          exporter={{
            filename: 'price-list.csv',
            fetchPage: (p, pageSize) => queryClient.fetchQuery(trpc.distributor.prices.list.queryOptions({ ...filters, page: p, pageSize })),
          }}
          columns={[
            { key: 'sku', header: t('prices.sku'), csv: (p) => p.skuCode, className: 'whitespace-nowrap', cell: (p) => <span className="font-mono text-xs">{p.skuCode}</span> },
            {
              key: 'title',
              header: t('prices.product'),
              csv: (p) => p.title,
              cell: (p) => (
                <div>
                  <div>{p.title}</div>
                  <div className="text-xs text-slate-500">
                    {p.categoryName} · {p.brandName}
                    {p.selected && (
                      <span className="ml-1">
                        <Badge tone="blue">{t('prices.inSelection')}</Badge>
                      </span>
                    )}
                  </div>
                </div>
              ),
            },
            { key: 'category', header: t('prices.category'), csv: (p) => `${p.categoryName} · ${p.brandName}`, cell: () => null, exportOnly: true },
            { key: 'supply', header: t('prices.supplyPrice'), csv: (p) => formatFen(p.supplyPrice, { grouping: false }), className: 'text-right tabular-nums whitespace-nowrap', cell: (p) => formatFen(p.supplyPrice, { currency: true }) },
            { key: 'fee', header: t('prices.fee'), csv: (p) => formatFen(p.serviceFee, { grouping: false }), className: 'text-right tabular-nums whitespace-nowrap', cell: (p) => formatFen(p.serviceFee, { currency: true }) },
            { key: 'agreed', header: t('prices.agreedPrice'), sort: 'price', csv: (p) => formatFen(p.agreedPrice, { grouping: false }), className: 'text-right tabular-nums font-medium whitespace-nowrap', cell: (p) => formatFen(p.agreedPrice, { currency: true }) },
            { key: 'freight', header: t('prices.freight'), csv: (p) => formatFen(p.freight, { grouping: false }), className: 'text-right tabular-nums whitespace-nowrap', cell: (p) => (p.freight === 0 ? t('prices.freeShipping') : formatFen(p.freight, { currency: true })) },
            { key: 'min', header: t('prices.minQuantity'), csv: (p) => p.minQuantity, className: 'text-right tabular-nums whitespace-nowrap', cell: (p) => p.minQuantity },
            { key: 'stock', header: t('prices.stock'), sort: 'stock', csv: (p) => p.stock, className: 'text-right tabular-nums whitespace-nowrap', cell: (p) => p.stock },
            { key: 'status', header: common('status'), csv: (p) => status(p.status as 'on_sale'), className: 'whitespace-nowrap', cell: (p) => <Badge tone={p.status === 'on_sale' ? 'green' : 'red'}>{status(p.status as 'on_sale')}</Badge> },
            {
              key: 'calc',
              header: '',
              className: 'whitespace-nowrap',
              cell: (p) => (
                <Button size="sm" variant={picked?.id === p.id ? 'primary' : 'ghost'} onClick={() => setPicked(p)}>
                  {t('margin.calculate')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      <Card title={t('margin.title')}>
        <MarginCalculator key={picked?.id ?? 0} product={picked} />
      </Card>
    </div>
  );
}
