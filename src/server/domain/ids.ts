import { z } from 'zod';

/**
 * A row id in an input. Serial columns are PostgreSQL integers: a larger number names no
 * row, and must be refused as bad input before it reaches a query (where it is an error).
 */
export const idSchema = z.int().positive().max(2_147_483_647);
