import type postgres from 'postgres';
import type { WorkerEvents } from 'graphile-worker';
import { connectPostgres } from '@/server/db/connect';

/**
 * Jobs of a worker that died (killed, crashed, its machine gone) are given back at once.
 *
 * graphile-worker marks a job it runs as locked by the worker's id, and on its own frees
 * such a lock only after 4 hours. Our jobs are short (a callback waits 15 s at most), so a
 * dead worker would hold up its callbacks and sweeps for hours. Instead, every worker
 * process holds a session-level advisory lock per worker id on a connection of its own,
 * for as long as it lives: PostgreSQL drops those locks the moment the process's session
 * ends. Every few seconds each live worker process looks for jobs locked by a worker whose
 * advisory lock nobody holds, and puts them back in the queue, with the attempt the dead
 * worker took not counted (it never finished). Every task is safe to run again: callbacks
 * are at least once, sweeps re-check under row locks.
 *
 * A process merely slow (a long GC pause, a busy CPU) keeps its session and its locks, so
 * it is never taken for dead.
 */

/** The advisory-lock space of worker liveness (the other int of the key is hashtext(worker id)). */
const LIVENESS_LOCKS = 720_130_002;
/** A worker takes its lock just after it starts taking jobs: younger locks are not judged. */
const GRACE_SECONDS = 10;
const RESCUE_EVERY_MS = 5_000;

export type Liveness = { stop(): Promise<void> };

/**
 * Holds the liveness locks of this process's workers (announced by `events`) and runs the
 * rescue of dead workers' jobs every few seconds, until stopped.
 */
export async function keepWorkersAlive(connectionString: string, events: WorkerEvents, log: (message: string) => void): Promise<Liveness> {
  // Two connections: one holds the locks (they live and die with its session), one rescues.
  const sql = connectPostgres(connectionString, { max: 2, onnotice: () => {}, connection: { application_name: 'supply-hub-worker-liveness' } });
  const session = await sql.reserve();
  const held: Promise<unknown>[] = [];
  const hold = ({ worker }: { worker: { workerId: string } }) => {
    held.push(session`select pg_advisory_lock(${LIVENESS_LOCKS}, hashtext(${worker.workerId}))`.catch((e: unknown) => log(`liveness lock: ${String(e)}`)));
  };
  events.on('worker:create', hold);

  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= rescueJobsOfDeadWorkers(sql)
      .then((rescued) => {
        if (rescued.jobs) log(`gave back ${rescued.jobs} ${rescued.jobs === 1 ? 'job' : 'jobs'} of stopped ${rescued.workers.length === 1 ? 'worker' : 'workers'} ${rescued.workers.join(', ')}`);
      })
      .catch((e: unknown) => log(`rescuing jobs of stopped workers failed: ${String(e)}`))
      .finally(() => (running = undefined));
  }, RESCUE_EVERY_MS);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      events.off('worker:create', hold);
      await running;
      await Promise.all(held);
      session.release();
      // Ending the session drops the locks: this process's workers have stopped by now.
      await sql.end();
    },
  };
}

/**
 * Puts back in the queue every job locked (for longer than the grace) by a worker whose
 * liveness lock is free, i.e. whose process is gone. The try-lock is transaction-scoped,
 * so this transaction holds it only while it decides. Reads and writes graphile-worker's
 * own tables (pinned at 0.16.6): there is no public call that also returns the attempt.
 */
export async function rescueJobsOfDeadWorkers(sql: postgres.Sql, graceSeconds = GRACE_SECONDS): Promise<{ jobs: number; workers: string[] }> {
  const [row] = await sql.begin(
    (tx) => tx<{ jobs: number; workers: string[] }[]>`
      with dead as materialized (
        select locked_by as worker_id
        from (
          select locked_by from graphile_worker._private_jobs
          where locked_by is not null and locked_at < now() - make_interval(secs => ${graceSeconds})
          union
          select locked_by from graphile_worker._private_job_queues
          where locked_by is not null and locked_at < now() - make_interval(secs => ${graceSeconds})
        ) locked
        where pg_try_advisory_xact_lock(${LIVENESS_LOCKS}, hashtext(locked_by))
      ), jobs as (
        update graphile_worker._private_jobs
        set locked_at = null, locked_by = null, attempts = greatest(attempts - 1, 0), run_at = greatest(run_at, now())
        where locked_by in (select worker_id from dead)
        returning id
      ), queues as (
        update graphile_worker._private_job_queues
        set locked_at = null, locked_by = null
        where locked_by in (select worker_id from dead)
        returning 1
      )
      select (select count(*) from jobs)::int as jobs, array(select worker_id from dead) as workers, (select count(*) from queues)::int as queues`,
  );
  return { jobs: row.jobs, workers: row.workers };
}
