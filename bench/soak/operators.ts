import { TRPCClientError } from '@trpc/client';
import type { portalSession } from '../../scripts/lib/portal-session';

type Portal = Awaited<ReturnType<typeof portalSession>>;

/**
 * The people at the portals during the soak, each through its own portal's procedures:
 * staff ship the platform's packages of paid orders and restock platform products that
 * ran low; each supplier ships its own packages and keeps its products' stock up.
 */

export type OperatorRecord = { shipped: number; restocked: number; surprises: string[] };

type Shipper = {
  list: (input: { toShip: true; pageSize: number }) => Promise<{ rows: { orderNo: string }[] }>;
  ship: (input: { orderNo: string; carrier: '顺丰' | '中通'; trackingNo: string }) => Promise<{ outcome: string }>;
};

export function staffShipper(portal: Portal): Shipper {
  return { list: (input) => portal.admin.orders.list.query(input), ship: (input) => portal.admin.orders.ship.mutate(input) };
}

export function supplierShipper(portal: Portal): Shipper {
  return { list: (input) => portal.supplier.orders.list.query(input), ship: (input) => portal.supplier.orders.ship.mutate(input) };
}

/** A code a refusal carries (the domain's), or null for a failure to reach the server. */
function refusalCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) throw error;
  const data = error.data as { domainCode?: string | null; code?: string } | undefined;
  return data?.domainCode ?? data?.code ?? null;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runShipper(options: { name: string; shipper: Shipper; until: () => boolean; record: OperatorRecord; restock?: () => Promise<number> }) {
  const { shipper, record } = options;
  let round = 0;
  while (!options.until()) {
    round++;
    try {
      const { rows } = await shipper.list({ toShip: true, pageSize: 50 });
      for (const { orderNo } of rows) {
        if (options.until()) break;
        try {
          const shipped = await shipper.ship({ orderNo, carrier: round % 2 ? '顺丰' : '中通', trackingNo: `SOAK${orderNo.slice(-8)}` });
          if (shipped.outcome === 'shipped') record.shipped++;
        } catch (e) {
          // Refunded while on the list: the refund won the order's lock. Anything else is a surprise.
          const code = refusalCode(e);
          if (code === null) break;
          if (code !== 'INVALID_STATE') record.surprises.push(`${options.name} ship ${orderNo}: ${code} ${(e as Error).message}`);
        }
      }
      if (options.restock) record.restocked += await options.restock();
    } catch (e) {
      // The server is down (killed and restarting): try again shortly, as a person would.
      if (refusalCode(e) !== null) record.surprises.push(`${options.name}: ${(e as Error).message}`);
    }
    await pause(300);
  }
}
