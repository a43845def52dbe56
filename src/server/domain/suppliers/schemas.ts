import { z } from 'zod';

const id = z.number().int().positive();

export const supplierListInput = z.object({
  q: z.string().trim().max(100).default(''),
  status: z.enum(['active', 'disabled']).nullable().default(null),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
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
