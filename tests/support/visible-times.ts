import { sql } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import type { VisibleText } from './visible-english';

/**
 * A date with a time as the portals show one in zh-CN: `2026/12/3 21:05`, `2026/12/3
 * 21:05:09` (dateStyle short, timeStyle short or medium) or `2026年12月3日 21:05` (medium).
 * A date alone carries no time zone worth checking at most hours of the day; a time does.
 */
const SHOWN_TIME = /\d{4}(?:\/\d{1,2}\/\d{1,2}|年\d{1,2}月\d{1,2}日)\s*\d{1,2}:\d{2}(?::\d{2})?/g;

const STYLES = [
  { dateStyle: 'short', timeStyle: 'short' },
  { dateStyle: 'short', timeStyle: 'medium' },
  { dateStyle: 'medium', timeStyle: 'short' },
  { dateStyle: 'medium', timeStyle: 'medium' },
] as const;

function renderings(zone: string) {
  const formats = STYLES.map((style) => new Intl.DateTimeFormat('zh-CN', { timeZone: zone, ...style }));
  return (at: Date) => formats.map((f) => f.format(at).replace(/\s+/g, ' '));
}

/**
 * Every moment the database holds (each `timestamp with time zone` column of every table)
 * written as the portals write times, in China time and in another zone. A time on a page
 * is right when it is the China rendering of a record; the other zone's rendering tells a
 * time shown in the browser's own zone.
 */
export class RecordedTimes {
  readonly china = new Set<string>();
  /** When the checks began: a page may show a time of its own making since (检查时间: when it checked). */
  private readonly since = Date.now();
  readonly elsewhere = new Set<string>();
  private readonly inChina = renderings('Asia/Shanghai');
  private readonly inOther: (at: Date) => string[];

  constructor(
    private readonly db: Db,
    otherZone: string,
  ) {
    this.inOther = renderings(otherZone);
  }

  /** Reads the database's moments again (pages viewed since may have recorded more: a sign-in). */
  async refresh() {
    const columns = (await this.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type = 'timestamp with time zone'
    `)) as unknown as { table_name: string; column_name: string }[];
    for (const { table_name, column_name } of columns) {
      const rows = (await this.db.execute(
        sql`select distinct ${sql.identifier(column_name)} as at from ${sql.identifier(table_name)} where ${sql.identifier(column_name)} is not null`,
      )) as unknown as { at: Date | string }[];
      for (const { at } of rows) {
        const moment = new Date(at);
        for (const text of this.inChina(moment)) this.china.add(text);
        for (const text of this.inOther(moment)) this.elsewhere.add(text);
      }
    }
  }

  /**
   * Whether a time, read as China time, falls between the start of the checks and now (with a
   * minute's margin, for times shown without seconds): a time the page made while it was
   * checked, such as when a report ran. Read in New York it would be 12 or 13 hours off.
   */
  private ofTheseChecks(time: string): boolean {
    const [y, mo, d, h, mi, sec = '0'] = time.match(/\d+/g)!;
    const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(sec));
    return at >= this.since - 60_000 && at <= Date.now() + 60_000;
  }

  /**
   * The times a page shows that are not the China time of any record, each with the text it
   * stands in and whether it is a record's time in the other zone. `times` counts the times
   * found, so that a test can tell a page that showed none.
   */
  async misplaced(visible: VisibleText): Promise<{ problems: { time: string; in: string; otherZone: boolean }[]; times: number }> {
    const found: { time: string; in: string }[] = [];
    for (const text of visible.text) {
      for (const [time] of text.matchAll(SHOWN_TIME)) found.push({ time: time.replace(/\s+/g, ' '), in: text.length > 80 ? `${text.slice(0, 80)}…` : text });
    }
    if (found.some((f) => !this.china.has(f.time))) await this.refresh();
    const problems = found.filter((f) => !this.china.has(f.time) && !this.ofTheseChecks(f.time)).map((f) => ({ ...f, otherZone: this.elsewhere.has(f.time) }));
    return { problems, times: found.length };
  }
}
