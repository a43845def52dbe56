import { ilike, like, type Column, type SQL } from 'drizzle-orm';

/** A LIKE/ILIKE pattern matching `text` anywhere, with its own % _ \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column` contains `text`, whatever its case. Text without cased letters (Chinese, digits,
 * signs) is matched with LIKE: the same rows, without ILIKE folding the case of every value
 * it reads, which was a third of a Chinese title search's time over 100,000 products
 * (BENCHMARKS.md, the staff product list). The trigram indexes serve both.
 */
export function containsText(column: Column, text: string): SQL {
  const pattern = containsPattern(text);
  return text.toLowerCase() === text.toUpperCase() ? like(column, pattern) : ilike(column, pattern);
}
