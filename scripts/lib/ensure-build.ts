import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm start` builds only when needed: when there is no production build, or when the
 * sources it was built from changed. The build records a hash of its inputs.
 */
const INPUTS = ['src', 'public', 'messages', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join('.next', 'source-hash');

function hashInputs(root: string): string {
  const hash = createHash('sha256');
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
    } else {
      hash.update(rel).update('\0').update(fs.readFileSync(abs)).update('\0');
    }
  };
  INPUTS.forEach(visit);
  return hash.digest('hex');
}

export function buildIsCurrent(root = process.cwd()): boolean {
  const stamp = path.join(root, STAMP);
  return fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hashInputs(root);
}

export function ensureBuild(root = process.cwd(), log: (line: string) => void = console.log) {
  if (buildIsCurrent(root)) return;
  log('Building the app (next build): the first start, or the sources changed…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
  stampBuild(root);
}

/** Records that the current build matches the sources (after a `next build` run by hand or by CI). */
export function stampBuild(root = process.cwd()) {
  fs.writeFileSync(path.join(root, STAMP), hashInputs(root));
}
