import { cookies } from 'next/headers';
import { getSessionIdentity } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { exportProductsCsv } from '@/server/domain/catalog/csv';
import { productListInput } from '@/server/domain/catalog/schemas';
import { LOCALE_COOKIE } from '@/i18n/config';
import { chinaDay } from '@/lib/china-time';

export const dynamic = 'force-dynamic';

/**
 * GET /admin/products/export?q=&status=&categoryId=&brandId=&owner= : the staff product list
 * with these filters as CSV, streamed (it may be the whole pool of 100,000 products).
 */
export async function GET(req: Request) {
  const identity = await getSessionIdentity();
  if (!identity) return new Response('Sign in first', { status: 401 });
  if (identity.actor.kind !== 'staff') return new Response('Forbidden', { status: 403 });
  const params = new URL(req.url).searchParams;
  const num = (name: string) => (params.get(name) ? Number(params.get(name)) : null);
  const parsed = productListInput.safeParse({
    q: params.get('q') ?? '',
    status: params.get('status') || null,
    categoryId: num('categoryId'),
    brandId: num('brandId'),
    owner: params.get('owner') === 'platform' ? 'platform' : num('owner'),
  });
  if (!parsed.success) return new Response('Bad filters', { status: 400 });
  const lang = (await cookies()).get(LOCALE_COOKIE)?.value === 'en' ? 'en' : 'zh';
  const chunks = exportProductsCsv({ db: getDb(), actor: identity.actor }, parsed.data, lang);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  const stamp = chinaDay();
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="products-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
