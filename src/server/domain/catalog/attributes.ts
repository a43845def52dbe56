import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { attributeBrands, attributeCategories, attributes, type ProductAttribute } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { DomainError, notFound } from '../errors';
import { knownCategoriesAndBrands } from './references';
import type { attributeInput, updateAttributeInput } from './schemas';
import { inTransaction } from './tx';

export async function listAttributes(ctx: StaffCtx) {
  const [rows, cats, brs] = await Promise.all([
    ctx.db.select().from(attributes).orderBy(asc(attributes.name), asc(attributes.id)),
    ctx.db.select().from(attributeCategories),
    ctx.db.select().from(attributeBrands),
  ]);
  return rows.map((a) => ({
    ...a,
    categoryIds: cats.filter((c) => c.attributeId === a.id).map((c) => c.categoryId),
    brandIds: brs.filter((b) => b.attributeId === a.id).map((b) => b.brandId),
  }));
}

async function writeLinks(db: DbOrTx, attributeId: number, links: { categoryIds: number[]; brandIds: number[] }) {
  await db.delete(attributeCategories).where(eq(attributeCategories.attributeId, attributeId));
  await db.delete(attributeBrands).where(eq(attributeBrands.attributeId, attributeId));
  if (links.categoryIds.length) await db.insert(attributeCategories).values(links.categoryIds.map((categoryId) => ({ attributeId, categoryId })));
  if (links.brandIds.length) await db.insert(attributeBrands).values(links.brandIds.map((brandId) => ({ attributeId, brandId })));
}

const uniqueValues = (values: string[]) => [...new Set(values)];

export async function createAttribute(ctx: StaffCtx, input: z.output<typeof attributeInput>) {
  return inTransaction(ctx, async (tx) => {
    const links = await knownCategoriesAndBrands(tx.db, input);
    const [row] = await tx.db.insert(attributes).values({ name: input.name, values: uniqueValues(input.values) }).returning();
    await writeLinks(tx.db, row.id, links);
    await recordAudit(tx, { action: 'attribute.create', entityType: 'attribute', entityId: row.id, detail: { name: row.name, values: row.values, ...links } });
    return row;
  });
}

/**
 * Products keep the attribute values they were saved with (malls already show them); the
 * new allowed values apply from the product's next edit.
 */
export async function updateAttribute(ctx: StaffCtx, input: z.output<typeof updateAttributeInput>) {
  return inTransaction(ctx, async (tx) => {
    const links = await knownCategoriesAndBrands(tx.db, input);
    const [row] = await tx.db
      .update(attributes)
      .set({ name: input.name, values: uniqueValues(input.values), updatedAt: new Date() })
      .where(eq(attributes.id, input.id))
      .returning();
    if (!row) throw notFound('Attribute');
    await writeLinks(tx.db, row.id, links);
    await recordAudit(tx, { action: 'attribute.update', entityType: 'attribute', entityId: row.id, detail: { name: row.name, values: row.values, ...links } });
    return row;
  });
}

export type ApplicableAttribute = { name: string; values: string[] };

/**
 * The attributes a product in this category and brand may carry: the active ones attached
 * to the category, to any of its parent categories, or to the brand. Attributes of the same
 * name merge their allowed values (free text if any of them is free text).
 */
export async function attributesFor(db: DbOrTx, categoryId: number, brandId: number): Promise<ApplicableAttribute[]> {
  const rows = await db.execute<{ name: string; values: string[] }>(sql`
    WITH RECURSIVE up(id) AS (
      SELECT ${categoryId}::int
      UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL
    )
    SELECT a.name, a.values FROM attributes a
    WHERE a.status = 'active' AND (
      EXISTS (SELECT 1 FROM attribute_categories ac WHERE ac.attribute_id = a.id AND ac.category_id IN (SELECT id FROM up))
      OR EXISTS (SELECT 1 FROM attribute_brands ab WHERE ab.attribute_id = a.id AND ab.brand_id = ${brandId}))
    ORDER BY a.name, a.id`);
  const byName = new Map<string, ApplicableAttribute>();
  for (const r of rows) {
    const seen = byName.get(r.name);
    if (!seen) byName.set(r.name, { name: r.name, values: [...r.values] });
    else if (seen.values.length === 0 || r.values.length === 0) seen.values = [];
    else seen.values = uniqueValues([...seen.values, ...r.values]);
  }
  return [...byName.values()];
}

/** Refuses attributes that do not apply to the category and brand, or values not allowed. */
export function assertAttributesAllowed(given: ProductAttribute[], allowed: ApplicableAttribute[]) {
  const byName = new Map(allowed.map((a) => [a.name, a]));
  const seen = new Set<string>();
  for (const attr of given) {
    const rule = byName.get(attr.name);
    if (!rule) throw new DomainError('INVALID_REQUEST', `The attribute "${attr.name}" does not apply to this category and brand`, { field: 'attributes', name: attr.name });
    if (seen.has(attr.name)) throw new DomainError('INVALID_REQUEST', `The attribute "${attr.name}" is given twice`, { field: 'attributes', name: attr.name });
    seen.add(attr.name);
    if (rule.values.length && !rule.values.includes(attr.value)) {
      throw new DomainError('INVALID_REQUEST', `"${attr.value}" is not an allowed value of "${attr.name}"`, { field: 'attributes', name: attr.name, value: attr.value });
    }
  }
}
