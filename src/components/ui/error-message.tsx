'use client';

import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'next-intl';

type ErrorData = { domainCode?: string | null; details?: ({ field?: string } & Record<string, unknown>) | null; fieldErrors?: Record<string, string[]> | null };

/** An error's details as message values, so a message can name them (e.g. the bad whitelist entries). */
function messageValues(details: Record<string, unknown> | null | undefined): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.join(', ');
  }
  return values;
}

/**
 * Words an error from a procedure in the person's language: by field and code when the
 * messages know that combination, by code otherwise, with the server's own message as detail.
 */
export function useDescribeError() {
  const t = useTranslations('errors');
  return (error: unknown): string => {
    if (!(error instanceof TRPCClientError)) return t('codes.UNKNOWN');
    const data = (error.data ?? {}) as ErrorData;
    const code = data.domainCode ?? null;
    const field = data.details?.field;
    // A new password breaking a rule of the password policy (domain/accounts/password-policy.ts).
    const rule = data.details?.rule;
    if (code === 'INVALID_REQUEST' && typeof rule === 'string' && t.has(`passwordRules.${rule}`)) return t(`passwordRules.${rule}`, messageValues(data.details));
    if (code && field && t.has(`fields.${field}.${code}`)) return t(`fields.${field}.${code}`, messageValues(data.details));
    if (data.fieldErrors && Object.keys(data.fieldErrors).length) {
      return Object.entries(data.fieldErrors)
        .map(([f, messages]) => `${t('invalidField', { field: f })}: ${(messages ?? []).join('; ')}`)
        .join('\n');
    }
    if (code && t.has(`codes.${code}`)) return `${t(`codes.${code}`)}（${error.message}）`;
    return error.message || t('codes.UNKNOWN');
  };
}

export function ErrorMessage({ error }: { error: unknown }) {
  const describe = useDescribeError();
  if (!error) return null;
  return (
    <div role="alert" className="whitespace-pre-line rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {describe(error)}
    </div>
  );
}
