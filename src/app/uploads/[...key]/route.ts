import { uploadStore } from '@/server/storage';
import { isValidKey } from '@/server/storage/store';

export const dynamic = 'force-dynamic';

/**
 * Serves an uploaded image at /uploads/<key>. Public, like any product picture a mall shows
 * its shoppers. Keys are random and never reused, so browsers and CDNs may keep them forever.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const key = (await params).key.join('/');
  const object = isValidKey(key) ? await uploadStore().get(key) : null;
  if (!object) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(Buffer.from(object.bytes), {
    headers: {
      'Content-Type': object.contentType,
      'Content-Length': String(object.size),
      'Cache-Control': 'public, max-age=31536000, immutable',
      // The type was checked by the bytes on upload; never let a browser guess another.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
