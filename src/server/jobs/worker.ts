import { Logger, run } from 'graphile-worker';
import { closeJobDb } from './job-db';
import { crontab, startupSweeps, taskList } from './tasks';

export type RunningWorker = { stop(): Promise<void> };

/**
 * Starts the graphile-worker runner. Safe to run in several processes at once: jobs are
 * taken with FOR UPDATE SKIP LOCKED, and a job whose worker crashed is retried after its
 * lock expires.
 */
export async function startWorker(connectionString: string, options: { concurrency?: number } = {}): Promise<RunningWorker> {
  const runner = await run({
    connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger: new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') console.error(`[worker] ${message}`);
    }),
  });
  // The crontab fires on the minute; a worker that starts after downtime catches up now.
  // Keyed, so workers starting together queue each sweep once.
  for (const task of startupSweeps) await runner.addJob(task, {}, { jobKey: `${task}:startup`, maxAttempts: 1 });
  return {
    async stop() {
      await runner.stop();
      await closeJobDb();
    },
  };
}
