/**
 * `npm run soak [-- --seconds=90] [-- --no-write]`: the hub under fire (bench/soak/run.ts).
 * Prints its progress and the summary, writes the summary into BENCHMARKS.md under "Soak",
 * and exits 1 when it found any problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { killEverything, runSoak } from './soak/run';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const seconds = Number(arg('seconds') ?? 90);
if (!(seconds >= 10)) throw new Error('--seconds: at least 10');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killEverything();
    process.exit(130);
  });
}
process.on('exit', killEverything);

const result = await runSoak({ durationMs: seconds * 1000 });
console.log(`\n${result.markdown.replace(/<!--.*-->\n?/g, '')}`);
if (result.problems.length) {
  console.error(`\n${result.problems.length} problems:`);
  for (const p of result.problems.slice(0, 100)) console.error(`  ${p}`);
}
if (!process.argv.includes('--no-write')) {
  const file = path.resolve(import.meta.dirname, '..', 'BENCHMARKS.md');
  const current = fs.readFileSync(file, 'utf8');
  const marked = /<!-- soak:start[\s\S]*?<!-- soak:end -->/;
  fs.writeFileSync(file, marked.test(current) ? current.replace(marked, result.markdown) : `${current.trimEnd()}\n\n## Soak\n\n${result.markdown}\n`);
  console.log(`Summary written to ${file}`);
}
process.exitCode = result.problems.length ? 1 : 0;
