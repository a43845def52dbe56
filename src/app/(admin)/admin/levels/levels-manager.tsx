'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';
import { agreedUnitPrice, formatFen } from '@/lib/money';
import { formatBps, percentToBps } from '@/lib/rates';
import { useTRPC } from '@/lib/trpc/client';

type Level = { id: number; name: string; feeBps: number; rateLimitPerSecond: number; rateLimitBurst: number; distributorCount: number };
type Draft = { name: string; fee: string; perSecond: string; burst: string };

const toDraft = (l?: Level): Draft => ({
  name: l?.name ?? '',
  fee: l ? formatBps(l.feeBps).replace('%', '') : '',
  perSecond: String(l?.rateLimitPerSecond ?? 50),
  burst: String(l?.rateLimitBurst ?? 100),
});

/** A draft as level values, or which of its numbers is off. */
function parseDraft(d: Draft) {
  const feeBps = percentToBps(d.fee);
  const perSecond = Number(d.perSecond);
  const burst = Number(d.burst);
  if (feeBps === null) return { error: 'levels.feeInvalid' as const };
  if (!Number.isInteger(perSecond) || perSecond < 1 || !Number.isInteger(burst) || burst < 1) return { error: 'levels.rateInvalid' as const };
  return { values: { name: d.name, feeBps, rateLimitPerSecond: perSecond, rateLimitBurst: burst } };
}

function LevelForm({ draft, onChange, idPrefix }: { draft: Draft; onChange: (d: Draft) => void; idPrefix: string }) {
  const t = useTranslations('distributors');
  const feeBps = percentToBps(draft.fee);
  return (
    <>
      <Field label={t('levels.name')} htmlFor={`${idPrefix}-name`}>
        <Input id={`${idPrefix}-name`} value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} required maxLength={64} />
      </Field>
      <Field
        label={t('levels.fee')}
        htmlFor={`${idPrefix}-fee`}
        hint={feeBps !== null ? t('levels.feeExample', { agreed: formatFen(agreedUnitPrice(10_000, feeBps), { currency: true }) }) : t('levels.feeHint')}
      >
        <Input id={`${idPrefix}-fee`} inputMode="decimal" value={draft.fee} onChange={(e) => onChange({ ...draft, fee: e.target.value })} required placeholder="5.00" />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t('levels.perSecond')} htmlFor={`${idPrefix}-rps`}>
          <Input id={`${idPrefix}-rps`} type="number" min={1} value={draft.perSecond} onChange={(e) => onChange({ ...draft, perSecond: e.target.value })} />
        </Field>
        <Field label={t('levels.burst')} htmlFor={`${idPrefix}-burst`}>
          <Input id={`${idPrefix}-burst`} type="number" min={1} value={draft.burst} onChange={(e) => onChange({ ...draft, burst: e.target.value })} />
        </Field>
      </div>
    </>
  );
}

export function LevelsManager() {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const levels = useQuery(trpc.admin.levels.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.levels.list.queryKey() });
  const [newDraft, setNewDraft] = useState<Draft>(toDraft());
  const [editing, setEditing] = useState<{ id: number; draft: Draft } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.admin.levels.create.mutationOptions({ onSuccess: () => {
        setNewDraft(toDraft());
        void refresh();
      }, }));
  const update = useMutation(trpc.admin.levels.update.mutationOptions({ onSuccess: () => {
        setEditing(null);
        void refresh();
      }, }));
  const remove = useMutation(trpc.admin.levels.delete.mutationOptions({ onSuccess: () => void refresh() }));

  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-3">
        <ErrorMessage error={levels.error ?? update.error ?? remove.error} />
        {formError && editing && <p className="text-sm text-red-600">{formError}</p>}
        <DataTable
          rows={levels.data ?? []}
          rowKey={(l) => l.id}
          empty={levels.isLoading ? common('loading') : common('empty')}
          columns={[
            {
              key: 'name',
              header: t('levels.name'),
              cell: (l) =>
                editing?.id === l.id ? (
                  <Input aria-label={t('levels.name')} value={editing.draft.name} onChange={(e) => setEditing({ id: l.id, draft: { ...editing.draft, name: e.target.value } })} />
                ) : (
                  <span className="font-medium">{l.name}</span>
                ),
            },
            {
              key: 'fee',
              header: t('levels.fee'),
              cell: (l) =>
                editing?.id === l.id ? (
                  <Input aria-label={t('levels.fee')} className="w-24" value={editing.draft.fee} onChange={(e) => setEditing({ id: l.id, draft: { ...editing.draft, fee: e.target.value } })} />
                ) : (
                  <span className="tabular-nums">{formatBps(l.feeBps)}</span>
                ),
            },
            {
              key: 'rate',
              header: t('levels.rateLimits'),
              cell: (l) =>
                editing?.id === l.id ? (
                  <div className="flex gap-1">
                    <Input aria-label={t('levels.perSecond')} className="w-20" value={editing.draft.perSecond} onChange={(e) => setEditing({ id: l.id, draft: { ...editing.draft, perSecond: e.target.value } })} />
                    <Input aria-label={t('levels.burst')} className="w-20" value={editing.draft.burst} onChange={(e) => setEditing({ id: l.id, draft: { ...editing.draft, burst: e.target.value } })} />
                  </div>
                ) : (
                  <span className="tabular-nums">{t('levels.rateValue', { perSecond: l.rateLimitPerSecond, burst: l.rateLimitBurst })}</span>
                ),
            },
            { key: 'count', header: t('levels.distributors'), className: 'tabular-nums', cell: (l) => l.distributorCount },
            {
              key: 'actions',
              header: common('actions'),
              cell: (l) =>
                editing?.id === l.id ? (
                  <div className="flex gap-1">
                    <Button
                      size="sm"
                      disabled={update.isPending}
                      onClick={() => {
                        const parsed = parseDraft(editing.draft);
                        setFormError(parsed.error ? t(parsed.error) : null);
                        if (!parsed.values) return;
                        const values = parsed.values;
                        if (values.feeBps !== l.feeBps && !window.confirm(t('levels.confirmFeeChange', { count: l.distributorCount, from: formatBps(l.feeBps), to: formatBps(values.feeBps) }))) return;
                        update.mutate({ id: l.id, ...values });
                      }}
                    >
                      {common('save')}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
                      {common('cancel')}
                    </Button>
                  </div>
                ) : (
                  <div className="flex gap-1">
                    <Button size="sm" variant="secondary" onClick={() => {
                        setFormError(null);
                        setEditing({ id: l.id, draft: toDraft(l) });
                      }}>
                      {common('edit')}
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={l.distributorCount > 0 || remove.isPending}
                      title={l.distributorCount > 0 ? t('levels.inUse') : undefined}
                      onClick={() => window.confirm(t('levels.confirmDelete', { name: l.name })) && remove.mutate({ id: l.id })}
                    >
                      {common('delete')}
                    </Button>
                  </div>
                ),
            },
          ]}
        />
        <p className="text-xs text-slate-500">{t('levels.pricingNote')}</p>
      </div>
      <Card title={t('levels.new')}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseDraft(newDraft);
            setFormError(parsed.error ? t(parsed.error) : null);
            if (parsed.values) create.mutate(parsed.values);
          }}
        >
          <LevelForm draft={newDraft} onChange={setNewDraft} idPrefix="new-level" />
          {formError && !editing && <p className="text-sm text-red-600">{formError}</p>}
          <ErrorMessage error={create.error} />
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? common('saving') : common('create')}
          </Button>
        </form>
      </Card>
    </div>
  );
}
