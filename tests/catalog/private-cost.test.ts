/**
 * A supplier's own cost price is private to it (docs/product.md): no staff procedure, page or
 * export ever returns it. Every staff procedure of the catalog is called on a product whose
 * private cost is a number found nowhere else, and its whole output is searched for it.
 * The cases are checked against the router, so a new staff procedure without one fails.
 */
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { productListInput } from '@/server/domain/catalog/schemas';
import { exportProductsCsv } from '@/server/domain/catalog/csv';
import { appRouter } from '@/server/trpc/root';
import { createDistributorAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { catalogWorld, storedImage, supplierProductForm } from './helpers';

const PRIVATE_COST = 987_654; // ¥9,876.54: no other number in this file's data

function expectNoPrivateCost(label: string, output: unknown) {
  const text = superjson.stringify(output ?? null);
  expect(text, label).not.toContain('supplierCostPrice');
  expect(text, label).not.toContain('supplier_cost_price');
  expect(text, label).not.toContain(String(PRIVATE_COST));
  expect(text, label).not.toContain('9876.54');
  expect(text, label).not.toContain('9,876.54');
}

describe("the supplier's own cost never reaches staff", () => {
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let staff: ReturnType<typeof callerAs>['admin'];
  let pendingId: number;
  let pendingSubmittedAt: Date;
  let onSaleId: number;
  let rejectId: number;
  let rejectSubmittedAt: Date;
  let platformId: number;
  let levelId: number;

  beforeAll(async () => {
    w = await catalogWorld();
    staff = callerAs(w.staff.identity).admin;
    const supplier = callerAs(w.supplierA.identity).supplier.products;
    const image = await storedImage(w.supplierA.ctx);
    const withCost = (submit: boolean) => supplierProductForm(w.category.id, w.brand.id, { supplierCostPrice: PRIVATE_COST, costPrice: 2200, images: [image], submit });
    const pending = await supplier.create(withCost(true));
    pendingId = pending.id;
    pendingSubmittedAt = pending.submittedAt!;
    const toApprove = await supplier.create(withCost(true));
    await staff.review.approve({ id: toApprove.id, submittedAt: toApprove.submittedAt!, supplyPrice: 3200 });
    onSaleId = toApprove.id;
    const toReject = await supplier.create(withCost(true));
    rejectId = toReject.id;
    rejectSubmittedAt = toReject.submittedAt!;
    // An edit of the private cost is audited without its value.
    const draft = await supplier.create(withCost(false));
    await supplier.update({ ...withCost(false), skuCode: draft.skuCode, id: draft.id, supplierCostPrice: PRIVATE_COST + 1 });
    platformId = (
      await staff.products.create({ skuCode: 'PRIV-PLATFORM', title: '自营', categoryId: w.category.id, brandId: w.brand.id, costPrice: 100, supplyPrice: 200, stock: 5, status: 'on_sale' })
    ).id;
    const distributor = await createDistributorAccount(w.db);
    levelId = distributor.levelId;
  });

  const calls: Record<string, () => Promise<unknown>> = {
    'overview': () => staff.overview(),
    'products.list': () => staff.products.list({}),
    'products.get': () => staff.products.get({ id: onSaleId }),
    'products.formOptions': () => staff.products.formOptions(),
    'products.attributesFor': () => staff.products.attributesFor({ categoryId: w.category.id, brandId: w.brand.id }),
    'products.supplierOptions': () => staff.products.supplierOptions(),
    'products.visibilityOptions': () => staff.products.visibilityOptions(),
    'products.create': () => staff.products.create({ skuCode: 'PRIV-NEW', title: '新', categoryId: w.category.id, brandId: w.brand.id, costPrice: 1, supplyPrice: 2, stock: 1, status: 'off_shelf' }),
    'products.update': () => staff.products.update({ id: platformId, skuCode: 'PRIV-PLATFORM', title: '自营改', categoryId: w.category.id, brandId: w.brand.id, costPrice: 100, supplyPrice: 210 }),
    'products.setShelf': () => staff.products.setShelf({ ids: [onSaleId, pendingId], onSale: false }),
    'products.adjustStock': () => staff.products.adjustStock({ id: onSaleId, delta: 3, reason: '盘点' }),
    'products.setVisibility': () => staff.products.setVisibility({ id: onSaleId, visibility: 'restricted', levelIds: [levelId] }),
    'products.setSupplyPrice': () => staff.products.setSupplyPrice({ id: onSaleId, supplyPrice: 3300 }),
    'products.importCsv': () => staff.products.importCsv({ csv: '货号,标题,类目,品牌,成本价,供货价\nPRIV-CSV,导入,' + w.category.name + ',' + w.brand.name + ',1.00,2.00', dryRun: true }),
    'review.queue': () => staff.review.queue({}),
    'review.get': () => staff.review.get({ id: pendingId }),
    'review.approve': () => staff.review.approve({ id: pendingId, submittedAt: pendingSubmittedAt, supplyPrice: 3000 }),
    'review.reject': () => staff.review.reject({ id: rejectId, submittedAt: rejectSubmittedAt, reason: '资料不全' }),
    'suppliers.list': () => staff.suppliers.list({}),
    'suppliers.get': () => staff.suppliers.get({ id: w.supplierA.supplierId }),
    'suppliers.assignmentOptions': () => staff.suppliers.assignmentOptions(),
    'suppliers.create': () => staff.suppliers.create({ name: '新供应商', username: `priv_${Date.now()}`, password: 'long-enough-pw', categoryIds: [], brandIds: [], contactName: '', phone: '' }),
    'suppliers.update': () => staff.suppliers.update({ id: w.supplierA.supplierId, name: '供应商A', contactName: '王', phone: '1' }),
    'suppliers.setAssignments': () => staff.suppliers.setAssignments({ id: w.supplierA.supplierId, categoryIds: [w.category.id], brandIds: [w.brand.id] }),
    'suppliers.setStatus': () => staff.suppliers.setStatus({ id: w.supplierB.supplierId, status: 'disabled' }),
    'catalog.categories.list': () => staff.catalog.categories.list(),
    'catalog.categories.create': () => staff.catalog.categories.create({ name: '新类目' }),
    'catalog.categories.update': () => staff.catalog.categories.update({ id: w.otherCategory.id, name: '改名类目', parentId: null, sortOrder: 1 }),
    'catalog.categories.setStatus': () => staff.catalog.categories.setStatus({ id: w.otherCategory.id, status: 'active' }),
    'catalog.categories.delete': () => staff.catalog.categories.delete({ id: w.category.id }).catch((e: unknown) => e),
    'catalog.brands.list': () => staff.catalog.brands.list(),
    'catalog.brands.create': () => staff.catalog.brands.create({ name: `新品牌${Date.now()}` }),
    'catalog.brands.update': () => staff.catalog.brands.update({ id: w.otherBrand.id, name: `改名品牌${Date.now()}`, logo: null, sortOrder: 0 }),
    'catalog.brands.setStatus': () => staff.catalog.brands.setStatus({ id: w.otherBrand.id, status: 'active' }),
    'catalog.brands.delete': () => staff.catalog.brands.delete({ id: w.brand.id }).catch((e: unknown) => e),
    'catalog.attributes.list': () => staff.catalog.attributes.list(),
    'catalog.attributes.create': () => staff.catalog.attributes.create({ name: '规格', values: ['1'], categoryIds: [w.category.id] }),
    'catalog.attributes.update': async () => {
      const [first] = await staff.catalog.attributes.list();
      return staff.catalog.attributes.update({ id: first.id, name: '规格', values: ['1', '2'], categoryIds: [w.category.id] });
    },
    'catalog.attributes.setStatus': async () => {
      const [first] = await staff.catalog.attributes.list();
      return staff.catalog.attributes.setStatus({ id: first.id, status: 'active' });
    },
  };

  it('has a case for every staff procedure of the catalog, products, review and suppliers', () => {
    const mine = Object.keys(appRouter._def.procedures)
      .filter((p) => /^admin\.(catalog|products|review|suppliers)\./.test(p))
      .map((p) => p.slice('admin.'.length));
    expect(mine.filter((p) => !(p in calls))).toEqual([]);
  });

  it('returns it from no staff procedure', async () => {
    // In order: reads first, then the changes (each change's answer is searched too).
    for (const [name, call] of Object.entries(calls)) expectNoPrivateCost(name, await call());
    // And the reads again, after every change.
    for (const name of ['products.list', 'products.get', 'review.queue', 'review.get', 'suppliers.get']) expectNoPrivateCost(`${name} (after)`, await calls[name]());
  });

  it('leaves it out of the CSV export and the audit log staff read', async () => {
    let csv = '';
    for await (const chunk of exportProductsCsv(w.staff.ctx, productListInput.parse({}), 'zh')) csv += chunk;
    expect(csv).toContain('PRIV-PLATFORM');
    expectNoPrivateCost('csv export', csv);
    const detail = await staff.products.get({ id: onSaleId });
    expect(detail.history.length).toBeGreaterThan(0);
    expectNoPrivateCost('history', detail.history);
    const { auditLog } = await import('@/server/db/schema');
    expectNoPrivateCost('audit log', await w.db.select().from(auditLog));
  });

  it('is still the supplier’s to see', async () => {
    const mine = await callerAs(w.supplierA.identity).supplier.products.get({ id: onSaleId });
    expect(mine.supplierCostPrice).toBe(PRIVATE_COST);
  });
});
