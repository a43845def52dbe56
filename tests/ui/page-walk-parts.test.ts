import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverPortalRoutes, fillRoute } from '@tests/support/portal-pages';
import { bareAmounts } from '@tests/support/visible-amounts';
import { latinWords, untranslated } from '@tests/support/visible-english';

/** The parts of the page walk (tests/e2e/page-walk.e2e.test.ts) that decide what fails it. */
describe('the page walk’s English detector', () => {
  const none = new Set<string>();

  it('flags English wording, in text and in placeholders or labels', () => {
    const found = untranslated({ text: ['订单', 'Save changes', '共 3 条'], attributes: ['Search products'] }, none);
    expect(found.map((f) => f.word)).toEqual(['save', 'changes', 'search', 'products']);
  });

  it('flags a raw status code shown instead of its name', () => {
    expect(untranslated({ text: ['状态：on_sale'], attributes: [] }, none).map((f) => f.word)).toEqual(['on', 'sale']);
  });

  it('lets through the glossary’s terms, identifiers with digits, contract codes, URLs and paths', () => {
    const text = ['导出 CSV', '货号 SKU', 'D0001', 'SO2026120300000001', '500ml', '429 RATE_LIMITED', 'http://localhost:3000/api/open/v1', '如 /api/open/v1/products?brandId=3&limit=50', 'App Key', 'Node.js', 'X-Timestamp', 'X-Signature（商城算出的签名）'];
    expect(untranslated({ text, attributes: [] }, none)).toEqual([]);
  });

  it('matches glossary terms as written, not inside other words', () => {
    expect(latinWords('GETTING started', true)).toEqual(['GETTING', 'started']);
    expect(latinWords('GET /events', true)).toEqual([]);
    expect(latinWords('403 IP_NOT_ALLOWED', true)).toEqual([]);
    expect(latinWords('IPs only', true)).toEqual(['IPs', 'only']);
  });

  it('lets through words of the database’s records (data, not wording)', () => {
    expect(untranslated({ text: ['Apple AirPods Pro 耳机'], attributes: [] }, new Set(['apple', 'airpods', 'pro']))).toEqual([]);
  });
});

describe('the page walk’s amount check', () => {
  const amounts = (...text: string[]) => bareAmounts({ text, attributes: [] }).map((a) => a.amount);

  it('flags an amount shown without ¥', () => {
    expect(amounts('单价 21.00', '合计 1,234.56 待付')).toEqual(['21.00', '1,234.56']);
  });

  it('leaves placeholders alone: an amount field shows what to type', () => {
    expect(bareAmounts({ text: [], attributes: ['0.00'] })).toEqual([]);
  });

  it('lets through amounts with ¥ (negative ones too), rates, amounts said in 元, and other numbers', () => {
    expect(amounts('¥21.00', '-¥0.05', '余额 ¥1,234.56', '服务费 8.00%', '2100 表示 21.00 元', '2026/12/3 18:07', '版本 1.2.30', '12.03.2026', 'SO2026120300000001', '库存 500')).toEqual([]);
  });
});

describe('the page walk’s discovery of pages', () => {
  it('finds every page.tsx under the portal folders, route groups and private folders aside', () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'app-'));
    const page = (p: string) => {
      fs.mkdirSync(path.join(app, p), { recursive: true });
      fs.writeFileSync(path.join(app, p, 'page.tsx'), '');
    };
    page('(admin)/admin');
    page('(admin)/admin/orders/[orderNo]');
    page('(admin)/admin/(reports)/finance');
    page('(admin)/admin/_parts');
    page('(supplier)/supplier/bills');
    const routes = discoverPortalRoutes(app);
    expect(routes.map((r) => r.pattern).sort()).toEqual(['/admin', '/admin/finance', '/admin/orders/[orderNo]', '/supplier/bills']);
    expect(routes.find((r) => r.pattern === '/admin/orders/[orderNo]')?.params).toEqual(['orderNo']);
  });

  it('fills dynamic segments from the walk’s records, and names a segment it has no record for', () => {
    const route = { portal: 'supplier' as const, pattern: '/supplier/bills/[billId]', params: ['billId'] };
    expect(fillRoute(route, { 'bills/[billId]': (portal) => (portal === 'supplier' ? 7 : undefined) })).toBe('/supplier/bills/7');
    expect(() => fillRoute(route, {})).toThrow(/bills\/\[billId\]/);
  });
});
