import { staffOverview } from '@/server/domain/dashboard/overview';
import { staffTrends } from '@/server/domain/dashboard/trends';
import { router, staffProcedure } from '../../init';
import { adminAccountsRouter } from './accounts';
import { adminAuditRouter } from './audit';
import { adminBillsRouter } from './bills';
import { adminDistributorsRouter } from './distributors';
import { adminLevelsRouter } from './levels';
import { adminCatalogRouter } from './catalog';
import { adminProductsRouter } from './products';
import { adminReviewRouter } from './review';
import { adminSuppliersRouter } from './suppliers';
import { adminStaffRouter } from './staff';
import { adminWalletRouter } from './wallet';
import { adminOrdersRouter } from './orders';
import { adminAfterSalesRouter } from './after-sales';
import { adminCallbacksRouter } from './callbacks';
import { adminFinanceRouter } from './finance';
import { adminReconciliationRouter } from './reconciliation';

/** The admin portal (platform staff). Every procedure here is a staffProcedure. */
export const adminRouter = router({
  overview: staffProcedure.query(({ ctx }) => staffOverview(ctx)),
  trends: staffProcedure.query(({ ctx }) => staffTrends(ctx)),
  staff: adminStaffRouter,
  accounts: adminAccountsRouter,
  audit: adminAuditRouter,
  bills: adminBillsRouter,
  distributors: adminDistributorsRouter,
  levels: adminLevelsRouter,
  wallet: adminWalletRouter,
  catalog: adminCatalogRouter,
  products: adminProductsRouter,
  review: adminReviewRouter,
  suppliers: adminSuppliersRouter,
  orders: adminOrdersRouter,
  afterSales: adminAfterSalesRouter,
  callbacks: adminCallbacksRouter,
  finance: adminFinanceRouter,
  reconciliation: adminReconciliationRouter,
});
