import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

/** What each procedure returns, for typing the props of client components. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
