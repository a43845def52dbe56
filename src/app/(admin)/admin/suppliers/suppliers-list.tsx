'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { ListPage } from '@/components/ui/list-page';
import { useListFilters } from '@/components/ui/use-list-filters';
import { randomPassword } from '@/lib/random-password';
import { useTRPC } from '@/lib/trpc/client';
import { AssignmentPicker } from './assignment-picker';
import { Handover } from './handover';
import { RecordStatusBadge } from '@/components/catalog/record-controls';

const PAGE_SIZE = 20;

/** Staff's suppliers on the list page (search and status in the address), with the form that creates one. */
export function SuppliersList() {
  const t = useTranslations('catalog.suppliers');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const filters = useListFilters<{ q?: string; status?: 'active' | 'disabled' }>({}, { url: true });
  const list = useQuery(trpc.admin.suppliers.list.queryOptions({ ...filters.filters, page: filters.page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }));
  const options = useQuery(trpc.admin.suppliers.assignmentOptions.queryOptions());
  const [password, setPassword] = useState(randomPassword);
  const [assigned, setAssigned] = useState({ categoryIds: new Set<number>(), brandIds: new Set<number>() });
  const [handover, setHandover] = useState<{ loginUrl: string; username: string; password: string; id: number } | null>(null);
  const create = useMutation(
    trpc.admin.suppliers.create.mutationOptions({
      onSuccess: (created, input) => {
        setHandover({ loginUrl: created.loginUrl, username: created.username, password: input.password, id: created.id });
        setPassword(randomPassword());
        setAssigned({ categoryIds: new Set(), brandIds: new Set() });
        void queryClient.invalidateQueries({ queryKey: trpc.admin.suppliers.list.queryKey() });
      },
    }),
  );

  return (
    <div className="grid gap-5 xl:grid-cols-[1fr_30rem]">
      <div className="flex flex-col gap-3">
        <ListPage
          list={filters}
          query={list}
          rowKey={(s) => s.id}
          pageSize={PAGE_SIZE}
          empty={common('empty')}
          filters={
            <>
              <Input aria-label={t('search')} placeholder={t('search')} className="w-64" value={filters.draft.q ?? ''} onChange={(e) => filters.set({ q: e.target.value })} />
              <Select aria-label={common('status')} value={filters.draft.status ?? ''} onChange={(e) => filters.set({ status: (e.target.value || undefined) as 'active' | 'disabled' | undefined }, true)}>
                <option value="">{t('allStatuses')}</option>
                <option value="active">{common('active')}</option>
                <option value="disabled">{common('disabled')}</option>
              </Select>
            </>
          }
          columns={[
            {
              key: 'name',
              header: t('company'),
              cell: (s) => (
                <Link href={`/admin/suppliers/${s.id}`} className="font-medium text-brand-700 hover:underline">
                  {s.name}
                </Link>
              ),
            },
            { key: 'login', header: t('username'), cell: (s) => <span className="font-mono">{s.username}</span> },
            { key: 'contact', header: t('contact'), cell: (s) => [s.contactName, s.phone].filter(Boolean).join(' · ') || '—' },
            { key: 'products', header: t('products'), className: 'tabular-nums', cell: (s) => s.productCount },
            { key: 'pending', header: t('pending'), className: 'tabular-nums', cell: (s) => (s.pendingCount ? <Badge tone="yellow">{s.pendingCount}</Badge> : 0) },
            { key: 'status', header: common('status'), cell: (s) => <RecordStatusBadge status={s.status} /> },
          ]}
        />
      </div>

      <Card title={t('new')}>
        {handover && (
          <div className="mb-4 flex flex-col gap-2">
            <p className="text-sm font-medium text-emerald-700" role="status">
              {t('created', { username: handover.username })}
            </p>
            <Handover loginUrl={handover.loginUrl} username={handover.username} password={handover.password} />
          </div>
        )}
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setHandover(null);
            create.mutate({
              name: String(form.get('name')),
              contactName: String(form.get('contactName')),
              phone: String(form.get('phone')),
              username: String(form.get('username')),
              password,
              categoryIds: [...assigned.categoryIds],
              brandIds: [...assigned.brandIds],
            });
          }}
        >
          <Field label={t('company')} htmlFor="supplier-name">
            <Input id="supplier-name" name="name" required maxLength={128} />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label={t('contactName')} htmlFor="supplier-contact">
              <Input id="supplier-contact" name="contactName" maxLength={64} />
            </Field>
            <Field label={t('phone')} htmlFor="supplier-phone">
              <Input id="supplier-phone" name="phone" maxLength={32} />
            </Field>
          </div>
          <Field label={t('username')} htmlFor="supplier-username" hint={t('usernameHint')}>
            <Input id="supplier-username" name="username" required autoComplete="off" />
          </Field>
          <Field label={t('password')} htmlFor="supplier-password" hint={t('passwordHint')}>
            <div className="flex gap-2">
              <Input id="supplier-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" />
              <Button variant="secondary" onClick={() => setPassword(randomPassword())}>
                {t('generate')}
              </Button>
            </div>
          </Field>
          <AssignmentPicker options={options.data} categoryIds={assigned.categoryIds} brandIds={assigned.brandIds} onChange={setAssigned} />
          <ErrorMessage error={create.error} />
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? common('saving') : t('createButton')}
          </Button>
        </form>
      </Card>
    </div>
  );
}
