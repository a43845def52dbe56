/** Service-fee rates: basis points in the data (500 = 5%), percentages for people. */

/** "5" or "5.25" (%) → 500 or 525 bps; null unless a plain number with at most two decimals. */
export function percentToBps(text: string): number | null {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/%$/, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 525 → "5.25%". */
export function formatBps(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;
}
