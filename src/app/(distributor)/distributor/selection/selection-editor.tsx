'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { useTRPC } from '@/lib/trpc/client';

type Category = { id: number; name: string; parentId: number | null; offeredCount: number };
type Selection = { mode: 'category' | 'brand'; categoryIds: number[]; brandIds: number[] };

/** Products offered in a category and everything below it. */
function treeCount(c: Category, children: Map<number | null, Category[]>): number {
  return c.offeredCount + (children.get(c.id) ?? []).reduce((n, child) => n + treeCount(child, children), 0);
}

function Check({ checked, disabled, onChange, label, count }: { checked: boolean; disabled?: boolean; onChange: (v: boolean) => void; label: string; count: number }) {
  const t = useTranslations('distributors');
  return (
    <label className={`flex items-center gap-2 py-1 text-sm ${disabled ? 'text-slate-500' : ''}`}>
      <input type="checkbox" className="h-4 w-4 accent-brand-600" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
      <span className="text-xs text-slate-500">{t('selection.offered', { count })}</span>
    </label>
  );
}

/** 选品: choose to sync by category or by brand, and which ones. */
export function SelectionEditor() {
  const trpc = useTRPC();
  const current = useQuery(trpc.distributor.selection.get.queryOptions());
  if (!current.data) return <ErrorMessage error={current.error} />;
  return <SelectionForm key={current.dataUpdatedAt} data={current.data} />;
}

function SelectionForm({ data }: { data: Selection & { categories: Category[]; brands: { id: number; name: string; offeredCount: number }[] } }) {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Selection>({ mode: data.mode, categoryIds: data.categoryIds, brandIds: data.brandIds });
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.distributor.selection.set.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.distributor.pathKey() });
      },
    }),
  );
  const children = new Map<number | null, Category[]>();
  for (const c of data.categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const chosen = new Set(draft.categoryIds);
  const toggle = (list: 'categoryIds' | 'brandIds', id: number, on: boolean) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [list]: on ? [...d[list], id] : d[list].filter((x) => x !== id) }));
  };

  const renderCategory = (c: Category, depth: number, parentChosen: boolean): ReactNode => (
    <div key={c.id} style={{ paddingLeft: depth * 20 }}>
      <Check
        label={c.name}
        count={treeCount(c, children)}
        checked={parentChosen || chosen.has(c.id)}
        disabled={parentChosen || draft.mode !== 'category'}
        onChange={(on) => toggle('categoryIds', c.id, on)}
      />
      {(children.get(c.id) ?? []).map((child) => renderCategory(child, depth + 1, parentChosen || chosen.has(c.id)))}
    </div>
  );

  return (
    <div className="flex flex-col gap-5">
      <Card title={t('selection.mode')}>
        <div className="flex flex-col gap-2 text-sm" role="radiogroup">
          {(['category', 'brand'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-2">
              <input
                type="radio"
                name="mode"
                className="accent-brand-600"
                checked={draft.mode === mode}
                onChange={() => {
                  setSaved(false);
                  setDraft((d) => ({ ...d, mode }));
                }}
              />
              <span className="font-medium">{t(`selection.by.${mode}`)}</span>
              <span className="text-slate-500">{t(`selection.byHint.${mode}`)}</span>
            </label>
          ))}
        </div>
      </Card>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title={t('selection.categories')} className={draft.mode === 'category' ? '' : 'border-dashed'}>
          <div data-testid="selection-categories">{(children.get(null) ?? []).map((c) => renderCategory(c, 0, false))}</div>
        </Card>
        <Card title={t('selection.brands')} className={draft.mode === 'brand' ? '' : 'border-dashed'}>
          <div data-testid="selection-brands">
            {data.brands.map((b) => (
              <Check key={b.id} label={b.name} count={b.offeredCount} checked={draft.brandIds.includes(b.id)} disabled={draft.mode !== 'brand'} onChange={(on) => toggle('brandIds', b.id, on)} />
            ))}
          </div>
        </Card>
      </div>
      {(draft.mode === 'category' ? draft.categoryIds : draft.brandIds).length === 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="note">
          {t('selection.emptyWarning')}
        </p>
      )}
      <ErrorMessage error={save.error} />
      {saved && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
          {t('selection.saved')}
        </p>
      )}
      <div>
        <Button onClick={() => save.mutate(draft)} disabled={save.isPending}>
          {save.isPending ? common('saving') : common('save')}
        </Button>
      </div>
    </div>
  );
}
