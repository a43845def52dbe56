import { sql } from 'drizzle-orm';
import { moveSandboxBalance } from '../sandbox/orders';
import { postLedgerEntry } from '../wallet/ledger';
import { invalidState } from '../errors';
import type { OrderCtx } from './access';
import { expireLockedOrder } from './expire';
import type { MallOrder } from './mall-order';
import { orderLedgerRef } from './release';
import type { OrderRef } from './schemas';
import { runOrderStep, setOrderStatus } from './step';

/**
 * The mall's user has paid: debit the distributor's balance by the order's total and mark
 * it paid, in one transaction. Too little balance is INSUFFICIENT_BALANCE and the order
 * stays unpaid. The debit's (kind, ref) is unique, so no retry or race debits twice.
 * A payment after the deadline expires the order (stock back) and is refused.
 */
export function payOrder(ctx: OrderCtx, ref: OrderRef): Promise<MallOrder> {
  return runOrderStep(ctx, ref, {
    action: 'order.pay',
    done: ['paid', 'shipped', 'completed'],
    from: ['pending_payment'],
    async apply(tx, order) {
      if (order.expiresAt.getTime() <= Date.now()) {
        await expireLockedOrder(tx, ctx, order);
        return invalidState('The order expired before it was paid; its stock was returned', { orderNo: order.orderNo, status: 'expired' });
      }
      if (order.totalAmount > 0) {
        const debit = { distributorId: order.distributorId, kind: 'order_debit' as const, amount: -order.totalAmount, ref: orderLedgerRef(order.orderNo) };
        // A test order pays from the test balance (domain/sandbox): no ledger entry, no live money.
        if (order.sandbox) await moveSandboxBalance(tx, debit);
        else await postLedgerEntry(tx, { ...debit, note: `订单 ${order.orderNo}（${order.mallOrderNo}）` });
      }
      await setOrderStatus(tx, order.id, 'paid', { paidAt: sql`now()` });
    },
  });
}
