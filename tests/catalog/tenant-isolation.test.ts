/**
 * Supplier A cannot read or change supplier B's products through any procedure of the
 * supplier portal: each answers NOT_FOUND, and B's product is left exactly as it was.
 * (Every procedure of the portal, this one's and any new one, is also in the generated matrix:
 * tests/security/tenant-matrix.test.ts.)
 */
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerAs } from '@tests/support/trpc';
import { catalogWorld, productRow, supplierProductForm } from './helpers';

type SupplierApi = ReturnType<typeof callerAs>['supplier']['products'];

describe('supplier tenant isolation', () => {
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let a: SupplierApi;
  let b: SupplierApi;
  const bProducts: Record<string, number> = {};

  beforeAll(async () => {
    w = await catalogWorld();
    a = callerAs(w.supplierA.identity).supplier.products;
    b = callerAs(w.supplierB.identity).supplier.products;
    const staff = callerAs(w.staff.identity).admin;
    // B has a product in every status A might try to act on.
    bProducts.draft = (await b.create(supplierProductForm(w.category.id, w.brand.id))).id;
    const inReview = await b.create(supplierProductForm(w.category.id, w.brand.id, { submit: true }));
    bProducts.inReview = inReview.id;
    const onSale = await b.create(supplierProductForm(w.category.id, w.brand.id, { submit: true }));
    await staff.review.approve({ id: onSale.id, submittedAt: onSale.submittedAt!, supplyPrice: 3000 });
    bProducts.onSale = onSale.id;
  });

  /** Every supplier procedure that names a product, with how A would call it on B's. */
  const cases: Record<string, (api: SupplierApi, id: number) => Promise<unknown>> = {
    get: (api, id) => api.get({ id }),
    update: (api, id) => api.update({ ...supplierProductForm(w.category.id, w.brand.id), id, submit: true }),
    submit: (api, id) => api.submit({ id }),
    withdraw: (api, id) => api.withdraw({ id }),
    takeOffShelf: (api, id) => api.takeOffShelf({ id }),
    setStock: (api, id) => api.setStock({ id, stock: 0 }),
  };
  for (const [name, call] of Object.entries(cases)) {
    it(`${name}: B's product is NOT_FOUND for A, in every status, and stays unchanged`, async () => {
      for (const id of Object.values(bProducts)) {
        const before = await productRow(id);
        const error = await call(a, id).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${name} on ${before.status}`).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe('NOT_FOUND');
        expect(await productRow(id)).toEqual(before);
      }
    });
  }

  it("list: A's list never includes B's products, whatever the search", async () => {
    const mine = await a.create(supplierProductForm(w.category.id, w.brand.id));
    const bSku = (await productRow(bProducts.draft)).skuCode;
    expect((await a.list({})).rows.map((r) => r.id)).toEqual([mine.id]);
    expect((await a.list({ q: bSku })).total).toBe(0);
    expect((await a.list({ status: 'on_sale' })).total).toBe(0);
    expect((await b.list({})).total).toBe(3);
  });

  it("create: A cannot take B's SKU code, and learns nothing but that it is taken", async () => {
    const bSku = (await productRow(bProducts.draft)).skuCode;
    const error = await a.create(supplierProductForm(w.category.id, w.brand.id, { skuCode: bSku })).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    // Only the code it typed itself: no product id, no owner.
    expect(((error as TRPCError).cause as { details?: unknown }).details).toEqual({ field: 'skuCode', skuCode: bSku });
  });

  it('formOptions and attributesFor: only A’s own assignments', async () => {
    const { createCategory } = await import('@tests/support/factories');
    const onlyB = await createCategory(w.db);
    const { setSupplierAssignments } = await import('@/server/domain/suppliers/manage');
    await setSupplierAssignments(w.staff.ctx, { id: w.supplierB.supplierId, categoryIds: [w.category.id, onlyB.id], brandIds: [w.brand.id] });
    expect((await a.formOptions()).categories.map((c) => c.id)).not.toContain(onlyB.id);
    expect((await b.formOptions()).categories.map((c) => c.id)).toContain(onlyB.id);
    await expect(a.attributesFor({ categoryId: onlyB.id, brandId: w.brand.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a supplier cannot call staff procedures at all', async () => {
    const asSupplier = callerAs(w.supplierA.identity).admin;
    await expect(asSupplier.products.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asSupplier.review.queue({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asSupplier.products.get({ id: bProducts.draft })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
