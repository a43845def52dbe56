import type { DemoCredentials } from '@/server/db/seed';
import type { AppServer } from '../tests/support/app-server';

/** What every bench gets from bench/run.ts: one PostgreSQL with the demo data, and a way to start the app on it. */
export type BenchEnv = {
  url: string;
  creds: DemoCredentials;
  /** The real app (`npm start`'s script, production build) on this database. */
  startApp(env?: Record<string, string>): Promise<AppServer>;
  /** The processes of this run (bench, app, PostgreSQL): the rest of the machine's CPU is other work. */
  ours(): number[];
};
