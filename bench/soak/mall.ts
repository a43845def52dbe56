import { MallClient, OpenApiError, type Order } from '@/mall-client';

/**
 * A mall server at work against the hub, through the typed client as a mall would use it:
 * orders of one to three shared products (quantities up to 3), then paid, cancelled,
 * refunded, confirmed on receipt, or left unpaid to expire, with retries of the same
 * mallOrderNo (same body: the same order back; another body: refused). It keeps its own
 * record of what the hub told it, to hold against the database afterwards.
 */

export type ToldOrder = {
  orderNo: string;
  mallOrderNo: string;
  distributorCode: string;
  items: { productId: number; quantity: number }[];
  paid?: boolean;
  cancelled?: boolean;
  refunded?: boolean;
  completed?: boolean;
  leftUnpaid?: boolean;
};

/** What a client saw that the contract does not allow. */
export type Surprise = { mallOrderNo: string; what: string };

export type MallRecord = {
  told: ToldOrder[];
  surprises: Surprise[];
  /** Requests the client gave up on after its retries (the servers were gone too long). */
  gaveUp: { mallOrderNo: string; step: string; error: string }[];
};

const RECEIVER = { name: '压测用户', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' };

/** The answers a request may legitimately get under this load (stock runs out; states move on). */
const EXPECTED_REFUSALS = new Set(['OUT_OF_STOCK', 'PRODUCT_UNAVAILABLE', 'INVALID_STATE']);

export async function runMall(options: {
  client: MallClient;
  distributorCode: string;
  tag: string;
  productIds: number[];
  until: () => boolean;
  random: () => number;
  record: MallRecord;
}) {
  const { client, random, record } = options;
  const pick = (n: number) => Math.floor(random() * n);
  const toConfirm: ToldOrder[] = [];
  let seq = 0;

  /** Runs one request; a refusal the contract allows is an answer, anything else is noted. */
  async function attempt<T>(mallOrderNo: string, step: string, call: () => Promise<T>): Promise<T | OpenApiError | null> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof OpenApiError) {
        if (!EXPECTED_REFUSALS.has(error.code)) record.surprises.push({ mallOrderNo, what: `${step}: ${error.message}` });
        return error;
      }
      record.gaveUp.push({ mallOrderNo, step, error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  while (!options.until()) {
    const mallOrderNo = `${options.tag}-${++seq}`;
    const chosen = [...options.productIds].sort(() => random() - 0.5).slice(0, 1 + pick(Math.min(3, options.productIds.length)));
    const request = { mallOrderNo, items: chosen.map((productId) => ({ productId, quantity: 1 + pick(3) })), receiver: RECEIVER, remark: '' };
    const created = await attempt(mallOrderNo, 'create', () => client.createOrder(request));
    if (!created || created instanceof OpenApiError) {
      await confirmOne();
      continue;
    }
    const told: ToldOrder = { orderNo: created.order.orderNo, mallOrderNo, distributorCode: options.distributorCode, items: request.items };
    record.told.push(told);
    if (!sameItems(created.order, request.items)) record.surprises.push({ mallOrderNo, what: 'created with other items than asked' });

    // The mall retries the same order number, as after a lost answer.
    const retry = random();
    if (retry < 0.1) {
      const again = await attempt(mallOrderNo, 'retry create (same body)', () => client.createOrder(request));
      if (again && !(again instanceof OpenApiError) && (again.created || again.order.orderNo !== told.orderNo)) {
        record.surprises.push({ mallOrderNo, what: `the same body again made ${again.created ? 'a new order' : `order ${again.order.orderNo}`}` });
      }
    } else if (retry < 0.15) {
      const other = { ...request, items: request.items.map((i, k) => (k === 0 ? { ...i, quantity: i.quantity + 1 } : i)) };
      try {
        const wrong = await client.createOrder(other);
        record.surprises.push({ mallOrderNo, what: `another body under the same mallOrderNo was accepted (${wrong.order.orderNo})` });
      } catch (e) {
        if (!(e instanceof OpenApiError && e.status === 409 && e.code === 'IDEMPOTENCY_CONFLICT')) {
          if (e instanceof OpenApiError) record.surprises.push({ mallOrderNo, what: `another body: ${e.message}` });
          else record.gaveUp.push({ mallOrderNo, step: 'retry create (other body)', error: String(e) });
        }
      }
    }

    const fate = random();
    if (fate < 0.12) {
      told.leftUnpaid = true;
    } else if (fate < 0.22) {
      const cancelled = await attempt(mallOrderNo, 'cancel', () => client.cancel(told.orderNo));
      if (cancelled && !(cancelled instanceof OpenApiError)) told.cancelled = expectStatus(cancelled, ['cancelled'], mallOrderNo, record);
    } else {
      const paid = await attempt(mallOrderNo, 'pay', () => client.pay(told.orderNo));
      if (paid && !(paid instanceof OpenApiError)) {
        // A retried payment whose first answer was lost may find the order shipped already.
        told.paid = expectStatus(paid, ['paid', 'shipped', 'completed'], mallOrderNo, record);
        if (random() < 0.15) {
          // Staff may ship it first: then INVALID_STATE, and it goes on to be confirmed.
          const refunded = await attempt(mallOrderNo, 'refund', () => client.refund(told.orderNo, '用户申请退款'));
          if (refunded && !(refunded instanceof OpenApiError)) told.refunded = expectStatus(refunded, ['refunded'], mallOrderNo, record);
          else toConfirm.push(told);
        } else toConfirm.push(told);
      }
    }
    await confirmOne();
  }

  /** Looks at the oldest paid order not yet confirmed: once shipped, the user confirms receipt (most do). */
  async function confirmOne() {
    const told = toConfirm.shift();
    if (!told) return;
    const order = await attempt(told.mallOrderNo, 'read', () => client.order(told.orderNo));
    if (!order || order instanceof OpenApiError) return;
    if (order.status === 'paid') {
      toConfirm.push(told);
      return;
    }
    if (order.status !== 'shipped' || random() < 0.3) return;
    const confirmed = await attempt(told.mallOrderNo, 'confirm receipt', () => client.confirmReceipt(told.orderNo));
    if (confirmed && !(confirmed instanceof OpenApiError)) told.completed = expectStatus(confirmed, ['completed'], told.mallOrderNo, record);
  }
}

function sameItems(order: Order, items: { productId: number; quantity: number }[]) {
  const key = (list: { productId: number; quantity: number }[]) => JSON.stringify([...list].map((i) => [i.productId, i.quantity]).sort());
  return key(order.items) === key(items);
}

function expectStatus(order: Order, statuses: Order['status'][], mallOrderNo: string, record: MallRecord): boolean {
  const ok = statuses.includes(order.status);
  if (!ok) record.surprises.push({ mallOrderNo, what: `answered ${order.status}, expected ${statuses.join(' or ')}` });
  return ok;
}
