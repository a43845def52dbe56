/**
 * `GET /api/health`: the process serves requests (for load balancers and monitors). No
 * database and no signature. `npm start`'s server hands it to this handler past Next.js,
 * as it does the open API (server/open-api/direct.ts).
 */
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
