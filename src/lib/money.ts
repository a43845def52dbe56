/**
 * Money is integer fen everywhere (2100 = 21.00 CNY). This module is the one place that
 * does arithmetic on it: fees, rounding, parsing what people type, and formatting.
 */

export const BPS_DENOMINATOR = 10_000;

function assertFen(value: number, name: string) {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer number of fen, got ${value}`);
}

/** `amount × bps / 10000`, rounded half-up to the fen (amount ≥ 0). */
export function applyBps(amount: number, bps: number): number {
  assertFen(amount, 'amount');
  if (!Number.isInteger(bps) || bps < 0) throw new RangeError(`bps must be a non-negative integer, got ${bps}`);
  if (amount < 0) throw new RangeError('applyBps expects a non-negative amount');
  // Integer arithmetic: (a·b + 5000) / 10000 floored is half-up rounding for non-negative values.
  const product = BigInt(amount) * BigInt(bps);
  return Number((product + BigInt(BPS_DENOMINATOR / 2)) / BigInt(BPS_DENOMINATOR));
}

/** The service fee per unit for a supply price at a level's rate. */
export function serviceFee(supplyPrice: number, feeBps: number): number {
  return applyBps(supplyPrice, feeBps);
}

/** 协议价: supply price + supply price × fee rate, per unit, rounded half-up to the fen. */
export function agreedUnitPrice(supplyPrice: number, feeBps: number): number {
  return supplyPrice + serviceFee(supplyPrice, feeBps);
}

export function lineAmount(unitPrice: number, quantity: number): number {
  assertFen(unitPrice, 'unitPrice');
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  const amount = unitPrice * quantity;
  assertFen(amount, 'amount');
  return amount;
}

/**
 * What selling `quantity` units at the mall's retail price leaves the distributor: the
 * agreed total it pays the hub, and the margin (retail − agreed) × quantity. Negative when
 * the retail price is below the agreed price.
 */
export function retailMargin(agreedUnit: number, retailUnit: number, quantity: number) {
  const agreedTotal = lineAmount(agreedUnit, quantity);
  const retailTotal = lineAmount(retailUnit, quantity);
  return { agreedTotal, retailTotal, marginPerUnit: retailUnit - agreedUnit, margin: retailTotal - agreedTotal };
}

/** Fen as "1,234.56"; with `currency` as "¥1,234.56". Negative amounts keep their sign. */
export function formatFen(fen: number, options: { currency?: boolean; grouping?: boolean } = {}): string {
  assertFen(fen, 'fen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const yuanText = options.grouping === false ? String(yuan) : yuan.toLocaleString('en-US');
  return `${sign}${options.currency ? '¥' : ''}${yuanText}.${cents}`;
}

/**
 * A chart axis tick: whole yuan, grouped, no ¥ ("1,234" for 123,456 fen), the axis title or
 * the tooltip saying the unit; the tooltip shows the exact ¥ amount. Takes the non-integer
 * values charts compute for their ticks.
 */
export function formatAxisYuan(fen: number): string {
  return formatFen(Math.trunc(fen / 100) * 100).replace(/\.00$/, '');
}

/**
 * Parses a yuan amount as people type it ("21", "21.5", "21.00", "1,234.56") into fen.
 * Returns null when it is not a plain amount with at most two decimals: no floats involved.
 */
export function parseYuan(text: string): number | null {
  const cleaned = text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const match = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const [, minus, whole, frac = ''] = match;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return minus ? -fen : fen;
}

/** The sum of amounts in fen (exact: refuses to pass the safe-integer range). */
export function sumFen(amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) {
    assertFen(a, 'amount');
    total += a;
  }
  assertFen(total, 'total');
  return total;
}

/**
 * Fen as a number of yuan, for a spreadsheet cell that people sum (shown with two decimals).
 * The only place fen become a fraction: every figure the hub computes stays in fen, and
 * Math.round(yuan × 100) gives the fen back exactly for any amount below 2^53 / 100.
 */
export function fenToYuanNumber(fen: number): number {
  assertFen(fen, 'fen');
  return fen / 100;
}
