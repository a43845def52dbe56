'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ImageUploader, type UploadedImage } from '@/components/catalog/image-uploader';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { useTRPC } from '@/lib/trpc/client';
import { DeleteError } from './in-use-error';
import { EditorButtons, RecordStatusBadge, RowActions } from '@/components/catalog/record-controls';

type Editing = { id: number | null; name: string; logo: UploadedImage[]; sortOrder: number };
const EMPTY: Editing = { id: null, name: '', logo: [], sortOrder: 0 };

export function BrandsPanel() {
  const t = useTranslations('catalog.reference');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.catalog.brands.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(EMPTY);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.catalog.brands.list.queryKey() });
  const onSaved = () => {
    setEditing(EMPTY);
    void invalidate();
  };
  const create = useMutation(trpc.admin.catalog.brands.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.admin.catalog.brands.update.mutationOptions({ onSuccess: onSaved }));
  const setStatus = useMutation(trpc.admin.catalog.brands.setStatus.mutationOptions({ onSuccess: () => void invalidate() }));
  const remove = useMutation(trpc.admin.catalog.brands.delete.mutationOptions({ onSuccess: () => void invalidate() }));

  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-3">
        <ErrorMessage error={list.error ?? setStatus.error} />
        <DeleteError error={remove.error} />
        <DataTable
          rows={list.data ?? []}
          rowKey={(b) => b.id}
          empty={list.isLoading ? common('loading') : common('empty')}
          columns={[
            {
              key: 'logo',
              header: t('logo'),
              cell: (b) =>
                b.logoUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element -- our own upload route
                  <img src={b.logoUrl} alt={b.name} className="h-8 w-8 rounded object-contain" />
                ) : (
                  <span className="text-slate-500">—</span>
                ),
            },
            { key: 'name', header: t('name'), cell: (b) => b.name },
            { key: 'sort', header: t('sortOrder'), cell: (b) => b.sortOrder, className: 'tabular-nums' },
            { key: 'products', header: t('productCount'), cell: (b) => b.productCount, className: 'tabular-nums' },
            { key: 'status', header: common('status'), cell: (b) => <RecordStatusBadge status={b.status} /> },
            {
              key: 'actions',
              header: common('actions'),
              cell: (b) => (
                <RowActions
                  status={b.status}
                  onEdit={() => setEditing({ id: b.id, name: b.name, logo: b.logo && b.logoUrl ? [{ key: b.logo, url: b.logoUrl }] : [], sortOrder: b.sortOrder })}
                  onToggle={() => setStatus.mutate({ id: b.id, status: b.status === 'active' ? 'disabled' : 'active' })}
                  confirmDelete={t('confirmDelete', { name: b.name })}
                  onDelete={() => {
                    remove.reset();
                    remove.mutate({ id: b.id });
                  }}
                />
              ),
            },
          ]}
        />
      </div>
      <Card title={editing.id ? t('editBrand') : t('newBrand')}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const input = { name: editing.name, logo: editing.logo[0]?.key ?? null, sortOrder: editing.sortOrder };
            if (editing.id) update.mutate({ ...input, id: editing.id });
            else create.mutate(input);
          }}
        >
          <Field label={t('name')} htmlFor="brand-name">
            <Input id="brand-name" value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} required maxLength={64} />
          </Field>
          <Field label={t('logo')}>
            <ImageUploader id="brand-logo" label={t('logo')} purpose="brand" single images={editing.logo} capacity={1} onChange={(logo) => setEditing({ ...editing, logo })} />
          </Field>
          <Field label={t('sortOrder')} htmlFor="brand-sort">
            <Input id="brand-sort" type="number" value={editing.sortOrder} onChange={(e) => setEditing({ ...editing, sortOrder: Number(e.target.value) || 0 })} />
          </Field>
          <ErrorMessage error={create.error ?? update.error} />
          <EditorButtons editing={editing.id !== null} pending={create.isPending || update.isPending} onCancel={() => setEditing(EMPTY)} />
        </form>
      </Card>
    </div>
  );
}
