import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { attributes, brands, categories } from '@/server/db/schema';
import { recordAudit } from '../audit';
import type { StaffCtx } from '../context';
import { notFound } from '../errors';
import type { setStatusInput } from './schemas';
import { inTransaction } from './tx';

const TABLES = { category: categories, brand: brands, attribute: attributes } as const;
const NAMES = { category: 'Category', brand: 'Brand', attribute: 'Attribute' } as const;

/**
 * Disables or enables a category, brand or attribute. A disabled one is offered for no new
 * product (nor, an attribute, on any form); the products that already use it keep it.
 */
export async function setReferenceStatus(ctx: StaffCtx, kind: keyof typeof TABLES, input: z.output<typeof setStatusInput>) {
  const table = TABLES[kind];
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(table)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(table.id, input.id))
      .returning({ id: table.id, status: table.status });
    if (!row) throw notFound(NAMES[kind]);
    await recordAudit(tx, { action: `${kind}.${input.status === 'active' ? 'enable' : 'disable'}`, entityType: kind, entityId: row.id });
    return row;
  });
}
