/** `npm run build`: a production build, stamped so that `npm start` knows it is current. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { stampBuild } from './lib/ensure-build';

const result = spawnSync(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (result.status !== 0) process.exit(result.status ?? 1);
stampBuild();
