'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { useTRPC } from '@/lib/trpc/client';
import { toggled } from '@/components/catalog/record-controls';

/** Offered to every level, or only to chosen levels and/or chosen distributors. */
export function VisibilityCard({
  id,
  visibility,
  grants,
  onDone,
}: {
  id: number;
  visibility: 'all' | 'restricted';
  grants: { levelIds: number[]; distributorIds: number[] };
  onDone: () => void;
}) {
  const t = useTranslations('catalog.visibility');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const options = useQuery(trpc.admin.products.visibilityOptions.queryOptions());
  const [mode, setMode] = useState(visibility);
  const [levels, setLevels] = useState(new Set(grants.levelIds));
  const [distributors, setDistributors] = useState(new Set(grants.distributorIds));
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.admin.products.setVisibility.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        onDone();
      },
    }),
  );

  return (
    <Card title={t('title')}>
      <form
        className="flex flex-col gap-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate({ id, visibility: mode, levelIds: [...levels], distributorIds: [...distributors] });
        }}
      >
        <label className="flex items-center gap-2">
          <input type="radio" name="visibility" checked={mode === 'all'} onChange={() => setMode('all')} /> {t('all')}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="visibility" checked={mode === 'restricted'} onChange={() => setMode('restricted')} /> {t('restricted')}
        </label>
        {mode === 'restricted' && (
          <div className="flex flex-col gap-3 rounded-md bg-slate-50 p-3">
            <fieldset>
              <legend className="mb-1 font-medium">{t('levels')}</legend>
              {(options.data?.levels ?? []).map((l) => (
                <label key={l.id} className="mr-3 inline-flex items-center gap-1">
                  <input type="checkbox" checked={levels.has(l.id)} onChange={() => setLevels(toggled(levels, l.id))} /> {l.name}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend className="mb-1 font-medium">{t('distributors')}</legend>
              <div className="max-h-40 overflow-y-auto">
                {(options.data?.distributors ?? []).map((d) => (
                  <label key={d.id} className="flex items-center gap-1">
                    <input type="checkbox" checked={distributors.has(d.id)} onChange={() => setDistributors(toggled(distributors, d.id))} />
                    <span className="font-mono text-xs">{d.code}</span> {d.name}
                    {d.status === 'disabled' && <span className="text-xs text-slate-500">（{common('disabled')}）</span>}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
        )}
        <ErrorMessage error={save.error} />
        {saved && <p className="text-emerald-700" role="status">{t('saved')}</p>}
        <Button type="submit" variant="secondary" disabled={save.isPending}>
          {common('save')}
        </Button>
      </form>
    </Card>
  );
}
