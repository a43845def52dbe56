import { EventEmitter } from 'node:events';
import { Logger, run, type WorkerEvents } from 'graphile-worker';
import { env } from '@/server/config/env';
import { closeJobDb } from './job-db';
import { keepWorkersAlive } from './liveness';
import { crontab, startupSweeps, taskList } from './tasks';

export type RunningWorker = { stop(): Promise<void> };

/**
 * Starts the graphile-worker runner. Safe to run in several processes at once: jobs are
 * taken with FOR UPDATE SKIP LOCKED, and the jobs of a worker that died are given back
 * within seconds by the others (liveness.ts).
 */
export async function startWorker(connectionString: string, options: { concurrency?: number } = {}): Promise<RunningWorker> {
  const log = (message: string) => console.error(`[worker] ${message}`);
  const events = new EventEmitter() as WorkerEvents;
  // Before run(): its workers announce themselves as it starts them.
  const liveness = await keepWorkersAlive(connectionString, events, log);
  const runner = await run({
    connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    events,
    logger: new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') log(message);
    }),
  });
  // The crontab fires on the minute; a worker that starts after downtime catches up now.
  // Keyed, so workers starting together queue each sweep once.
  for (const task of startupSweeps) await runner.addJob(task, {}, { jobKey: `${task}:startup`, maxAttempts: 1 });
  // Sweeping more often than the crontab can (ORDER_SWEEP_INTERVAL_SECONDS, for short
  // deadlines in tests and the soak): one keyed job per sweep, however many workers ask.
  const interval = env.orderSweepIntervalSeconds;
  const sweeper =
    interval < 60
      ? setInterval(() => {
          for (const task of startupSweeps) runner.addJob(task, {}, { jobKey: `${task}:interval`, maxAttempts: 1 }).catch((e: unknown) => log(`queueing ${task}: ${String(e)}`));
        }, interval * 1000)
      : undefined;
  return {
    async stop() {
      clearInterval(sweeper);
      await runner.stop();
      await liveness.stop();
      await closeJobDb();
    },
  };
}
