'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Textarea } from '@/components/ui/input';
import { useTRPC } from '@/lib/trpc/client';

/** Whitelist entries as typed: one per line, or separated by spaces or commas. */
export const splitEntries = (text: string) => text.split(/[\s,，]+/).map((s) => s.trim()).filter(Boolean);

/**
 * The mall's callback URL and the IP whitelist of its servers. Staff edit any
 * distributor's (with `distributorId`); a distributor edits its own. An empty whitelist is
 * allowed but admits nobody, and the form says so before it is saved.
 */
export function BindingEditor({ distributorId, callbackUrl, ipWhitelist }: { distributorId?: number; callbackUrl: string | null; ipWhitelist: string[] }) {
  const t = useTranslations('distributors');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(callbackUrl ?? '');
  const [whitelist, setWhitelist] = useState(ipWhitelist.join('\n'));
  const [saved, setSaved] = useState(false);
  const onSuccess = (row: { callbackUrl: string | null; ipWhitelist: string[] }) => {
    setUrl(row.callbackUrl ?? '');
    setWhitelist(row.ipWhitelist.join('\n'));
    setSaved(true);
    void queryClient.invalidateQueries({ queryKey: distributorId ? trpc.admin.distributors.pathKey() : trpc.distributor.binding.pathKey() });
  };
  const staffSave = useMutation(trpc.admin.distributors.updateBinding.mutationOptions({ onSuccess }));
  const ownSave = useMutation(trpc.distributor.binding.update.mutationOptions({ onSuccess }));
  const saving = staffSave.isPending || ownSave.isPending;
  const entries = splitEntries(whitelist);

  return (
    <form
      className="flex flex-col gap-3"
      data-testid="binding-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const input = { callbackUrl: url.trim() || null, ipWhitelist: entries };
        if (distributorId) staffSave.mutate({ id: distributorId, ...input });
        else ownSave.mutate(input);
      }}
    >
      <Field label={t('fields.callbackUrl')} htmlFor="binding-callback" hint={t('binding.callbackHint')}>
        <Input id="binding-callback" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
      </Field>
      <Field label={t('fields.ipWhitelist')} htmlFor="binding-whitelist" hint={t('binding.whitelistHint')}>
        <Textarea id="binding-whitelist" rows={4} value={whitelist} onChange={(e) => setWhitelist(e.target.value)} className="font-mono" placeholder={'203.0.113.10\n198.51.100.0/24\n2001:db8::/32'} />
      </Field>
      {entries.length === 0 && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="empty-whitelist-warning">
          {t('binding.emptyWhitelistWarning')}
        </p>
      )}
      <ErrorMessage error={staffSave.error ?? ownSave.error} />
      {saved && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
          {t('binding.saved')}
        </p>
      )}
      <div>
        <Button type="submit" disabled={saving}>
          {saving ? common('saving') : common('save')}
        </Button>
      </div>
    </form>
  );
}
