/**
 * `npm run worker`: the background jobs as a process of their own, for deployments with
 * several app servers (start those with RUN_WORKER=false, or keep a worker in each: it is
 * safe either way). Needs DATABASE_URL: the embedded database belongs to `npm start`.
 */
import { migrateDatabase } from '@/server/db/migrate';
import { startWorker } from './worker';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('npm run worker needs DATABASE_URL (the embedded database runs inside `npm start`, which starts a worker itself).');
    process.exit(1);
  }
  await migrateDatabase(url);
  const worker = await startWorker(url);
  console.log('Worker running. Ctrl-C to stop.');
  const stop = async () => {
    await worker.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
