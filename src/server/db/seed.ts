/**
 * The demo data (issue 2). READMEs, tests and load tests rely on exactly this: the staff
 * login `admin`; suppliers `supplier1`, `supplier2`; levels 初级分销商 (800 bps) and
 * 高级分销商 (500 bps); distributors D0001 (初级, `distributor1`) and D0002 (高级,
 * `distributor2`) with 10,000.00 each; the worked example's product DEMO-A and the
 * load-test product DEMO-FLASH among 20+ products. Passwords and secrets are random
 * per seeding, printed and written to DATA_DIR/demo-credentials.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { Db } from './client';
import {
  attributeBrands,
  attributeCategories,
  attributes,
  brands,
  categories,
  distributorCategories,
  distributorLevels,
  productLevelGrants,
  products,
  users,
} from './schema';
import { generatePassword } from '@/server/domain/accounts/passwords';
import { insertUser } from '@/server/domain/accounts/users';
import { createDistributor } from '@/server/domain/distributors/create';
import { recordStockMovements } from '@/server/domain/inventory/movements';
import { createSupplier } from '@/server/domain/suppliers/create';
import { postLedgerEntry } from '@/server/domain/wallet/ledger';
import type { ProductAttribute } from './schema';

export type DemoCredentials = {
  logins: { role: 'admin' | 'supplier' | 'distributor'; username: string; password: string }[];
  distributors: { code: string; key: string; secret: string; webhookSecret: string; level: string }[];
};

export const DEMO_OPENING_BALANCE = 1_000_000; // 10,000.00

/** True when the database holds no accounts yet: the only state the seed writes into. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  return n === 0;
}

type ProductSeed = {
  sku: string;
  title: string;
  category: string;
  brand: string;
  stock: number;
  cost: number;
  supply: number | null;
  min?: number;
  freight?: number;
  owner?: 'supplier1' | 'supplier2';
  supplierCost?: number;
  status?: 'on_sale' | 'pending_review' | 'off_shelf';
  attributes?: ProductAttribute[];
  onlyLevel?: string;
};

const CATEGORY_TREE: { name: string; children: string[] }[] = [
  { name: '食品饮料', children: ['休闲零食', '饮料冲调'] },
  { name: '个护美妆', children: ['护肤', '洗护'] },
  { name: '家居日用', children: ['厨房用品', '收纳整理'] },
  { name: '数码配件', children: ['充电设备', '耳机音箱'] },
];

const BRANDS = ['良品优选', '清泉', '悦肤', '居家宝', '极速', '声动'];

const PRODUCTS: ProductSeed[] = [
  // The worked example of docs/product.md, and the load-test product.
  { sku: 'DEMO-A', title: '演示商品A 坚果礼盒', category: '休闲零食', brand: '良品优选', stock: 100, cost: 500, supply: 1000, min: 2 },
  { sku: 'DEMO-FLASH', title: '秒杀商品 矿泉水 550ml', category: '饮料冲调', brand: '清泉', stock: 1_000_000, cost: 50, supply: 100, min: 1 },
  // Fixed stock per level, the seed's way: the same goods listed once per level.
  { sku: 'DEMO-B-1', title: '演示商品B 保温杯（初级专供）', category: '厨房用品', brand: '居家宝', stock: 50, cost: 2500, supply: 3900, onlyLevel: '初级分销商' },
  { sku: 'DEMO-B-2', title: '演示商品B 保温杯（高级专供）', category: '厨房用品', brand: '居家宝', stock: 50, cost: 2500, supply: 3900, onlyLevel: '高级分销商' },
  { sku: 'P-SNACK-001', title: '每日坚果 30包', category: '休闲零食', brand: '良品优选', stock: 500, cost: 4200, supply: 5900, attributes: [{ name: '规格', value: '30包' }] },
  { sku: 'P-SNACK-002', title: '芒果干 500g', category: '休闲零食', brand: '良品优选', stock: 800, cost: 1500, supply: 2290 },
  { sku: 'P-DRINK-001', title: '苏打水 24瓶整箱', category: '饮料冲调', brand: '清泉', stock: 300, cost: 3000, supply: 4500, freight: 800 },
  { sku: 'P-SKIN-001', title: '保湿面霜 50g', category: '护肤', brand: '悦肤', stock: 200, cost: 3800, supply: 6900 },
  { sku: 'P-HOME-001', title: '不锈钢炒锅 32cm', category: '厨房用品', brand: '居家宝', stock: 120, cost: 8900, supply: 12900, attributes: [{ name: '颜色', value: '银色' }] },
  { sku: 'P-HOME-002', title: '透明收纳箱 3个装', category: '收纳整理', brand: '居家宝', stock: 400, cost: 2600, supply: 3990 },
  { sku: 'P-HOME-003', title: '真空保鲜盒 套装', category: '收纳整理', brand: '居家宝', stock: 0, cost: 3500, supply: 4990, status: 'off_shelf' },
  { sku: 'P-DIGI-001', title: '65W 氮化镓快充头', category: '充电设备', brand: '极速', stock: 600, cost: 5500, supply: 7900 },
  { sku: 'P-DIGI-002', title: '20000mAh 充电宝', category: '充电设备', brand: '极速', stock: 350, cost: 6900, supply: 9900 },
  { sku: 'P-DIGI-003', title: '无线蓝牙耳机', category: '耳机音箱', brand: '声动', stock: 260, cost: 8800, supply: 12900, attributes: [{ name: '颜色', value: '白色' }] },
  { sku: 'P-DIGI-004', title: '便携蓝牙音箱', category: '耳机音箱', brand: '声动', stock: 90, cost: 11000, supply: 15900 },
  // The supplier example of settlement: supplier1's goods at its supply price of 80.00 per unit
  // (what the platform pays, and what supplier1 earns per unit sold), offered at 99.00.
  { sku: 'DEMO-S', title: '演示商品S 坚果大礼包（供应商）', category: '休闲零食', brand: '良品优选', stock: 200, cost: 8000, supply: 9900, owner: 'supplier1', supplierCost: 6000 },
  // supplier1: snacks and drinks
  { sku: 'S1-SNACK-001', title: '手工牛轧糖 400g', category: '休闲零食', brand: '良品优选', stock: 240, cost: 2200, supply: 3200, owner: 'supplier1', supplierCost: 1600 },
  { sku: 'S1-SNACK-002', title: '原味腰果 250g', category: '休闲零食', brand: '良品优选', stock: 180, cost: 2800, supply: 3900, owner: 'supplier1', supplierCost: 2100 },
  { sku: 'S1-DRINK-001', title: '冷萃咖啡液 12条', category: '饮料冲调', brand: '清泉', stock: 150, cost: 3300, supply: 4800, owner: 'supplier1', supplierCost: 2500 },
  { sku: 'S1-DRINK-002', title: '花草茶礼盒', category: '饮料冲调', brand: '清泉', stock: 60, cost: 4500, supply: null, owner: 'supplier1', supplierCost: 3000, status: 'pending_review' },
  // supplier2: personal care
  { sku: 'S2-SKIN-001', title: '氨基酸洁面乳 120g', category: '护肤', brand: '悦肤', stock: 300, cost: 2400, supply: 3600, owner: 'supplier2', supplierCost: 1500 },
  { sku: 'S2-CARE-001', title: '控油洗发水 500ml', category: '洗护', brand: '悦肤', stock: 220, cost: 2600, supply: 3900, owner: 'supplier2', supplierCost: 1800 },
  { sku: 'S2-CARE-002', title: '香氛沐浴露 750ml', category: '洗护', brand: '悦肤', stock: 210, cost: 2900, supply: 4300, owner: 'supplier2', supplierCost: 2000 },
  { sku: 'S2-SKIN-002', title: '补水面膜 10片', category: '护肤', brand: '悦肤', stock: 500, cost: 3900, supply: null, owner: 'supplier2', supplierCost: 2600, status: 'pending_review' },
];

export async function seedDemoData(db: Db, options: { dataDir: string; log?: (line: string) => void }): Promise<DemoCredentials> {
  const log = options.log ?? console.log;
  if (!(await isDatabaseEmpty(db))) {
    throw new Error('The database already has accounts; the demo data is only written into an empty database.');
  }
  const system = { db, actor: { kind: 'system' as const } };
  const credentials: DemoCredentials = { logins: [], distributors: [] };

  // Catalog reference data.
  const categoryIds = new Map<string, number>();
  for (const [i, top] of CATEGORY_TREE.entries()) {
    const [parent] = await db.insert(categories).values({ name: top.name, sortOrder: i }).returning({ id: categories.id });
    categoryIds.set(top.name, parent.id);
    for (const [j, child] of top.children.entries()) {
      const [row] = await db.insert(categories).values({ name: child, parentId: parent.id, sortOrder: j }).returning({ id: categories.id });
      categoryIds.set(child, row.id);
    }
  }
  const brandIds = new Map<string, number>();
  for (const [i, name] of BRANDS.entries()) {
    const [row] = await db.insert(brands).values({ name, sortOrder: i }).returning({ id: brands.id });
    brandIds.set(name, row.id);
  }
  const attributeSeeds = [
    { name: '规格', values: ['30包', '500g', '250g', '整箱'], categories: ['休闲零食', '饮料冲调'], brands: [] as string[] },
    { name: '颜色', values: ['白色', '黑色', '银色'], categories: ['厨房用品', '耳机音箱', '充电设备'], brands: [] },
    { name: '肤质', values: ['干性', '油性', '混合'], categories: ['护肤'], brands: ['悦肤'] },
  ];
  for (const a of attributeSeeds) {
    const [row] = await db.insert(attributes).values({ name: a.name, values: a.values }).returning({ id: attributes.id });
    for (const c of a.categories) await db.insert(attributeCategories).values({ attributeId: row.id, categoryId: categoryIds.get(c)! });
    for (const b of a.brands) await db.insert(attributeBrands).values({ attributeId: row.id, brandId: brandIds.get(b)! });
  }

  // People.
  const adminPassword = generatePassword();
  await db.transaction((tx) => insertUser(tx, { role: 'staff', username: 'admin', password: adminPassword, displayName: '平台管理员' }));
  credentials.logins.push({ role: 'admin', username: 'admin', password: adminPassword });

  const supplierSeeds = [
    { username: 'supplier1', name: '鲜味食品有限公司', categories: ['食品饮料', '休闲零食', '饮料冲调'], brands: ['良品优选', '清泉'] },
    { username: 'supplier2', name: '悦肤日化有限公司', categories: ['个护美妆', '护肤', '洗护'], brands: ['悦肤'] },
  ];
  const supplierIds = new Map<string, number>();
  for (const s of supplierSeeds) {
    const password = generatePassword();
    const created = await createSupplier(system, {
      name: s.name,
      contactName: '张经理',
      phone: '13800000000',
      username: s.username,
      password,
      categoryIds: s.categories.map((c) => categoryIds.get(c)!),
      brandIds: s.brands.map((b) => brandIds.get(b)!),
    });
    supplierIds.set(s.username, created.id);
    credentials.logins.push({ role: 'supplier', username: s.username, password });
  }

  const levelIds = new Map<string, number>();
  for (const level of [
    { name: '初级分销商', feeBps: 800 },
    { name: '高级分销商', feeBps: 500 },
  ]) {
    const [row] = await db.insert(distributorLevels).values(level).returning({ id: distributorLevels.id });
    levelIds.set(level.name, row.id);
  }

  const distributorSeeds = [
    { code: 'D0001', username: 'distributor1', name: '优选商城', level: '初级分销商' },
    { code: 'D0002', username: 'distributor2', name: '惠购云店', level: '高级分销商' },
  ];
  for (const d of distributorSeeds) {
    const password = generatePassword();
    const created = await createDistributor(system, {
      name: d.name,
      levelId: levelIds.get(d.level)!,
      contactName: '李店长',
      phone: '13900000000',
      username: d.username,
      password,
      code: d.code,
      ipWhitelist: ['127.0.0.1', '::1'],
      callbackUrl: null,
    });
    await db.transaction((tx) =>
      postLedgerEntry(tx, { distributorId: created.id, kind: 'topup', amount: DEMO_OPENING_BALANCE, ref: `seed:${d.code}`, note: '演示数据：期初货款' }),
    );
    // Selection: every top-level category and its children.
    const selected = [...categoryIds.values()];
    await db.insert(distributorCategories).values(selected.map((categoryId) => ({ distributorId: created.id, categoryId })));
    credentials.logins.push({ role: 'distributor', username: d.username, password });
    credentials.distributors.push({ code: created.code, key: created.appKey, secret: created.secret, webhookSecret: created.webhookSecret, level: d.level });
  }

  for (const p of PRODUCTS) {
    const status = p.status ?? 'on_sale';
    const [row] = await db
      .insert(products)
      .values({
        skuCode: p.sku,
        title: p.title,
        categoryId: categoryIds.get(p.category)!,
        brandId: brandIds.get(p.brand)!,
        ownerSupplierId: p.owner ? supplierIds.get(p.owner)! : null,
        attributes: p.attributes ?? [],
        stock: p.stock,
        minQuantity: p.min ?? 1,
        costPrice: p.cost,
        supplyPrice: p.supply,
        supplierCostPrice: p.owner ? (p.supplierCost ?? null) : null,
        freight: p.freight ?? 0,
        status,
        visibility: p.onlyLevel ? 'restricted' : 'all',
        submittedAt: status === 'pending_review' ? new Date() : null,
      })
      .returning({ id: products.id });
    await recordStockMovements(db, [{ productId: row.id, delta: p.stock, cause: { kind: 'created', userId: null } }]);
    if (p.onlyLevel) await db.insert(productLevelGrants).values({ productId: row.id, levelId: levelIds.get(p.onlyLevel)! });
  }

  const file = path.join(options.dataDir, 'demo-credentials.json');
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  printCredentials(credentials, file, log);
  return credentials;
}

export function printCredentials(credentials: DemoCredentials, file: string, log: (line: string) => void = console.log) {
  log('');
  log('Demo logins (演示账号):');
  for (const l of credentials.logins) log(`  ${l.role.padEnd(11)} ${l.username.padEnd(13)} ${l.password}`);
  log('Distributor API credentials (分销商接口凭证):');
  for (const d of credentials.distributors) {
    log(`  ${d.code} (${d.level})  key ${d.key}`);
    log(`         secret ${d.secret}`);
    log(`         webhook secret ${d.webhookSecret}`);
  }
  log(`Saved to ${file}`);
  log('');
}

/** Reads back the saved credentials of an earlier seeding, if present. */
export function readSavedCredentials(dataDir: string): { credentials: DemoCredentials; file: string } | null {
  const file = path.join(dataDir, 'demo-credentials.json');
  if (!fs.existsSync(file)) return null;
  return { credentials: JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials, file };
}
