import type { VisibleText } from './visible-english';

/**
 * A number with exactly two decimals that is not part of a longer number: how an amount of
 * money reads ("21.00", "1,234.56"). Not one after ¥ (formatFen's currency form, "-¥0.05"
 * too), nor a rate ("8.00%"), nor one the text itself says is in 元 ("21.00 元", the API
 * page's explanation of fen), nor part of a dotted number (a version, "12.03.2026").
 */
const BARE_AMOUNT = /(?<![¥￥\d.,])\d{1,3}(?:,\d{3})*\.\d\d(?![\d%]|\.\d|\s?元)/g;

/**
 * The amounts a page's text shows without the ¥ every amount is shown with, with the text
 * they stand in. Attributes are left out: an amount field's placeholder ("0.00") shows what
 * to type, a plain number (its label says 元).
 */
export function bareAmounts(visible: VisibleText): { amount: string; in: string }[] {
  const found: { amount: string; in: string }[] = [];
  for (const text of visible.text) {
    for (const [amount] of text.matchAll(BARE_AMOUNT)) found.push({ amount, in: text.length > 80 ? `${text.slice(0, 80)}…` : text });
  }
  return found;
}
