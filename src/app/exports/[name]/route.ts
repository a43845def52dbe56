import { cookies } from 'next/headers';
import { LOCALE_COOKIE, toLocale } from '@/i18n/config';
import { getSessionIdentity } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { DomainError } from '@/server/domain/errors';
import { prepareExport } from '@/server/domain/exports/registry';
import { exportResponse } from '@/server/exports/response';

export const dynamic = 'force-dynamic';

/**
 * GET /exports/<name>?format=csv|xlsx&<filters>: a download of the signed-in person's own
 * data (staff: everyone's), streamed from the database as it is written. The names and
 * filters are in src/server/domain/exports/registry.ts.
 */
export async function GET(req: Request, { params }: { params: Promise<{ name: string }> }) {
  const identity = await getSessionIdentity();
  if (!identity) return new Response('Sign in first', { status: 401 });
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  try {
    const { doc, format } = await prepareExport({ db: getDb(), actor: identity.actor }, (await params).name, new URL(req.url).searchParams, locale);
    return exportResponse(doc, format);
  } catch (e) {
    if (e instanceof DomainError) return new Response(e.message, { status: e.httpStatus, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    throw e;
  }
}
