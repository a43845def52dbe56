/**
 * `npm run demo:mall`: a mall server playing the worked example (docs/open-api.md) against a
 * running hub, through the mall client: sync the catalog, submit DEMO-A × 2 as D0002
 * (stock 100 → 98), pay (21.00 debited), read the balance. Each step is printed.
 *
 * It also runs the mall's callback endpoint: a local receiver that verifies every callback
 * with `standardwebhooks` and prints it as it arrives. It signs in to the distributor
 * portal as distributor2 (as the developer would) to point D0002's callback URL at the
 * receiver, and puts the URL back at the end. The hub must allow a loopback callback URL
 * (ALLOW_PRIVATE_CALLBACK_URLS=true) and run its worker (the default of `npm start`).
 *
 *   HUB_URL    the hub (default http://localhost:3000)
 *   DATA_DIR   where `npm start` wrote demo-credentials.json (default .data)
 *   MALL_PORT  the receiver's port (default: any free one)
 *   DEMO_CALLBACK_WAIT_SECONDS  how long to wait for the callbacks at the end (default 30)
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatFen } from '@/lib/money';
import { MallClient, OpenApiError, type HubEvent, type Product } from '@/mall-client';
import type { DemoCredentials } from '@/server/db/seed';
import { startMallReceiver } from './lib/mall-receiver';
import { portalSession } from './lib/portal-session';

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

  step(0, "Start the mall's callback endpoint and point D0002's callback URL at it (portal: API 对接)");
  const received: HubEvent[] = [];
  const receiver = await startMallReceiver({
    secret: d.webhookSecret,
    port: process.env.MALL_PORT ? Number(process.env.MALL_PORT) : undefined,
    onReceived: (r) => {
      if (!r.verified) return console.log(`   ✗ refused a callback whose signature does not verify (${r.webhookId}): ${r.reason}`);
      received.push(r.event);
      console.log(`   ← callback ${r.event.type} ${r.event.id}, signature verified (standardwebhooks): ${describeEvent(r.event)}`);
    },
  });
  const restoreCallbackUrl = await pointCallbacksAt(credentials, receiver.url);
  try {
    await playOrder(hub, received);
  } finally {
    await restoreCallbackUrl?.();
    await receiver.close();
  }
}

/** Signs in as the distributor and sets its callback URL; returns how to put the old one back, or nothing when refused. */
async function pointCallbacksAt(credentials: DemoCredentials, url: string): Promise<(() => Promise<unknown>) | undefined> {
  const login = credentials.logins.find((l) => l.role === 'distributor' && l.username === 'distributor2');
  if (!login) throw new Error('demo-credentials.json has no distributor2 login');
  const portal = await portalSession(hubUrl, login.username, login.password);
  const binding = await portal.distributor.binding.get.query();
  try {
    await portal.distributor.binding.update.mutate({ callbackUrl: url, ipWhitelist: binding.ipWhitelist });
  } catch (error) {
    console.log(`   The hub refused ${url} as a callback URL (${error instanceof Error ? error.message : error}).`);
    console.log('   To receive callbacks here, restart the hub with ALLOW_PRIVATE_CALLBACK_URLS=true. Going on without them.');
    return undefined;
  }
  console.log(`   listening on ${url}; callback URL of ${binding.code} set (was ${binding.callbackUrl ?? 'none'})`);
  return () => portal.distributor.binding.update.mutate({ callbackUrl: binding.callbackUrl, ipWhitelist: binding.ipWhitelist });
}

function describeEvent(event: HubEvent): string {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'balance.changed') {
    const entry = data.entry as { kind: string; amount: number; ref: string };
    return `balance ${yuan(Number(data.balance))} (${entry.kind} ${yuan(entry.amount)}, ${entry.ref})`;
  }
  if (event.type === 'product.stock_changed') return `product ${data.productId} stock ${data.stock} (version ${data.version})`;
  if (event.type.startsWith('order.')) return `order ${data.orderNo} ${data.status}`;
  return `product ${data.productId ?? data.id} ${data.status ?? ''}`.trim();
}

async function playOrder(hub: MallClient, received: HubEvent[]) {

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

  step(5, 'Callbacks: the debit and the new stock, signed by the hub (waiting for them)');
  const waitSeconds = Number(process.env.DEMO_CALLBACK_WAIT_SECONDS ?? 30);
  const expected = (list: HubEvent[]) => ({
    debit: list.some((e) => e.type === 'balance.changed' && (e.data as { entry: { ref: string } }).entry.ref === `order:${order.orderNo}`),
    stock: list.some((e) => e.type === 'product.stock_changed' && (e.data as { productId: number }).productId === a.id),
  });
  const deadline = Date.now() + waitSeconds * 1000;
  while (Date.now() < deadline && !Object.values(expected(received)).every(Boolean)) await new Promise((r) => setTimeout(r, 200));
  const got = expected(received);
  if (got.debit && got.stock) console.log(`   ${received.length} callbacks received, every one verified: the order debit and DEMO-A's new stock among them`);
  else console.log(`   not all callbacks arrived within ${waitSeconds} s (debit: ${got.debit}, stock: ${got.stock}): is the hub's worker running, and its callback URL allowed?`);
}

main().catch((error) => {
  console.error(error instanceof OpenApiError ? `The hub answered ${error.message}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
