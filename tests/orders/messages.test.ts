import { describe, expect, it } from 'vitest';
import enCallbacks from '../../messages/en/callbacks.json';
import enOrders from '../../messages/en/orders.json';
import zhCallbacks from '../../messages/zh-CN/callbacks.json';
import zhOrders from '../../messages/zh-CN/orders.json';
import { CARRIERS } from '@/server/domain/orders/carriers';
import { ORDER_STATUSES } from '@/server/domain/orders/schemas';

/** Every text of the order and callback pages exists in Chinese and in English. */
function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

describe('order and callback messages', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(enOrders).sort()).toEqual(keys(zhOrders).sort());
    expect(keys(enCallbacks).sort()).toEqual(keys(zhCallbacks).sort());
  });

  it('name every carrier, status and timeline step', () => {
    for (const m of [zhOrders, enOrders]) {
      expect(Object.keys(m.carriers).sort()).toEqual([...CARRIERS, 'other'].sort());
      expect(Object.keys(m.status).sort()).toEqual([...ORDER_STATUSES].sort());
      expect(Object.keys(m.timeline.actions.order).sort()).toEqual(['auto_complete', 'cancel', 'confirm_receipt', 'create', 'expire', 'pay', 'refund', 'ship', 'simulate_shipment']);
    }
  });
});
