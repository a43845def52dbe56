import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDistributorAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { auditOf, catalogWorld, eventsFor, productRow, storedImage, supplierProductForm } from './helpers';

type World = Awaited<ReturnType<typeof catalogWorld>>;

async function expectCode(promise: Promise<unknown>, code: string, domainCode?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (domainCode) expect(((error as TRPCError).cause as { code?: string }).code).toBe(domainCode);
  return error as TRPCError;
}

describe('a supplier product from upload to sale', () => {
  let w: World;
  let supplier: ReturnType<typeof callerAs>['supplier'];
  let staff: ReturnType<typeof callerAs>['admin'];

  beforeAll(async () => {
    w = await catalogWorld();
    supplier = callerAs(w.supplierA.identity).supplier;
    staff = callerAs(w.staff.identity).admin;
    await createDistributorAccount(w.db);
  });

  it('saves a draft (暂不审核) that staff review does not see, and submits it (立即审核)', async () => {
    const image = await storedImage(w.supplierA.ctx);
    const draft = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { images: [image] }));
    expect(draft.status).toBe('draft');
    const queue = await staff.review.queue({});
    expect(queue.rows.map((r) => r.id)).not.toContain(draft.id);

    const submitted = await supplier.products.submit({ id: draft.id });
    expect(submitted.status).toBe('pending_review');
    expect(submitted.submittedAt).toBeInstanceOf(Date);
    expect((await staff.review.queue({})).rows.map((r) => r.id)).toContain(draft.id);
  });

  it('is approved with the platform supply price: on sale, cost = the supplier supply price, malls told', async () => {
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { costPrice: 2200, submit: true }));
    expect(created.status).toBe('pending_review');
    const before = await productRow(created.id);
    const approved = await staff.review.approve({ id: created.id, submittedAt: created.submittedAt!, supplyPrice: 3200 });
    expect(approved).toMatchObject({ status: 'on_sale', supplyPrice: 3200, costPrice: 2200 });
    const after = await productRow(created.id);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(after.reviewedAt).toBeInstanceOf(Date);
    const events = await eventsFor(created.id);
    expect(events.map((e) => e.type)).toContain('product.updated');
    expect(events.find((e) => e.type === 'product.updated')!.data).toMatchObject({ status: 'on_sale', supplyPrice: 3200, version: after.version });

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(['product.create', 'product.submit', 'product.approve']);
    expect(audit[2]).toMatchObject({ actorKind: 'staff', actorUserId: w.staff.userId });

    // The supplier sees the decision in its history, without the platform's price.
    const mine = await supplier.products.get({ id: created.id });
    expect(mine.history.map((h) => h.action)).toContain('product.approve');
    expect(JSON.stringify(mine)).not.toContain('3200');
    expect(mine).not.toHaveProperty('supplyPrice');
  });

  it('is rejected with a reason the supplier sees, fixed and resubmitted, then approved', async () => {
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { submit: true }));
    await expectCode(staff.review.reject({ id: created.id, submittedAt: created.submittedAt!, reason: ' ' }), 'BAD_REQUEST');
    const rejected = await staff.review.reject({ id: created.id, submittedAt: created.submittedAt!, reason: '主图不清晰，请重新上传' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '主图不清晰，请重新上传' });

    const seen = await supplier.products.get({ id: created.id });
    expect(seen.rejectReason).toBe('主图不清晰，请重新上传');
    expect(seen.history[0]).toMatchObject({ action: 'product.reject', by: 'platform', detail: { reason: '主图不清晰，请重新上传' } });

    // Saving the fix as a draft keeps the reason in view; submitting clears it.
    const fixedDraft = await supplier.products.update({ ...supplierProductForm(w.category.id, w.brand.id, { skuCode: created.skuCode, title: '手工牛轧糖 400g（新图）' }), id: created.id });
    expect(fixedDraft).toMatchObject({ status: 'draft', rejectReason: '主图不清晰，请重新上传' });
    const resubmitted = await supplier.products.submit({ id: created.id });
    expect(resubmitted).toMatchObject({ status: 'pending_review', rejectReason: null });
    await staff.review.approve({ id: created.id, submittedAt: resubmitted.submittedAt!, supplyPrice: 3000 });
    expect((await productRow(created.id)).status).toBe('on_sale');
  });

  it('refuses the forbidden review transitions', async () => {
    const draft = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id));
    // Staff cannot decide on a draft, nor twice on the same submission.
    await expectCode(staff.review.approve({ id: draft.id, submittedAt: new Date(), supplyPrice: 100 }), 'CONFLICT', 'INVALID_STATE');
    const submitted = await supplier.products.submit({ id: draft.id });
    await expectCode(supplier.products.submit({ id: draft.id }), 'CONFLICT', 'INVALID_STATE');
    await staff.review.approve({ id: draft.id, submittedAt: submitted.submittedAt!, supplyPrice: 100 });
    await expectCode(staff.review.approve({ id: draft.id, submittedAt: submitted.submittedAt!, supplyPrice: 100 }), 'CONFLICT', 'INVALID_STATE');
    await expectCode(staff.review.reject({ id: draft.id, submittedAt: submitted.submittedAt!, reason: 'x' }), 'CONFLICT', 'INVALID_STATE');
    // On sale: no submission, no withdrawal.
    await expectCode(supplier.products.submit({ id: draft.id }), 'CONFLICT', 'INVALID_STATE');
    await expectCode(supplier.products.withdraw({ id: draft.id }), 'CONFLICT', 'INVALID_STATE');
    // A platform product is never in review.
    const platform = await staff.products.create({
      skuCode: `PF-${draft.id}`,
      title: '自营',
      categoryId: w.category.id,
      brandId: w.brand.id,
      costPrice: 1,
      supplyPrice: 2,
      stock: 1,
      status: 'on_sale',
    });
    await expectCode(staff.review.approve({ id: platform.id, submittedAt: new Date(), supplyPrice: 1 }), 'NOT_FOUND');
  });

  it('refuses a decision on a submission that was withdrawn and resubmitted meanwhile', async () => {
    const first = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { submit: true }));
    await supplier.products.withdraw({ id: first.id });
    await new Promise((r) => setTimeout(r, 5));
    const second = await supplier.products.submit({ id: first.id });
    expect(second.submittedAt!.getTime()).not.toBe(first.submittedAt!.getTime());
    const error = await expectCode(staff.review.approve({ id: first.id, submittedAt: first.submittedAt!, supplyPrice: 100 }), 'CONFLICT', 'CONFLICT');
    expect(error.message).toMatch(/reload/);
    expect((await productRow(first.id)).status).toBe('pending_review');
  });

  it('while on sale changes only stock; off shelf it is edited and goes back through review', async () => {
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { submit: true, stock: 10 }));
    await staff.review.approve({ id: created.id, submittedAt: created.submittedAt!, supplyPrice: 3000 });
    const form = { ...supplierProductForm(w.category.id, w.brand.id, { skuCode: created.skuCode, title: '改了标题' }), id: created.id };
    const refused = await expectCode(supplier.products.update(form), 'CONFLICT', 'INVALID_STATE');
    expect((refused.cause as { details?: { reason?: string } }).details?.reason).toBe('on_sale_stock_only');
    expect((await productRow(created.id)).title).toBe('手工牛轧糖 400g');

    const before = await productRow(created.id);
    const stock = await supplier.products.setStock({ id: created.id, stock: 77 });
    expect(stock).toMatchObject({ stock: 77, status: 'on_sale' });
    expect((await productRow(created.id)).version).toBeGreaterThan(before.version);
    expect((await eventsFor(created.id)).some((e) => e.type === 'product.stock_changed' && (e.data as { stock: number }).stock === 77)).toBe(true);

    const off = await supplier.products.takeOffShelf({ id: created.id });
    expect(off.status).toBe('off_shelf');
    expect((await eventsFor(created.id)).some((e) => e.type === 'product.status_changed' && (e.data as { status: string }).status === 'unavailable')).toBe(true);
    const edited = await supplier.products.update({ ...form, submit: true });
    expect(edited).toMatchObject({ status: 'pending_review', title: '改了标题' });
  });

  it('restocking a sold-out product puts it back on sale', async () => {
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { submit: true, stock: 0 }));
    await staff.review.approve({ id: created.id, submittedAt: created.submittedAt!, supplyPrice: 3000 });
    const { markSoldOut } = await import('@/server/domain/inventory/stock-rules');
    await w.db.transaction((tx) => markSoldOut(tx, [created.id]));
    expect((await productRow(created.id)).status).toBe('sold_out');
    await expectCode(supplier.products.update({ ...supplierProductForm(w.category.id, w.brand.id, { skuCode: created.skuCode }), id: created.id }), 'CONFLICT', 'INVALID_STATE');
    expect(await supplier.products.setStock({ id: created.id, stock: 5 })).toMatchObject({ stock: 5, status: 'on_sale' });
  });

  it('refuses edits while in review until withdrawn', async () => {
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { submit: true }));
    const form = { ...supplierProductForm(w.category.id, w.brand.id, { skuCode: created.skuCode }), id: created.id };
    const refused = await expectCode(supplier.products.update(form), 'CONFLICT', 'INVALID_STATE');
    expect((refused.cause as { details?: { reason?: string } }).details?.reason).toBe('in_review');
    expect((await supplier.products.withdraw({ id: created.id })).status).toBe('draft');
    expect((await supplier.products.update(form)).status).toBe('draft');
  });

  it('does not tell malls about drafts', async () => {
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id));
    await supplier.products.setStock({ id: created.id, stock: 3 });
    await supplier.products.update({ ...supplierProductForm(w.category.id, w.brand.id, { skuCode: created.skuCode, title: '草稿改名' }), id: created.id });
    expect(await eventsFor(created.id)).toEqual([]);
  });
});

describe('the server enforces a supplier’s categories, brands and attributes', () => {
  let w: World;
  let supplier: ReturnType<typeof callerAs>['supplier'];

  beforeAll(async () => {
    w = await catalogWorld();
    supplier = callerAs(w.supplierA.identity).supplier;
  });

  it('offers only the assigned categories (with subcategories) and brands', async () => {
    const { createCategory } = await import('@tests/support/factories');
    const child = await createCategory(w.db, { parentId: w.category.id });
    const options = await supplier.products.formOptions();
    expect(options.categories.map((c) => c.id).sort()).toEqual([w.category.id, child.id].sort());
    expect(options.brands.map((b) => b.id)).toEqual([w.brand.id]);
    // A product may go into the subcategory of an assigned category.
    await expect(supplier.products.create(supplierProductForm(child.id, w.brand.id))).resolves.toMatchObject({ categoryId: child.id });
  });

  it('refuses an unassigned category or brand, on create and on update', async () => {
    const c = await expectCode(supplier.products.create(supplierProductForm(w.otherCategory.id, w.brand.id)), 'BAD_REQUEST');
    expect((c.cause as { details?: unknown }).details).toMatchObject({ field: 'categoryId', reason: 'not_assigned' });
    const b = await expectCode(supplier.products.create(supplierProductForm(w.category.id, w.otherBrand.id)), 'BAD_REQUEST');
    expect((b.cause as { details?: unknown }).details).toMatchObject({ field: 'brandId', reason: 'not_assigned' });
    const created = await supplier.products.create(supplierProductForm(w.category.id, w.brand.id));
    await expectCode(supplier.products.update({ ...supplierProductForm(w.otherCategory.id, w.brand.id, { skuCode: created.skuCode }), id: created.id }), 'BAD_REQUEST');
    await expectCode(supplier.products.attributesFor({ categoryId: w.otherCategory.id, brandId: w.brand.id }), 'BAD_REQUEST');
  });

  it('accepts only the attributes of the category or brand, with allowed values', async () => {
    const staff = callerAs(w.staff.identity).admin;
    await staff.catalog.attributes.create({ name: '规格', values: ['250g', '500g'], categoryIds: [w.category.id], brandIds: [] });
    await staff.catalog.attributes.create({ name: '产地', values: [], categoryIds: [], brandIds: [w.brand.id] });
    await staff.catalog.attributes.create({ name: '颜色', values: ['红'], categoryIds: [w.otherCategory.id], brandIds: [] });
    const offered = await supplier.products.attributesFor({ categoryId: w.category.id, brandId: w.brand.id });
    expect(offered.map((a) => a.name).sort()).toEqual(['产地', '规格']);

    const ok = await supplier.products.create(
      supplierProductForm(w.category.id, w.brand.id, { attributes: [{ name: '规格', value: '500g' }, { name: '产地', value: '云南' }] }),
    );
    expect(ok.attributes).toEqual([{ name: '规格', value: '500g' }, { name: '产地', value: '云南' }]);
    const wrongValue = await expectCode(supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { attributes: [{ name: '规格', value: '1kg' }] })), 'BAD_REQUEST');
    expect((wrongValue.cause as { details?: unknown }).details).toMatchObject({ field: 'attributes', name: '规格' });
    await expectCode(supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { attributes: [{ name: '颜色', value: '红' }] })), 'BAD_REQUEST');
  });

  it('refuses images that were not uploaded here', async () => {
    const e = await expectCode(supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { images: ['product/202601/0123456789abcdef0123456789abcdef.png'] })), 'BAD_REQUEST');
    expect((e.cause as { details?: unknown }).details).toMatchObject({ field: 'images' });
    await expectCode(supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { images: ['../../etc/passwd'] })), 'BAD_REQUEST');
  });

  it('refuses more than 20 images in all', async () => {
    const keys = await Promise.all(Array.from({ length: 21 }, () => storedImage(w.supplierA.ctx)));
    const e = await expectCode(supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { images: keys.slice(0, 11), detailImages: keys.slice(11) })), 'BAD_REQUEST');
    expect((e.cause as { details?: unknown }).details).toMatchObject({ field: 'images', reason: 'too_many' });
    await expect(supplier.products.create(supplierProductForm(w.category.id, w.brand.id, { images: keys.slice(0, 10), detailImages: keys.slice(10, 20) }))).resolves.toBeTruthy();
  });
});
