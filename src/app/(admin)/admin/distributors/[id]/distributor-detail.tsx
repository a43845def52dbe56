'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { BindingEditor } from '@/components/distributors/binding-editor';
import { CredentialsPanel } from '@/components/distributors/credentials-panel';
import { Badge, Card, PageHeader, Stat } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { BalanceChart } from '@/components/wallet/balance-chart';
import { LedgerPanel } from '@/components/wallet/ledger-panel';
import { MonthlyStatements } from '@/components/wallet/monthly-statements';
import { formatFen } from '@/lib/money';
import { randomPassword } from '@/lib/random-password';
import { formatBps } from '@/lib/rates';
import { useTRPC } from '@/lib/trpc/client';
import { WalletActions } from './wallet-actions';

type Detail = NonNullable<ReturnType<typeof useDetail>['data']>;

function useDetail(id: number) {
  const trpc = useTRPC();
  return useQuery(trpc.admin.distributors.get.queryOptions({ id }));
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
}

function ProfileForm({ d }: { d: Detail }) {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.admin.distributors.updateProfile.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void refresh();
      },
    }),
  );
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const form = new FormData(e.currentTarget);
        save.mutate({ id: d.id, name: String(form.get('name')), contactName: String(form.get('contactName')), phone: String(form.get('phone')) });
      }}
    >
      <Field label={t('fields.name')} htmlFor="profile-name">
        <Input id="profile-name" name="name" defaultValue={d.name} required maxLength={128} />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t('fields.contactName')} htmlFor="profile-contact">
          <Input id="profile-contact" name="contactName" defaultValue={d.contactName} maxLength={64} />
        </Field>
        <Field label={t('fields.phone')} htmlFor="profile-phone">
          <Input id="profile-phone" name="phone" defaultValue={d.phone} maxLength={32} />
        </Field>
      </div>
      <ErrorMessage error={save.error} />
      {saved && <p className="text-sm text-emerald-700">{t('detail.saved')}</p>}
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? common('saving') : common('save')}
        </Button>
      </div>
    </form>
  );
}

function LevelAndLimits({ d }: { d: Detail }) {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const refresh = useRefresh();
  const levels = useQuery(trpc.admin.levels.list.queryOptions());
  const [levelId, setLevelId] = useState(d.levelId);
  const [perSecond, setPerSecond] = useState(d.rateLimitPerSecond?.toString() ?? '');
  const [burst, setBurst] = useState(d.rateLimitBurst?.toString() ?? '');
  const changeLevel = useMutation(trpc.admin.distributors.changeLevel.mutationOptions({ onSuccess: () => void refresh() }));
  const setLimits = useMutation(trpc.admin.distributors.setRateLimits.mutationOptions({ onSuccess: () => void refresh() }));
  const target = levels.data?.find((l) => l.id === levelId);
  const orNull = (s: string) => (s.trim() === '' ? null : Number(s));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-end gap-2">
        <Field label={t('fields.level')} htmlFor="detail-level">
          <Select id="detail-level" value={levelId} onChange={(e) => setLevelId(Number(e.target.value))} className="w-56">
            {levels.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}（{formatBps(l.feeBps)}）
              </option>
            ))}
          </Select>
        </Field>
        <Button
          variant="secondary"
          disabled={levelId === d.levelId || changeLevel.isPending}
          onClick={() => target && window.confirm(t('detail.confirmLevel', { level: target.name, fee: formatBps(target.feeBps) })) && changeLevel.mutate({ id: d.id, levelId })}
        >
          {t('detail.changeLevel')}
        </Button>
      </div>
      <form
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setLimits.mutate({ id: d.id, rateLimitPerSecond: orNull(perSecond), rateLimitBurst: orNull(burst) });
        }}
      >
        <div className="grid grid-cols-2 gap-2">
          <Field label={t('levels.perSecond')} htmlFor="detail-rps" hint={t('detail.levelDefault', { value: d.levelRateLimitPerSecond })}>
            <Input id="detail-rps" type="number" min={1} value={perSecond} onChange={(e) => setPerSecond(e.target.value)} placeholder={String(d.levelRateLimitPerSecond)} />
          </Field>
          <Field label={t('levels.burst')} htmlFor="detail-burst" hint={t('detail.levelDefault', { value: d.levelRateLimitBurst })}>
            <Input id="detail-burst" type="number" min={1} value={burst} onChange={(e) => setBurst(e.target.value)} placeholder={String(d.levelRateLimitBurst)} />
          </Field>
        </div>
        <p className="text-xs text-slate-500">{t('detail.rateHint')}</p>
        <div>
          <Button type="submit" variant="secondary" disabled={setLimits.isPending}>
            {common('save')}
          </Button>
        </div>
      </form>
      <ErrorMessage error={changeLevel.error ?? setLimits.error ?? levels.error} />
    </div>
  );
}

function PortalLogins({ d }: { d: Detail }) {
  const t = useTranslations('distributors');
  const format = useFormatter();
  const trpc = useTRPC();
  const [notice, setNotice] = useState<string | null>(null);
  const reset = useMutation(trpc.admin.staff.resetPassword.mutationOptions());
  return (
    <div className="flex flex-col gap-2">
      {d.logins.map((login) => (
        <div key={login.userId} className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-mono">{login.username}</span>
          <span className="text-slate-500">
            {login.lastLoginAt ? t('detail.lastLogin', { time: format.dateTime(login.lastLoginAt, { dateStyle: 'short', timeStyle: 'short' }) }) : t('detail.neverLoggedIn')}
          </span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              const next = window.prompt(t('detail.newPassword'), randomPassword());
              if (next) reset.mutate({ userId: login.userId, newPassword: next }, { onSuccess: () => setNotice(t('detail.passwordReset', { username: login.username, password: next })) });
            }}
          >
            {t('detail.resetPassword')}
          </Button>
        </div>
      ))}
      <ErrorMessage error={reset.error} />
      {notice && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{notice}</p>}
      <p className="text-xs text-slate-500">{t('detail.loginHint')}</p>
    </div>
  );
}

/** Test mode (测试模式): orders reserve and pay from copies, never live stock or money. */
function SandboxMode({ id, sandbox }: { id: number; sandbox: boolean }) {
  const t = useTranslations('distributors.sandbox');
  const trpc = useTRPC();
  const refresh = useRefresh();
  const set = useMutation(trpc.admin.distributors.setSandbox.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <div data-testid="sandbox-mode" className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${sandbox ? 'border-amber-300 bg-amber-50 text-amber-900' : 'border-slate-200 bg-white text-slate-700'}`}>
      <Badge tone={sandbox ? 'yellow' : 'gray'}>{sandbox ? t('on') : t('off')}</Badge>
      <span className="flex-1">{sandbox ? t('onNote') : t('offNote')}</span>
      <Button size="sm" variant="secondary" disabled={set.isPending} onClick={() => set.mutate({ id, sandbox: !sandbox })}>
        {sandbox ? t('switchOff') : t('switchOn')}
      </Button>
      <ErrorMessage error={set.error} />
    </div>
  );
}

export function DistributorDetail({ id }: { id: number }) {
  const t = useTranslations('distributors');
  const statement = useTranslations('finance.statement');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const refresh = useRefresh();
  const detail = useDetail(id);
  const binding = useQuery(trpc.admin.distributors.binding.queryOptions({ id }));
  const setStatus = useMutation(trpc.admin.distributors.setStatus.mutationOptions({ onSuccess: () => void refresh() }));
  const d = detail.data;

  if (!d) {
    return (
      <div className="flex flex-col gap-3">
        <Link href="/admin/distributors" className="text-sm text-brand-700 hover:underline">
          ← {t('detail.back')}
        </Link>
        <ErrorMessage error={detail.error} />
        {detail.isLoading && <p className="text-sm text-slate-500">{common('loading')}</p>}
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-5">
      <Link href="/admin/distributors" className="text-sm text-brand-700 hover:underline">
        ← {t('detail.back')}
      </Link>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <span className="font-mono">{d.code}</span> {d.name}
            <Badge tone={d.status === 'active' ? 'green' : 'gray'}>{common(d.status)}</Badge>
          </span>
        }
        description={t('detail.intro')}
        actions={
          <Button
            variant={d.status === 'active' ? 'danger' : 'primary'}
            disabled={setStatus.isPending}
            onClick={() => {
              if (d.status === 'active' && !window.confirm(t('detail.confirmDisable', { code: d.code }))) return;
              setStatus.mutate({ id: d.id, status: d.status === 'active' ? 'disabled' : 'active' });
            }}
          >
            {d.status === 'active' ? t('detail.disable') : t('detail.enable')}
          </Button>
        }
      />
      <ErrorMessage error={setStatus.error} />
      {d.status === 'disabled' && <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-700">{t('detail.disabledNote')}</p>}
      <SandboxMode id={d.id} sandbox={d.sandbox} />

      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Stat label={t('fields.balance')} value={<span data-testid="detail-balance">{formatFen(d.balance, { currency: true })}</span>} />
        <Stat label={t('fields.level')} value={d.levelName} hint={formatBps(d.feeBps)} />
        <Stat label={t('detail.effectiveRate')} value={t('levels.rateValue', { perSecond: d.rateLimitPerSecond ?? d.levelRateLimitPerSecond, burst: d.rateLimitBurst ?? d.levelRateLimitBurst })} />
      </div>

      <div className="grid gap-5 lg:grid-cols-2">
        <Card title={t('detail.profile')}>
          <ProfileForm key={`${d.name}|${d.contactName}|${d.phone}`} d={d} />
        </Card>
        <Card title={t('detail.levelAndLimits')}>
          <LevelAndLimits key={`${d.levelId}|${d.rateLimitPerSecond}|${d.rateLimitBurst}`} d={d} />
        </Card>
        <Card title={t('detail.credentials')}>
          {binding.data ? <CredentialsPanel credentials={binding.data} distributorId={d.id} /> : <ErrorMessage error={binding.error} />}
        </Card>
        <Card title={t('detail.binding')}>
          {binding.data && <BindingEditor key={binding.data.ipWhitelist.join() + binding.data.callbackUrl} distributorId={d.id} callbackUrl={binding.data.callbackUrl} ipWhitelist={binding.data.ipWhitelist} />}
        </Card>
        <Card title={t('detail.logins')}>
          <PortalLogins d={d} />
        </Card>
        <Card title={t('detail.wallet')}>
          <WalletActions distributorId={d.id} balance={d.balance} />
        </Card>
      </div>
      <BalanceChart scope="staff" distributorId={d.id} />
      <Card title={t('detail.ledger')}>
        <LedgerPanel scope="staff" distributorId={d.id} />
      </Card>
      <Card title={statement('title')}>
        <MonthlyStatements scope="staff" distributorId={d.id} />
      </Card>
    </div>
  );
}
