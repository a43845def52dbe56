import { z } from 'zod';
import { orderNoSchema } from './schemas';

/**
 * The carriers a package ships with (快递公司). Stored and sent to malls by these names;
 * `other` is any other carrier, named in free text, which is what is stored then.
 */
export const CARRIERS = ['顺丰', '中通', '圆通', '韵达', '申通', 'EMS', '京东', '极兔'] as const;
export type Carrier = (typeof CARRIERS)[number];

/**
 * What a CSV may say for each carrier: the names merchants and carriers' own exports use,
 * in Chinese and English. Compared without case or spaces.
 */
const CARRIER_ALIASES: Record<Carrier, string[]> = {
  顺丰: ['顺丰', '顺丰速运', '顺丰快递', 'sf', 'sfexpress', 'sf express', 'shunfeng'],
  中通: ['中通', '中通快递', 'zto', 'zhongtong'],
  圆通: ['圆通', '圆通速递', '圆通快递', 'yto', 'yuantong'],
  韵达: ['韵达', '韵达快递', '韵达速递', 'yunda', 'yd'],
  申通: ['申通', '申通快递', 'sto', 'shentong'],
  EMS: ['ems', '中国邮政', '邮政', '邮政ems', 'chinapost', 'china post'],
  京东: ['京东', '京东物流', '京东快递', 'jd', 'jdl', 'jd logistics'],
  极兔: ['极兔', '极兔速递', '极兔快递', 'j&t', 'jt', 'jtexpress', 'j&t express'],
};

const squash = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const ALIAS_TO_CARRIER = new Map<string, Carrier>(Object.entries(CARRIER_ALIASES).flatMap(([carrier, aliases]) => aliases.map((a) => [squash(a), carrier as Carrier] as const)));

/** `其他:德邦` / `其它：德邦` / `other: Deppon` in a CSV: another carrier, named. */
const OTHER_PREFIX = /^(其他|其它|other)\s*[:：]\s*(.+)$/i;

/**
 * Reads a carrier as a person typed it in a CSV: a known carrier by any of its names, or
 * another carrier written `其他:名称`. Anything else is null (a typo such as 顺风 must not
 * ship a package with a carrier no one can track).
 */
export function parseCarrierText(text: string): { carrier: Carrier | 'other'; otherCarrier?: string } | null {
  const known = ALIAS_TO_CARRIER.get(squash(text));
  if (known) return { carrier: known };
  const other = OTHER_PREFIX.exec(text.trim());
  if (other && other[2].trim()) return { carrier: 'other', otherCarrier: other[2].trim() };
  return null;
}

export const trackingNoSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,40}$/, 'a tracking number of 4–40 letters, digits and -');

/** Shipping one package: the order, the carrier (or `other` and its name) and the tracking number. */
export const shipInput = z
  .strictObject({
    orderNo: orderNoSchema,
    carrier: z.enum([...CARRIERS, 'other']),
    otherCarrier: z.string().trim().max(30).optional(),
    trackingNo: trackingNoSchema,
  })
  .refine((v) => v.carrier !== 'other' || !!v.otherCarrier, { path: ['otherCarrier'], message: 'name the carrier' });
export type ShipInput = z.output<typeof shipInput>;

/** The carrier as stored on the package and shown to malls. */
export function carrierName(input: Pick<ShipInput, 'carrier' | 'otherCarrier'>): string {
  return input.carrier === 'other' ? input.otherCarrier! : input.carrier;
}

/** One row of a shipping CSV as the browser read it (the line number is the file's). */
export const shipmentRow = z.strictObject({
  line: z.int().min(1),
  orderNo: z.string().max(100),
  carrier: z.string().max(100),
  trackingNo: z.string().max(100),
});

/** A slice of a shipping CSV: the browser sends a big file in slices, to show progress. */
export const shipManyInput = z.strictObject({ rows: z.array(shipmentRow).min(1).max(200) });
