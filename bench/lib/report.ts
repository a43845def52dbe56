/** The figures of one `npm run bench`, written into BENCHMARKS.md between its markers. */
import fs from 'node:fs';
import path from 'node:path';

export type Figure = {
  measure: string;
  result: string;
  goal: string;
  /** Whether the goal is met (null: context, no goal). */
  met: boolean | null;
};

export type Section = { title: string; command: string; load: string; figures: Figure[]; details?: string[] };

const ROOT = path.resolve(import.meta.dirname, '../..');
const START = '<!-- bench:start (written by `npm run bench`; edit the text around it, not inside) -->';
const END = '<!-- bench:end -->';

export function writeReport(sections: Section[], header: string[]) {
  const lines = [START, ...header, ''];
  const all = sections.flatMap((s) => s.figures.filter((f) => f.met !== null).map((f) => ({ ...f, section: s.title })));
  lines.push('| figure | result | goal | met |', '|---|---|---|---|');
  for (const f of all) lines.push(`| ${f.measure} | ${f.result} | ${f.goal} | ${f.met ? 'yes' : '**no**'} |`);
  for (const s of sections) {
    lines.push('', `### ${s.title}`, '', `Command: ${s.command}. Machine meanwhile: ${s.load}.`, '', '| measure | result | goal |', '|---|---|---|');
    for (const f of s.figures) lines.push(`| ${f.measure} | ${f.result} | ${f.met === null ? '(context)' : f.goal} |`);
    if (s.details?.length) lines.push('', ...s.details);
  }
  lines.push(END);
  const block = lines.join('\n');
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const marked = /<!-- bench:start[\s\S]*?<!-- bench:end -->/;
  fs.writeFileSync(file, marked.test(current) ? current.replace(marked, block) : `${current.trimEnd()}\n\n${block}\n`);
  console.log(`Results written to ${file}`);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
