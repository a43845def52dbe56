import { z } from 'zod';

/**
 * A row id in an input. Serial columns are PostgreSQL integers: a larger number names no
 * row, and must be refused as bad input before it reaches a query (where it is an error).
 */
export const idSchema = z.int().positive().max(2_147_483_647);

/** The same in a query string (a download link's), where ids are text. */
export const queryIdSchema = z.coerce.number().int().positive().max(2_147_483_647);
