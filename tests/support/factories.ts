/**
 * Builders for test data. They go through the domain verbs where those exist (so the
 * data is what the product would make), and straight to the tables for plain rows.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { brands, categories, distributorLevels, products, users } from '@/server/db/schema';
import type { PortalActor, SessionIdentity } from '@/server/domain/accounts/session';
import { insertUser } from '@/server/domain/accounts/users';
import type { Ctx } from '@/server/domain/context';
import { createDistributor } from '@/server/domain/distributors/create';
import { createSupplier } from '@/server/domain/suppliers/create';
import { recordStockMovements } from '@/server/domain/inventory/movements';
import { postLedgerEntry } from '@/server/domain/wallet/ledger';
import { testDb } from './db';

const uid = () => randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct-horse-battery';

const system = (db: Db): Ctx<{ kind: 'system' }> => ({ db, actor: { kind: 'system' } });

export function identityOf(actor: PortalActor, username = 'someone'): SessionIdentity {
  return { actor, username, displayName: username };
}

export async function createStaff(db: Db = testDb(), opts: { username?: string; password?: string } = {}) {
  const username = opts.username ?? `staff_${uid()}`;
  const password = opts.password ?? TEST_PASSWORD;
  const user = await db.transaction((tx) => insertUser(tx, { role: 'staff', username, password }));
  const actor = { kind: 'staff' as const, userId: user.id };
  return { userId: user.id, username, password, actor, ctx: { db, actor }, identity: identityOf(actor, username) };
}

export async function createCategory(db: Db = testDb(), opts: { name?: string; parentId?: number } = {}) {
  const [row] = await db.insert(categories).values({ name: opts.name ?? `类目${uid()}`, parentId: opts.parentId ?? null }).returning();
  return row;
}

export async function createBrand(db: Db = testDb(), opts: { name?: string } = {}) {
  const [row] = await db.insert(brands).values({ name: opts.name ?? `品牌${uid()}` }).returning();
  return row;
}

export async function createLevel(db: Db = testDb(), opts: { name?: string; feeBps?: number } = {}) {
  const [row] = await db.insert(distributorLevels).values({ name: opts.name ?? `等级${uid()}`, feeBps: opts.feeBps ?? 500 }).returning();
  return row;
}

export async function createSupplierAccount(
  db: Db = testDb(),
  opts: { categoryIds?: number[]; brandIds?: number[]; username?: string } = {},
) {
  const username = opts.username ?? `supplier_${uid()}`;
  const created = await createSupplier(system(db), {
    name: `供应商 ${username}`,
    contactName: '',
    phone: '',
    username,
    password: TEST_PASSWORD,
    categoryIds: opts.categoryIds ?? [],
    brandIds: opts.brandIds ?? [],
  });
  const actor = { kind: 'supplier' as const, userId: created.userId, supplierId: created.id };
  return { supplierId: created.id, userId: created.userId, username, password: TEST_PASSWORD, actor, ctx: { db, actor }, identity: identityOf(actor, username) };
}

export async function createDistributorAccount(
  db: Db = testDb(),
  opts: { levelId?: number; feeBps?: number; balance?: number; ipWhitelist?: string[]; username?: string; callbackUrl?: string | null } = {},
) {
  const levelId = opts.levelId ?? (await createLevel(db, { feeBps: opts.feeBps ?? 500 })).id;
  const username = opts.username ?? `distributor_${uid()}`;
  const created = await createDistributor(system(db), {
    name: `分销商 ${username}`,
    levelId,
    contactName: '',
    phone: '',
    username,
    password: TEST_PASSWORD,
    ipWhitelist: opts.ipWhitelist ?? ['127.0.0.1', '::1'],
    callbackUrl: opts.callbackUrl ?? null,
  });
  if (opts.balance) {
    await db.transaction((tx) => postLedgerEntry(tx, { distributorId: created.id, kind: 'topup', amount: opts.balance!, ref: `test:${uid()}` }));
  }
  const actor = { kind: 'distributor' as const, userId: created.userId, distributorId: created.id };
  return {
    distributorId: created.id,
    code: created.code,
    appKey: created.appKey,
    secret: created.secret,
    webhookSecret: created.webhookSecret,
    levelId,
    userId: created.userId,
    username,
    password: TEST_PASSWORD,
    actor,
    ctx: { db, actor },
    identity: identityOf(actor, username),
  };
}

export type ProductOverrides = Partial<typeof products.$inferInsert>;

/** A product on sale by default (platform-owned unless ownerSupplierId is given). */
export async function createProduct(db: Db = testDb(), overrides: ProductOverrides = {}) {
  const categoryId = overrides.categoryId ?? (await createCategory(db)).id;
  const brandId = overrides.brandId ?? (await createBrand(db)).id;
  const [row] = await db
    .insert(products)
    .values({
      skuCode: `SKU-${uid()}`,
      title: `测试商品 ${uid()}`,
      stock: 100,
      minQuantity: 1,
      costPrice: 500,
      supplyPrice: 1000,
      status: 'on_sale',
      ...overrides,
      categoryId,
      brandId,
    })
    .returning();
  // As every door that creates a product does: its opening stock goes on the stock record.
  await recordStockMovements(db, [{ productId: row.id, delta: row.stock, cause: { kind: 'created', userId: null } }]);
  return row;
}

export async function userRow(db: Db, userId: number) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}
