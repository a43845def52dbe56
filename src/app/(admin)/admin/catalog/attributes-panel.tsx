'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { treeOrder } from '@/components/catalog/category-options';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { useTRPC } from '@/lib/trpc/client';
import { EditorButtons, RecordStatusBadge, RowActions, toggled } from '@/components/catalog/record-controls';

type Editing = { id: number | null; name: string; values: string; categoryIds: Set<number>; brandIds: Set<number> };
const empty = (): Editing => ({ id: null, name: '', values: '', categoryIds: new Set(), brandIds: new Set() });

export function AttributesPanel() {
  const t = useTranslations('catalog.reference');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.catalog.attributes.list.queryOptions());
  const options = useQuery(trpc.admin.products.formOptions.queryOptions());
  const [editing, setEditing] = useState<Editing>(empty);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.catalog.attributes.list.queryKey() });
  const onSaved = () => {
    setEditing(empty());
    void invalidate();
  };
  const create = useMutation(trpc.admin.catalog.attributes.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.admin.catalog.attributes.update.mutationOptions({ onSuccess: onSaved }));
  const setStatus = useMutation(trpc.admin.catalog.attributes.setStatus.mutationOptions({ onSuccess: () => void invalidate() }));
  const categoryName = new Map((options.data?.categories ?? []).map((c) => [c.id, c.name]));
  const brandName = new Map((options.data?.brands ?? []).map((b) => [b.id, b.name]));

  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_24rem]">
      <div className="flex flex-col gap-3">
        <ErrorMessage error={list.error ?? setStatus.error} />
        <DataTable
          rows={list.data ?? []}
          rowKey={(a) => a.id}
          empty={list.isLoading ? common('loading') : common('empty')}
          columns={[
            { key: 'name', header: t('name'), cell: (a) => a.name },
            { key: 'values', header: t('values'), cell: (a) => (a.values.length ? a.values.join('、') : <span className="text-slate-500">{t('freeText')}</span>) },
            {
              key: 'applies',
              header: t('appliesTo'),
              cell: (a) => [...a.categoryIds.map((id) => categoryName.get(id)), ...a.brandIds.map((id) => brandName.get(id))].filter(Boolean).join('、') || '—',
            },
            { key: 'status', header: common('status'), cell: (a) => <RecordStatusBadge status={a.status} /> },
            {
              key: 'actions',
              header: common('actions'),
              cell: (a) => (
                <RowActions
                  status={a.status}
                  onEdit={() => setEditing({ id: a.id, name: a.name, values: a.values.join('\n'), categoryIds: new Set(a.categoryIds), brandIds: new Set(a.brandIds) })}
                  onToggle={() => setStatus.mutate({ id: a.id, status: a.status === 'active' ? 'disabled' : 'active' })}
                />
              ),
            },
          ]}
        />
      </div>
      <Card title={editing.id ? t('editAttribute') : t('newAttribute')}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const input = {
              name: editing.name,
              values: editing.values.split(/[\n,，、]/).map((v) => v.trim()).filter(Boolean),
              categoryIds: [...editing.categoryIds],
              brandIds: [...editing.brandIds],
            };
            if (editing.id) update.mutate({ ...input, id: editing.id });
            else create.mutate(input);
          }}
        >
          <Field label={t('name')} htmlFor="attribute-name">
            <Input id="attribute-name" value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} required maxLength={32} />
          </Field>
          <Field label={t('values')} htmlFor="attribute-values" hint={t('valuesHint')}>
            <textarea
              id="attribute-values"
              rows={3}
              className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              value={editing.values}
              onChange={(e) => setEditing({ ...editing, values: e.target.value })}
            />
          </Field>
          <fieldset className="text-sm">
            <legend className="mb-1 font-medium text-slate-700">{t('categories')}</legend>
            <div className="max-h-40 overflow-y-auto rounded border border-slate-200 p-2">
              {treeOrder(options.data?.categories ?? []).map((c) => (
                <label key={c.id} className="flex items-center gap-1" style={{ paddingLeft: `${c.depth}rem` }}>
                  <input type="checkbox" checked={editing.categoryIds.has(c.id)} onChange={() => setEditing({ ...editing, categoryIds: toggled(editing.categoryIds, c.id) })} /> {c.name}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="text-sm">
            <legend className="mb-1 font-medium text-slate-700">{t('brands')}</legend>
            <div className="max-h-32 overflow-y-auto rounded border border-slate-200 p-2">
              {(options.data?.brands ?? []).map((b) => (
                <label key={b.id} className="flex items-center gap-1">
                  <input type="checkbox" checked={editing.brandIds.has(b.id)} onChange={() => setEditing({ ...editing, brandIds: toggled(editing.brandIds, b.id) })} /> {b.name}
                </label>
              ))}
            </div>
          </fieldset>
          <ErrorMessage error={create.error ?? update.error} />
          <EditorButtons editing={editing.id !== null} pending={create.isPending || update.isPending} onCancel={() => setEditing(empty())} />
        </form>
      </Card>
    </div>
  );
}
