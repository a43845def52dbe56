'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { splitEntries } from '@/components/distributors/binding-editor';
import { SecretsOnce } from '@/components/distributors/secrets-once';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select, Textarea } from '@/components/ui/input';
import { randomPassword } from '@/lib/random-password';
import { formatBps } from '@/lib/rates';
import { useTRPC } from '@/lib/trpc/client';

type Created = { id: number; code: string; username: string; password: string; appKey: string; secret: string; webhookSecret: string };

/** Staff create a distributor: its portal login and, shown once, its API credentials. */
export function CreateDistributor({ levels }: { levels: { id: number; name: string; feeBps: number }[] }) {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const [whitelist, setWhitelist] = useState('');
  const create = useMutation(trpc.admin.accounts.createDistributor.mutationOptions());

  if (created) {
    return (
      <SecretsOnce
        items={[
          { key: 'code', label: t('fields.code'), value: created.code },
          { key: 'username', label: t('fields.username'), value: created.username },
          { key: 'password', label: t('fields.password'), value: created.password },
          { key: 'appKey', label: t('fields.appKey'), value: created.appKey },
          { key: 'secret', label: t('fields.secret'), value: created.secret },
          { key: 'webhookSecret', label: t('fields.webhookSecret'), value: created.webhookSecret },
        ]}
        onDone={() => setCreated(null)}
      >
        <Link href={`/admin/distributors/${created.id}`} className="text-sm text-brand-700 hover:underline">
          {t('create.openDetail')}
        </Link>
      </SecretsOnce>
    );
  }

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const callbackUrl = String(form.get('callbackUrl')).trim();
        create.mutate(
          {
            name: String(form.get('name')),
            levelId: Number(form.get('levelId')),
            contactName: String(form.get('contactName')),
            phone: String(form.get('phone')),
            username: String(form.get('username')),
            password,
            callbackUrl: callbackUrl || null,
            ipWhitelist: splitEntries(whitelist),
          },
          {
            onSuccess: (result) => {
              setCreated({ ...result, password });
              setPassword('');
              setWhitelist('');
              void queryClient.invalidateQueries({ queryKey: trpc.admin.distributors.pathKey() });
            },
          },
        );
      }}
    >
      <Field label={t('fields.name')} htmlFor="new-distributor-name">
        <Input id="new-distributor-name" name="name" required maxLength={128} />
      </Field>
      <Field label={t('fields.level')} htmlFor="new-distributor-level">
        <Select id="new-distributor-level" name="levelId" required>
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}（{formatBps(l.feeBps)}）
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t('fields.contactName')} htmlFor="new-distributor-contact">
          <Input id="new-distributor-contact" name="contactName" maxLength={64} />
        </Field>
        <Field label={t('fields.phone')} htmlFor="new-distributor-phone">
          <Input id="new-distributor-phone" name="phone" maxLength={32} />
        </Field>
      </div>
      <Field label={t('fields.username')} htmlFor="new-distributor-username" hint={t('create.usernameHint')}>
        <Input id="new-distributor-username" name="username" required />
      </Field>
      <Field label={t('fields.password')} htmlFor="new-distributor-password">
        <div className="flex gap-2">
          <Input id="new-distributor-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} />
          <Button variant="secondary" className="whitespace-nowrap" onClick={() => setPassword(randomPassword())}>
            {t('create.generate')}
          </Button>
        </div>
      </Field>
      <Field label={t('fields.callbackUrl')} htmlFor="new-distributor-callback" hint={t('binding.callbackHint')}>
        <Input id="new-distributor-callback" name="callbackUrl" type="url" placeholder="https://" />
      </Field>
      <Field label={t('fields.ipWhitelist')} htmlFor="new-distributor-whitelist" hint={t('binding.whitelistHint')}>
        <Textarea id="new-distributor-whitelist" rows={3} value={whitelist} onChange={(e) => setWhitelist(e.target.value)} placeholder={'203.0.113.10\n198.51.100.0/24'} />
      </Field>
      {splitEntries(whitelist).length === 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800" role="note">
          {t('binding.emptyWhitelistWarning')}
        </p>
      )}
      <ErrorMessage error={create.error} />
      <Button type="submit" disabled={create.isPending || levels.length === 0}>
        {create.isPending ? common('saving') : t('create.submit')}
      </Button>
      {levels.length === 0 && <p className="text-xs text-slate-500">{t('create.needLevel')}</p>}
    </form>
  );
}
