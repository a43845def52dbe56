/**
 * China time (Asia/Shanghai, UTC+8 all year): the hub's business clock. Every time and day
 * the portals show, every calendar day a filter or a bill means, is China time, whatever the
 * browser's own zone. Times are shown through next-intl's formatter, whose time zone is this
 * one (src/i18n/request.ts); days, months and datetime-local values come from here. Nothing
 * else formats a date (tests/ui/china-time.test.ts holds the portals to it).
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** China keeps no daylight saving time: its offset from UTC is fixed. */
const CHINA_OFFSET_MS = 8 * 3600_000;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** A moment's calendar day in China, YYYY-MM-DD (today without an argument). */
export function chinaDay(at: Date = new Date()): string {
  return dayFormat.format(at);
}

/** A moment's calendar month in China, YYYY-MM. */
export function chinaMonth(at: Date = new Date()): string {
  return chinaDay(at).slice(0, 7);
}

/** The China day `n` days before a YYYY-MM-DD day. */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/** A moment as a datetime-local field's value (YYYY-MM-DDTHH:mm) in China time. */
export function toChinaDateTimeLocal(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local field's value read as China time. */
export function fromChinaDateTimeLocal(local: string): Date {
  return new Date(`${local}:00+08:00`);
}
