'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, PageHeader } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';
import type { RouterOutputs } from '@/lib/trpc/outputs';
import { AssignmentPicker } from '../assignment-picker';
import { Handover } from '../handover';
import { RecordStatusBadge } from '@/components/catalog/record-controls';

type Detail = RouterOutputs['admin']['suppliers']['get'];
const STATUSES = ['on_sale', 'sold_out', 'pending_review', 'rejected', 'off_shelf', 'draft'] as const;

export function SupplierDetail({ id }: { id: number }) {
  const t = useTranslations('catalog.suppliers');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const supplier = useQuery(trpc.admin.suppliers.get.queryOptions({ id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.suppliers.get.queryKey({ id }) });
  const setStatus = useMutation(trpc.admin.suppliers.setStatus.mutationOptions({ onSuccess: () => void refresh() }));
  if (supplier.error) return <ErrorMessage error={supplier.error} />;
  const s = supplier.data;
  if (!s) return <p className="text-sm text-slate-500">{common('loading')}</p>;
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {s.name} <RecordStatusBadge status={s.status} />
          </span>
        }
        description={[s.contactName, s.phone].filter(Boolean).join(' · ')}
        actions={
          <>
            <Link href={`/admin/products?owner=${s.id}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
              {t('viewProducts')}
            </Link>
            <Button
              variant={s.status === 'active' ? 'danger' : 'primary'}
              disabled={setStatus.isPending}
              onClick={() => {
                if (s.status === 'active' && !window.confirm(t('confirmDisable', { name: s.name }))) return;
                setStatus.mutate({ id: s.id, status: s.status === 'active' ? 'disabled' : 'active' });
              }}
            >
              {s.status === 'active' ? common('disable') : common('enable')}
            </Button>
          </>
        }
      />
      <ErrorMessage error={setStatus.error} />
      {setStatus.data && setStatus.data.status === 'disabled' && (
        <p role="status" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {t('disabledNotice', { count: setStatus.data.productsTakenOffShelf })}
        </p>
      )}
      <div className="grid items-start gap-5 xl:grid-cols-2">
        <div className="flex flex-col gap-5">
          <Card title={t('login')}>
            {s.logins.map((l) => (
              <div key={l.id} className="mb-3">
                <Handover loginUrl={s.loginUrl} username={l.username} />
                <ResetPassword userId={l.id} />
              </div>
            ))}
          </Card>
          <EditSupplier supplier={s} onSaved={() => void refresh()} />
          <ProductsChart counts={s.productsByStatus} />
        </div>
        <Assignments supplier={s} onSaved={() => void refresh()} />
      </div>
    </>
  );
}

function ResetPassword({ userId }: { userId: number }) {
  const t = useTranslations('catalog.suppliers');
  const trpc = useTRPC();
  const [password, setPassword] = useState('');
  const reset = useMutation(trpc.admin.staff.resetPassword.mutationOptions({ onSuccess: () => setPassword('') }));
  return (
    <form
      className="mt-2 flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate({ userId, newPassword: password });
      }}
    >
      <Field label={t('newPassword')} htmlFor={`reset-${userId}`}>
        <Input id={`reset-${userId}`} value={password} onChange={(e) => setPassword(e.target.value)} minLength={8} className="w-56" autoComplete="new-password" />
      </Field>
      <Button type="submit" size="sm" variant="secondary" disabled={password.length < 8 || reset.isPending}>
        {t('resetPassword')}
      </Button>
      {reset.isSuccess && <span className="text-sm text-emerald-700">{t('passwordReset')}</span>}
      <ErrorMessage error={reset.error} />
    </form>
  );
}

function EditSupplier({ supplier: s, onSaved }: { supplier: Detail; onSaved: () => void }) {
  const t = useTranslations('catalog.suppliers');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const update = useMutation(trpc.admin.suppliers.update.mutationOptions({ onSuccess: onSaved }));
  return (
    <Card title={t('companyInfo')}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          update.mutate({ id: s.id, name: String(form.get('name')), contactName: String(form.get('contactName')), phone: String(form.get('phone')) });
        }}
      >
        <Field label={t('company')} htmlFor="edit-name">
          <Input id="edit-name" name="name" defaultValue={s.name} required />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('contactName')} htmlFor="edit-contact">
            <Input id="edit-contact" name="contactName" defaultValue={s.contactName} />
          </Field>
          <Field label={t('phone')} htmlFor="edit-phone">
            <Input id="edit-phone" name="phone" defaultValue={s.phone} />
          </Field>
        </div>
        <ErrorMessage error={update.error} />
        {update.isSuccess && <p className="text-sm text-emerald-700">{t('saved')}</p>}
        <Button type="submit" variant="secondary" disabled={update.isPending}>
          {common('save')}
        </Button>
      </form>
    </Card>
  );
}

function Assignments({ supplier: s, onSaved }: { supplier: Detail; onSaved: () => void }) {
  const t = useTranslations('catalog.suppliers');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const options = useQuery(trpc.admin.suppliers.assignmentOptions.queryOptions());
  const [assigned, setAssigned] = useState({ categoryIds: new Set(s.categoryIds), brandIds: new Set(s.brandIds) });
  const save = useMutation(trpc.admin.suppliers.setAssignments.mutationOptions({ onSuccess: onSaved }));
  return (
    <Card title={t('assignments')}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ id: s.id, categoryIds: [...assigned.categoryIds], brandIds: [...assigned.brandIds] });
        }}
      >
        <AssignmentPicker options={options.data} categoryIds={assigned.categoryIds} brandIds={assigned.brandIds} onChange={setAssigned} />
        <ErrorMessage error={save.error} />
        {save.isSuccess && <p className="text-sm text-emerald-700">{t('saved')}</p>}
        <Button type="submit" variant="secondary" disabled={save.isPending}>
          {common('save')}
        </Button>
      </form>
    </Card>
  );
}

function ProductsChart({ counts }: { counts: Partial<Record<(typeof STATUSES)[number], number>> }) {
  const t = useTranslations('catalog.suppliers');
  const ts = useTranslations('catalog.status');
  const format = useFormatter();
  const data = STATUSES.map((s) => ({ status: ts(s), count: counts[s] ?? 0 }));
  return (
    <Card title={t('productsByStatus')}>
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="status" tick={{ fontSize: 11 }} interval={0} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v) => format.number(Number(v))} />
            <Bar dataKey="count" name={t('products')} fill="#2f6fed" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
