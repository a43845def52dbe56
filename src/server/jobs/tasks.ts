import type { Task } from 'graphile-worker';
import { lt } from 'drizzle-orm';
import { apiNonces, apiRequestLog, loginFailures } from '@/server/db/schema';
import { RETENTION_HOURS } from '@/server/open-api/request-log';
import { announceStockLevel } from '@/server/domain/catalog/product-events';
import { deliverEvent, type DeliveryTrigger } from '@/server/domain/events/delivery';
import { autoCompleteDueOrders, expireDueOrders } from '@/server/domain/orders/sweeps';
import { jobDb } from './job-db';
import type { TaskName } from './task-names';

/**
 * Every background task, by name. A task is a thin door like a router: it builds a
 * system context and calls a domain verb. Business steps enqueue their follow-up jobs
 * inside their own transaction (graphile_worker.add_job), so a job exists exactly when
 * the change that needs it committed.
 */

/** Forgets nonces older than the open API keeps them (≥ 10 min), stale sign-in failures, and the request log past its retention. */
const pruneExpiredRecords: Task = async () => {
  const db = jobDb();
  await db.delete(apiNonces).where(lt(apiNonces.createdAt, new Date(Date.now() - 15 * 60_000)));
  await db.delete(loginFailures).where(lt(loginFailures.createdAt, new Date(Date.now() - 24 * 3600_000)));
  await db.delete(apiRequestLog).where(lt(apiRequestLog.createdAt, new Date(Date.now() - RETENTION_HOURS * 3600_000)));
};

/** One try at delivering a callback (domain/events/delivery.ts schedules the retries). */
const deliverCallback: Task = async (payload) => {
  const { outboxEventId, trigger } = payload as { outboxEventId: number; trigger?: DeliveryTrigger };
  await deliverEvent(jobDb(), Number(outboxEventId), trigger ?? 'auto');
};

/** Tells malls a product's current stock after orders reserved some (debounced per product). */
const announceStock: Task = async (payload) => {
  await announceStockLevel(jobDb(), Number((payload as { productId: number }).productId));
};

/** Unpaid orders past their payment deadline expire and return their stock (domain/orders/sweeps.ts). */
const expireOrders: Task = async (_payload, helpers) => {
  const expired = await expireDueOrders({ db: jobDb(), actor: { kind: 'system' } });
  if (expired) helpers.logger.info(`expired ${expired} unpaid orders`);
};

/** Shipped orders complete after AUTO_COMPLETE_DAYS, earning their suppliers (domain/orders/sweeps.ts). */
const autoCompleteOrders: Task = async (_payload, helpers) => {
  const completed = await autoCompleteDueOrders({ db: jobDb(), actor: { kind: 'system' } });
  if (completed) helpers.logger.info(`completed ${completed} shipped orders`);
};

export const taskList: Record<TaskName, Task> = {
  prune_expired_records: pruneExpiredRecords,
  deliver_callback: deliverCallback,
  announce_stock: announceStock,
  expire_orders: expireOrders,
  auto_complete_orders: autoCompleteOrders,
};

/** Sweeps that a worker also runs once as it starts, to catch up at once after downtime. */
export const startupSweeps = ['expire_orders', 'auto_complete_orders'] as const satisfies readonly TaskName[];

/** Recurring schedules (graphile-worker crontab syntax). */
export const crontab = ['*/5 * * * * prune_expired_records ?max=1', '* * * * * expire_orders ?max=1', '* * * * * auto_complete_orders ?max=1'].join('\n');
