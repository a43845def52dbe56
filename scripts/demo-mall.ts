/**
 * `npm run demo:mall`: a mall server playing the seed's worked example (PRODUCT.md) against a
 * running hub, through the mall client: sync the catalog, submit DEMO-A × 2 as D0002
 * (stock 100 → 98), pay (21.00 debited), read the balance. Each step is printed.
 *
 *   HUB_URL   the hub (default http://localhost:3000)
 *   DATA_DIR  where `npm start` wrote demo-credentials.json (default .data)
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatFen } from '@/lib/money';
import { MallClient, OpenApiError, type Product } from '@/mall-client';
import type { DemoCredentials } from '@/server/db/seed';

const hubUrl = (process.env.HUB_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const dataDir = path.resolve(process.env.DATA_DIR || '.data');
const yuan = (fen: number) => `¥${formatFen(fen)}`;
const step = (n: number, text: string) => console.log(`\n${n}. ${text}`);

async function main() {
  const file = path.join(dataDir, 'demo-credentials.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: start the hub once with \`npm start\` (it seeds the demo data), or set DATA_DIR.`);
  const credentials = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials;
  const d = credentials.distributors.find((x) => x.code === 'D0002');
  if (!d) throw new Error(`${file} has no distributor D0002`);

  const hub = new MallClient({
    baseUrl: hubUrl,
    distributorCode: d.code,
    appKey: d.key,
    secret: d.secret,
    onRetry: ({ attempt, reason }) => console.log(`   (retry ${attempt}: ${reason})`),
  });
  console.log(`Mall of distributor ${d.code} (${d.level}) talking to ${hubUrl}/api/open/v1`);

  step(1, 'Sync the catalog (GET /categories, /brands, /products page by page)');
  const [categories, brands] = await Promise.all([hub.categories(), hub.brands()]);
  const products: Product[] = [];
  for await (const p of hub.allProducts({ limit: 10 })) products.push(p);
  console.log(`   ${categories.length} categories, ${brands.length} brands, ${products.length} products in the selection`);
  const a = products.find((p) => p.skuCode === 'DEMO-A');
  if (!a) throw new Error('DEMO-A is not offered to D0002: is this the seeded demo hub?');
  console.log(`   DEMO-A "${a.title}": stock ${a.stock}, minimum ${a.minQuantity}, supply ${yuan(a.supplyPrice)} + fee ${a.serviceFeeBps / 100}% = agreed ${yuan(a.agreedPrice)} per unit`);

  step(2, 'Submit an order for DEMO-A × 2 (POST /orders)');
  const mallOrderNo = `DEMO-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const { order, created } = await hub.createOrder({
    mallOrderNo,
    items: [{ skuCode: 'DEMO-A', quantity: 2 }],
    receiver: { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' },
    remark: 'demo:mall',
  });
  const [afterOrder] = await hub.stock([a.id]);
  console.log(`   ${created ? 'Created' : 'Found'} ${order.orderNo} (mall order ${mallOrderNo}): ${order.status}, total ${yuan(order.totalAmount)}, pay before ${order.expiresAt}`);
  console.log(`   DEMO-A stock ${a.stock} → ${afterOrder.stock} (reserved on submission)`);

  step(3, 'The mall user paid: debit the balance (POST /orders/{orderNo}/pay)');
  const before = await hub.balance();
  const paid = await hub.pay(order.orderNo);
  const after = await hub.balance();
  console.log(`   ${paid.orderNo}: ${paid.status} at ${paid.paidAt}`);
  console.log(`   balance ${yuan(before.balance)} → ${yuan(after.balance)}: ${yuan(before.balance - after.balance)} debited`);
  const again = await hub.pay(order.orderNo);
  console.log(`   paying again is safe: ${again.status}, balance still ${yuan((await hub.balance()).balance)}`);

  step(4, 'Read the balance (GET /balance)');
  console.log(`   ${yuan(after.balance)} ${after.currency}`);
  const retail = 10_000;
  console.log(`\nThe mall sells DEMO-A at ${yuan(retail)}: its margin is (${yuan(retail)} − ${yuan(a.agreedPrice)}) × 2 = ${yuan((retail - a.agreedPrice) * 2)}.`);
}

main().catch((error) => {
  console.error(error instanceof OpenApiError ? `The hub answered ${error.message}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
