'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { randomPassword } from '@/lib/random-password';
import { useTRPC } from '@/lib/trpc/client';

export function StaffAccounts({ currentUserId }: { currentUserId: number }) {
  const t = useTranslations('accounts');
  const common = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.staff.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.staff.list.queryKey() });

  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const create = useMutation(
    trpc.admin.staff.create.mutationOptions({
      onSuccess: (user) => {
        setNotice(t('created', { username: user.username }));
        void invalidate();
      },
    }),
  );
  const setStatus = useMutation(trpc.admin.staff.setStatus.mutationOptions({ onSuccess: () => void invalidate() }));
  const reset = useMutation(trpc.admin.staff.resetPassword.mutationOptions({ onSuccess: () => setNotice(t('passwordReset')) }));

  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-3">
        {notice && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{notice}</p>}
        <ErrorMessage error={list.error ?? setStatus.error ?? reset.error} />
        <DataTable
          rows={list.data ?? []}
          rowKey={(u) => u.id}
          empty={list.isLoading ? common('loading') : common('empty')}
          columns={[
            { key: 'username', header: t('username'), cell: (u) => <span className="font-mono">{u.username}{u.id === currentUserId ? t('you') : ''}</span> },
            { key: 'name', header: t('displayName'), cell: (u) => u.displayName },
            { key: 'status', header: common('status'), cell: (u) => <Badge tone={u.status === 'active' ? 'green' : 'gray'}>{common(u.status)}</Badge> },
            { key: 'login', header: t('lastLogin'), cell: (u) => (u.lastLoginAt ? format.dateTime(u.lastLoginAt, { dateStyle: 'short', timeStyle: 'short' }) : t('never')) },
            {
              key: 'actions',
              header: common('actions'),
              cell: (u) =>
                u.id === currentUserId ? null : (
                  <div className="flex gap-1">
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        if (u.status === 'active' && !window.confirm(t('confirmDisable', { username: u.username }))) return;
                        setStatus.mutate({ userId: u.id, status: u.status === 'active' ? 'disabled' : 'active' });
                      }}
                    >
                      {u.status === 'active' ? common('disable') : common('enable')}
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        const next = window.prompt(t('newPassword'), randomPassword());
                        if (next) reset.mutate({ userId: u.id, newPassword: next });
                      }}
                    >
                      {t('resetPassword')}
                    </Button>
                  </div>
                ),
            },
          ]}
        />
      </div>
      <Card title={t('newStaff')}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setNotice(null);
            create.mutate({
              username: String(form.get('username')),
              displayName: String(form.get('displayName')),
              password,
            });
          }}
        >
          <Field label={t('username')} htmlFor="new-username">
            <Input id="new-username" name="username" required />
          </Field>
          <Field label={t('displayName')} htmlFor="new-displayName">
            <Input id="new-displayName" name="displayName" />
          </Field>
          <Field label={t('initialPassword')} htmlFor="new-password" hint={t('passwordHint')}>
            <div className="flex gap-2">
              <Input id="new-password" name="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} />
              <Button variant="secondary" onClick={() => setPassword(randomPassword())}>
                {t('generate')}
              </Button>
            </div>
          </Field>
          <ErrorMessage error={create.error} />
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? common('saving') : common('create')}
          </Button>
        </form>
      </Card>
    </div>
  );
}
