import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreedUnitPrice, applyBps, formatAxisYuan, formatFen, lineAmount, parseYuan, serviceFee } from '@/lib/money';

describe('money', () => {
  it('prices the worked example: supply 10.00 at 5% → 10.50 per unit, 21.00 for two', () => {
    expect(agreedUnitPrice(1000, 500)).toBe(1050);
    expect(lineAmount(agreedUnitPrice(1000, 500), 2)).toBe(2100);
    // the mall's commission: (100 − 10.50) × 2 × 100% = 179.00
    expect((10_000 - agreedUnitPrice(1000, 500)) * 2).toBe(17_900);
  });

  it('rounds the fee half-up to the fen', () => {
    expect(serviceFee(1, 5000)).toBe(1); // 0.5 fen → 1
    expect(serviceFee(1, 4999)).toBe(0); // 0.4999 fen → 0
    expect(serviceFee(333, 800)).toBe(27); // 26.64 → 27
    expect(serviceFee(3, 5000)).toBe(2); // 1.5 → 2
  });

  it('matches exact rational half-up rounding for any price and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 100_000 }), (amount, bps) => {
        const exact = BigInt(amount) * BigInt(bps); // in 1/10000 fen
        const floor = exact / 10_000n;
        const rem = exact % 10_000n;
        const expected = Number(rem >= 5_000n ? floor + 1n : floor);
        expect(applyBps(amount, bps)).toBe(expected);
      }),
    );
  });

  it('refuses fractional fen and bad quantities', () => {
    expect(() => applyBps(10.5, 100)).toThrow(RangeError);
    expect(() => lineAmount(100, 0)).toThrow(RangeError);
    expect(() => lineAmount(100, 1.5)).toThrow(RangeError);
  });

  it('parses what people type and formats it back', () => {
    expect(parseYuan('21')).toBe(2100);
    expect(parseYuan('21.5')).toBe(2150);
    expect(parseYuan('¥1,234.56')).toBe(123_456);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('1e3')).toBeNull();
    expect(formatFen(123_456)).toBe('1,234.56');
    expect(formatFen(-5, { currency: true })).toBe('-¥0.05');
    // Chart ticks: whole yuan, toward zero, from the fractional values charts compute.
    expect(formatAxisYuan(123_456)).toBe('1,234');
    expect(formatAxisYuan(2_500_000.4)).toBe('25,000');
    expect(formatAxisYuan(-150)).toBe('-1');
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(parseYuan(formatFen(fen))).toBe(fen);
      }),
    );
  });
});
