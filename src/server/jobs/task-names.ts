/**
 * The names of every background task (tasks.ts implements them). Kept apart from the
 * tasks themselves so that migrations can register them without loading the domain.
 */
export const TASK_NAMES = ['prune_expired_records', 'deliver_callback', 'announce_stock', 'expire_orders', 'auto_complete_orders'] as const;

export type TaskName = (typeof TASK_NAMES)[number];
