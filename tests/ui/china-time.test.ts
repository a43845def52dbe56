import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chinaDay, chinaMonth, daysBefore, fromChinaDateTimeLocal, toChinaDateTimeLocal } from '@/lib/china-time';

/**
 * Every date and time the portals show is China time (Asia/Shanghai), whatever the
 * browser's zone: times through next-intl's formatter (whose zone is China's), days and
 * months through src/lib/china-time.ts. The page walk checks the times pages show from a
 * browser in New York (tests/e2e/page-walk.e2e.test.ts); this check keeps the portals' code
 * from formatting a date another way, in the browser's zone, where no page shows it yet.
 */
const ROOTS = ['src/app', 'src/components'].map((dir) => path.resolve(import.meta.dirname, '../..', dir));

/** Ways to write a date that follow the browser's zone or pass one of their own. */
const RAW_DATE = [
  { name: 'toLocale…String', pattern: /\.toLocale(?:Date|Time)?String\(/ },
  { name: 'Intl.DateTimeFormat', pattern: /Intl\.DateTimeFormat/ },
  { name: 'toISOString', pattern: /\.toISOString\(/ },
  { name: 'a local-zone getter', pattern: /\.get(?:FullYear|Month|Date|Day|Hours|Minutes)\(/ },
  { name: 'a time zone of its own', pattern: /\btimeZone\s*:/ },
  { name: 'a date library', pattern: /from ['"](?:date-fns|dayjs|moment|luxon)/ },
];

function rawDateFormatting(source: string): { line: number; name: string; text: string }[] {
  const found: { line: number; name: string; text: string }[] = [];
  source.split('\n').forEach((text, i) => {
    for (const { name, pattern } of RAW_DATE) if (pattern.test(text)) found.push({ line: i + 1, name, text: text.trim() });
  });
  return found;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('dates in China time', () => {
  it('the check finds each way of formatting a date outside the China-time helpers', () => {
    const sample = [
      "const a = new Date().toLocaleString('zh-CN');",
      "const b = new Intl.DateTimeFormat('en-CA').format(d);",
      'const c = d.toISOString().slice(0, 10);',
      'const e = d.getHours();',
      "format.dateTime(d, { dateStyle: 'short', timeZone: 'America/New_York' });",
      "import { format } from 'date-fns';",
      "format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });",
    ].join('\n');
    expect(rawDateFormatting(sample).map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('no page or component formats a date but through them', () => {
    const found = ROOTS.flatMap((root) => sources(root)).flatMap((file) =>
      rawDateFormatting(fs.readFileSync(file, 'utf8')).map((f) => `${path.relative(process.cwd(), file)}:${f.line} ${f.name}: ${f.text}`),
    );
    expect(found).toEqual([]);
  });

  it('days, months and datetime-local values are China’s, whatever the zone this runs in', () => {
    // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in China (and still the 31st in New York).
    const at = new Date('2026-12-31T16:30:00Z');
    expect(chinaDay(at)).toBe('2027-01-01');
    expect(chinaMonth(at)).toBe('2027-01');
    expect(daysBefore('2027-01-01', 1)).toBe('2026-12-31');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(toChinaDateTimeLocal(at)).toBe('2027-01-01T00:30');
    expect(fromChinaDateTimeLocal('2027-01-01T00:30').getTime()).toBe(at.getTime());
  });
});
