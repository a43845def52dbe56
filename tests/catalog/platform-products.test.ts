import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributors as distributorsTable, outboxEvents, productDistributorGrants, productLevelGrants, products } from '@/server/db/schema';
import { createPlatformProduct } from '@/server/domain/catalog/platform-products';
import { createSupplierProduct } from '@/server/domain/catalog/supplier-products';
import { DomainError } from '@/server/domain/errors';
import { racingDb } from '@tests/support/db';
import { createDistributorAccount, createProduct } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { auditOf, catalogWorld, eventsFor, nextSku, platformProductEdit, platformProductForm, productRow, storedImage, supplierProductForm } from './helpers';

describe('platform products (自营)', () => {
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let staff: ReturnType<typeof callerAs>['admin'];

  beforeAll(async () => {
    w = await catalogWorld();
    staff = callerAs(w.staff.identity).admin;
  });

  it('are created with every field, straight on sale or off shelf, and malls hear of the listed ones', async () => {
    const distributor = await createDistributorAccount(w.db);
    await staff.catalog.attributes.create({ name: '规格', values: ['30包'], categoryIds: [w.category.id] });
    const images = [await storedImage(w.staff.ctx), await storedImage(w.staff.ctx)];
    const detail = [await storedImage(w.staff.ctx)];
    const form = platformProductForm(w.category.id, w.brand.id, {
      attributes: [{ name: '规格', value: '30包' }],
      images,
      detailImages: detail,
      minQuantity: 2,
      freight: 800,
      stock: 100,
      costPrice: 500,
      supplyPrice: 1000,
    });
    const created = await staff.products.create(form);
    expect(created).toMatchObject({ ...form, ownerSupplierId: null, status: 'on_sale', visibility: 'all' });
    const events = await eventsFor(created.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ distributorId: distributor.distributorId, type: 'product.updated' });
    expect(events[0].data).toMatchObject({ skuCode: form.skuCode, stock: 100, minQuantity: 2, freight: 800, supplyPrice: 1000, status: 'on_sale' });
    expect((events[0].data as { images: string[] }).images[0]).toMatch(/^https?:\/\/.+\/uploads\/product\//);

    const off = await staff.products.create(platformProductForm(w.category.id, w.brand.id, { status: 'off_shelf' }));
    expect(off.status).toBe('off_shelf');
    expect(await eventsFor(off.id)).toEqual([]);
  });

  it('are edited in any status; the version and updated_at move and malls hear of it in the same transaction', async () => {
    await createDistributorAccount(w.db);
    const created = await staff.products.create(platformProductForm(w.category.id, w.brand.id));
    const before = await productRow(created.id);
    const updated = await staff.products.update({ ...platformProductEdit(w.category.id, w.brand.id, { skuCode: created.skuCode, title: '新标题', supplyPrice: 6100 }), id: created.id });
    expect(updated).toMatchObject({ title: '新标题', supplyPrice: 6100, stock: before.stock });
    const after = await productRow(created.id);
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    const events = await eventsFor(created.id);
    expect(events.at(-1)).toMatchObject({ type: 'product.updated' });
    expect(events.at(-1)!.data).toMatchObject({ title: '新标题', supplyPrice: 6100, version: after.version });
    const audit = await auditOf(created.id);
    expect(audit.at(-1)).toMatchObject({ action: 'product.update', detail: { changed: ['title', 'supplyPrice'] } });
  });

  it("refuses to edit a supplier's product as if it were the platform's", async () => {
    const supplierProduct = await callerAs(w.supplierA.identity).supplier.products.create(supplierProductForm(w.category.id, w.brand.id));
    await expect(staff.products.update({ ...platformProductEdit(w.category.id, w.brand.id), id: supplierProduct.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(staff.products.update({ ...platformProductEdit(w.category.id, w.brand.id), id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a duplicate SKU code with a clear error, on create and on edit', async () => {
    const first = await staff.products.create(platformProductForm(w.category.id, w.brand.id));
    const dup = await staff.products.create(platformProductForm(w.category.id, w.brand.id, { skuCode: first.skuCode })).catch((e: Error) => e);
    expect(dup).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(first.skuCode) });
    expect((dup as { cause: DomainError }).cause.details).toEqual({ field: 'skuCode', skuCode: first.skuCode });
    const second = await staff.products.create(platformProductForm(w.category.id, w.brand.id));
    await expect(staff.products.update({ ...platformProductEdit(w.category.id, w.brand.id, { skuCode: first.skuCode }), id: second.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(staff.products.create(platformProductForm(w.category.id, w.brand.id, { skuCode: 'has space' }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  describe('SKU codes under concurrent creates', () => {
    const race = racingDb(6);
    afterAll(() => race.$client.end());

    it('gives one product and clear refusals when several save the same code at the same moment', async () => {
      for (let round = 0; round < 8; round++) {
        const skuCode = nextSku('RACE');
        const staffCtx = { db: race, actor: w.staff.actor };
        const supplierCtx = { db: race, actor: w.supplierA.actor };
        const attempts = await Promise.allSettled([
          ...Array.from({ length: 4 }, () => createPlatformProduct(staffCtx, { ...platformProductForm(w.category.id, w.brand.id), skuCode })),
          ...Array.from({ length: 2 }, () => createSupplierProduct(supplierCtx, { ...supplierProductForm(w.category.id, w.brand.id), skuCode })),
        ]);
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(5);
        for (const l of lost) {
          expect(l.reason).toBeInstanceOf(DomainError);
          expect(l.reason).toMatchObject({ code: 'CONFLICT', details: { field: 'skuCode', skuCode } });
        }
        expect(await w.db.select({ id: products.id }).from(products).where(eq(products.skuCode, skuCode))).toHaveLength(1);
      }
    });
  });

  it('go on and off shelf in bulk; malls are told; what cannot move is named with the reason', async () => {
    await createDistributorAccount(w.db);
    const a = await staff.products.create(platformProductForm(w.category.id, w.brand.id));
    const b = await staff.products.create(platformProductForm(w.category.id, w.brand.id));
    const draft = await callerAs(w.supplierA.identity).supplier.products.create(supplierProductForm(w.category.id, w.brand.id));
    const off = await staff.products.setShelf({ ids: [a.id, b.id, draft.id, 999_999], onSale: false });
    expect(off.changed.sort()).toEqual([a.id, b.id].sort());
    expect(off.skipped).toEqual(expect.arrayContaining([{ id: draft.id, reason: 'not_on_sale' }, { id: 999_999, reason: 'not_found' }]));
    expect((await productRow(a.id)).status).toBe('off_shelf');
    expect((await eventsFor(a.id)).at(-1)).toMatchObject({ type: 'product.status_changed', data: { status: 'unavailable' } });
    expect((await auditOf(a.id)).at(-1)).toMatchObject({ action: 'product.off_shelf', actorUserId: w.staff.userId });

    const on = await staff.products.setShelf({ ids: [a.id], onSale: true });
    expect(on).toEqual({ changed: [a.id], skipped: [] });
    expect((await eventsFor(a.id)).at(-1)).toMatchObject({ type: 'product.updated', data: { status: 'on_sale' } });
  });

  it('takes 500 products off shelf at once for 40 distributors: 20,000 events, all written', async () => {
    const distributors = [];
    for (let i = 0; i < 40; i++) distributors.push(await createDistributorAccount(w.db));
    const rows = await w.db
      .insert(products)
      .values(Array.from({ length: 500 }, (_, i) => ({ skuCode: nextSku(`BULK${i}`), title: `批量 ${i}`, categoryId: w.category.id, brandId: w.brand.id, costPrice: 1, supplyPrice: 2, stock: 5, status: 'on_sale' as const })))
      .returning({ id: products.id });
    const ids = rows.map((r) => r.id);
    const result = await staff.products.setShelf({ ids, onSale: false });
    expect(result.changed).toHaveLength(500);
    const [{ n }] = await w.db.select({ n: count() }).from(outboxEvents).where(and(eq(outboxEvents.type, 'product.status_changed'), inArray(sql`(${outboxEvents.data}->>'productId')::int`, ids)));
    const active = (await w.db.select({ n: count() }).from(distributorsTable).where(eq(distributorsTable.status, 'active')))[0].n;
    expect(active).toBeGreaterThanOrEqual(40);
    expect(n).toBe(500 * active);
    void distributors;
  });

  it("puts a supplier's off-shelf product back on sale only through review", async () => {
    const supplier = callerAs(w.supplierA.identity).supplier.products;
    const p = await supplier.create(supplierProductForm(w.category.id, w.brand.id, { submit: true }));
    await staff.review.approve({ id: p.id, submittedAt: p.submittedAt!, supplyPrice: 3000 });
    await staff.products.setShelf({ ids: [p.id], onSale: false });
    expect(await staff.products.setShelf({ ids: [p.id], onSale: true })).toEqual({ changed: [], skipped: [{ id: p.id, reason: 'supplier_product' }] });
    expect((await productRow(p.id)).status).toBe('off_shelf');
  });

  it('adjust stock only with a reason, kept in the audit log; never below zero; restock ends sold out', async () => {
    const p = await staff.products.create(platformProductForm(w.category.id, w.brand.id, { stock: 10 }));
    await expect(staff.products.adjustStock({ id: p.id, delta: 5, reason: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(staff.products.adjustStock({ id: p.id, delta: -11, reason: '盘亏' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await productRow(p.id)).stock).toBe(10);
    const change = await staff.products.adjustStock({ id: p.id, delta: -10, reason: '盘亏 10 件' });
    expect(change.stock).toBe(0);
    expect((await auditOf(p.id)).at(-1)).toMatchObject({ action: 'product.stock_adjust', actorUserId: w.staff.userId, detail: { delta: -10, reason: '盘亏 10 件', from: 10, to: 0 } });

    await w.db.update(products).set({ status: 'sold_out' }).where(eq(products.id, p.id));
    expect(await staff.products.adjustStock({ id: p.id, delta: 20, reason: '到货' })).toMatchObject({ stock: 20, status: 'on_sale' });
  });

  it('are offered to all levels, or to chosen levels and/or distributors; those who lose it hear so', async () => {
    const level1 = await createDistributorAccount(w.db);
    const level2 = await createDistributorAccount(w.db);
    const chosen = await createDistributorAccount(w.db);
    const p = await staff.products.create(platformProductForm(w.category.id, w.brand.id));
    await expect(staff.products.setVisibility({ id: p.id, visibility: 'restricted' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const before = await productRow(p.id);
    await staff.products.setVisibility({ id: p.id, visibility: 'restricted', levelIds: [level1.levelId], distributorIds: [chosen.distributorId] });
    const after = await productRow(p.id);
    expect(after).toMatchObject({ visibility: 'restricted', version: before.version + 1 });
    expect(await w.db.select().from(productLevelGrants).where(eq(productLevelGrants.productId, p.id))).toEqual([{ productId: p.id, levelId: level1.levelId }]);
    expect(await w.db.select().from(productDistributorGrants).where(eq(productDistributorGrants.productId, p.id))).toEqual([{ productId: p.id, distributorId: chosen.distributorId }]);
    const last = (await eventsFor(p.id)).filter((e) => e.type === 'product.updated' && (e.data as { version: number }).version === after.version);
    const statusFor = (id: number) => (last.find((e) => e.distributorId === id)!.data as { status: string }).status;
    expect(statusFor(level1.distributorId)).toBe('on_sale');
    expect(statusFor(chosen.distributorId)).toBe('on_sale');
    expect(statusFor(level2.distributorId)).toBe('unavailable');
    expect((await staff.products.get({ id: p.id })).grants).toEqual({ levelIds: [level1.levelId], distributorIds: [chosen.distributorId] });

    await staff.products.setVisibility({ id: p.id, visibility: 'all', levelIds: [level1.levelId] });
    expect(await w.db.select().from(productLevelGrants).where(eq(productLevelGrants.productId, p.id))).toEqual([]);
  });

  it('refuses disabled categories and brands for new products, and keeps existing ones', async () => {
    const { createCategory } = await import('@tests/support/factories');
    const disabled = await createCategory(w.db);
    await staff.catalog.categories.setStatus({ id: disabled.id, status: 'disabled' });
    await expect(staff.products.create(platformProductForm(disabled.id, w.brand.id))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const existing = await createProduct(w.db, { categoryId: disabled.id, brandId: w.brand.id });
    await expect(staff.products.update({ ...platformProductEdit(disabled.id, w.brand.id, { skuCode: existing.skuCode, title: '仍可编辑' }), id: existing.id })).resolves.toMatchObject({ title: '仍可编辑' });
  });
});
