import { createCallerFactory, router } from './init';
import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { distributorRouter } from './routers/distributor';
import { supplierRouter } from './routers/supplier';

export const appRouter = router({
  account: accountRouter,
  admin: adminRouter,
  supplier: supplierRouter,
  distributor: distributorRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
