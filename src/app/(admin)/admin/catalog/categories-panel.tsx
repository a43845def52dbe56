'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CategoryOptions, treeOrder } from '@/components/catalog/category-options';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { useTRPC } from '@/lib/trpc/client';
import { DeleteError } from './in-use-error';
import { EditorButtons, RecordStatusBadge, RowActions } from '@/components/catalog/record-controls';

type Editing = { id: number | null; name: string; parentId: number | null; sortOrder: number };
const EMPTY: Editing = { id: null, name: '', parentId: null, sortOrder: 0 };

export function CategoriesPanel() {
  const t = useTranslations('catalog.reference');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.catalog.categories.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(EMPTY);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.catalog.categories.list.queryKey() });
  const onSaved = () => {
    setEditing(EMPTY);
    void invalidate();
  };
  const create = useMutation(trpc.admin.catalog.categories.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.admin.catalog.categories.update.mutationOptions({ onSuccess: onSaved }));
  const setStatus = useMutation(trpc.admin.catalog.categories.setStatus.mutationOptions({ onSuccess: () => void invalidate() }));
  const remove = useMutation(trpc.admin.catalog.categories.delete.mutationOptions({ onSuccess: () => void invalidate() }));
  const rows = treeOrder(list.data ?? []);

  // Products per top-level category (its subcategories included): the shape of the pool.
  const topOf = new Map<number, string>();
  for (const c of rows) topOf.set(c.id, c.depth === 0 ? c.name : topOf.get(c.parentId!) ?? c.name);
  const chart = rows
    .filter((c) => c.depth === 0)
    .map((top) => ({ name: top.name, products: rows.filter((c) => topOf.get(c.id) === top.name).reduce((n, c) => n + c.productCount, 0) }));

  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-3">
        <ErrorMessage error={list.error ?? setStatus.error} />
        <DeleteError error={remove.error} />
        <DataTable
          rows={rows}
          rowKey={(c) => c.id}
          empty={list.isLoading ? common('loading') : common('empty')}
          columns={[
            { key: 'name', header: t('name'), cell: (c) => <span style={{ paddingLeft: `${c.depth * 1.25}rem` }}>{c.depth > 0 ? '└ ' : ''}{c.name}</span> },
            { key: 'sort', header: t('sortOrder'), cell: (c) => c.sortOrder, className: 'tabular-nums' },
            { key: 'products', header: t('productCount'), cell: (c) => c.productCount, className: 'tabular-nums' },
            { key: 'status', header: common('status'), cell: (c) => <RecordStatusBadge status={c.status} /> },
            {
              key: 'actions',
              header: common('actions'),
              cell: (c) => (
                <RowActions
                  status={c.status}
                  onEdit={() => setEditing({ id: c.id, name: c.name, parentId: c.parentId, sortOrder: c.sortOrder })}
                  onToggle={() => setStatus.mutate({ id: c.id, status: c.status === 'active' ? 'disabled' : 'active' })}
                  confirmDelete={t('confirmDelete', { name: c.name })}
                  onDelete={() => {
                    remove.reset();
                    remove.mutate({ id: c.id });
                  }}
                />
              ),
            },
          ]}
        />
      </div>
      <div className="flex flex-col gap-5">
        <Card title={editing.id ? t('editCategory') : t('newCategory')}>
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const input = { name: editing.name, parentId: editing.parentId, sortOrder: editing.sortOrder };
              if (editing.id) update.mutate({ ...input, id: editing.id });
              else create.mutate(input);
            }}
          >
            <Field label={t('name')} htmlFor="category-name">
              <Input id="category-name" value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} required maxLength={64} />
            </Field>
            <Field label={t('parent')} htmlFor="category-parent">
              <Select id="category-parent" value={editing.parentId ?? ''} onChange={(e) => setEditing({ ...editing, parentId: e.target.value ? Number(e.target.value) : null })}>
                <option value="">{t('topLevel')}</option>
                <CategoryOptions categories={(list.data ?? []).filter((c) => c.id !== editing.id)} />
              </Select>
            </Field>
            <Field label={t('sortOrder')} htmlFor="category-sort" hint={t('sortHint')}>
              <Input id="category-sort" type="number" value={editing.sortOrder} onChange={(e) => setEditing({ ...editing, sortOrder: Number(e.target.value) || 0 })} />
            </Field>
            <ErrorMessage error={create.error ?? update.error} />
            <EditorButtons editing={editing.id !== null} pending={create.isPending || update.isPending} onCancel={() => setEditing(EMPTY)} />
          </form>
        </Card>
        {chart.length > 0 && (
          <Card title={t('chartTitle')}>
            <div className="h-56" data-testid="category-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} margin={{ top: 4, right: 8, bottom: 4, left: -16 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                  <Tooltip />
                  <Bar dataKey="products" name={t('productCount')} fill="#2f6fed" radius={[3, 3, 0, 0]} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
        )}
      </div>
    </div>
  );
}
