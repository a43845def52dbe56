import { z } from 'zod';
import { idSchema } from '../ids';
import { pageInput } from '../paging';

const id = idSchema;

export const supplierListInput = z.strictObject({
  q: z.string().trim().max(100).default(''),
  status: z.enum(['active', 'disabled']).nullable().default(null),
  ...pageInput.shape,
});

export const updateSupplierInput = z.strictObject({
  id,
  name: z.string().trim().min(1, 'company name is required').max(128),
  contactName: z.string().trim().max(64).default(''),
  phone: z.string().trim().max(32).default(''),
});

export const supplierAssignmentsInput = z.strictObject({
  id,
  categoryIds: z.array(id).max(500).default([]),
  brandIds: z.array(id).max(500).default([]),
});

export const supplierStatusInput = z.strictObject({ id, status: z.enum(['active', 'disabled']) });
