import { z } from 'zod';
import { pageInput } from '../paging';

const id = z.number().int().positive();

export const supplierListInput = z.object({
  q: z.string().trim().max(100).default(''),
  status: z.enum(['active', 'disabled']).nullable().default(null),
  ...pageInput.shape,
});

export const updateSupplierInput = z.object({
  id,
  name: z.string().trim().min(1, 'company name is required').max(128),
  contactName: z.string().trim().max(64).default(''),
  phone: z.string().trim().max(32).default(''),
});

export const supplierAssignmentsInput = z.object({
  id,
  categoryIds: z.array(id).max(500).default([]),
  brandIds: z.array(id).max(500).default([]),
});

export const supplierStatusInput = z.object({ id, status: z.enum(['active', 'disabled']) });
