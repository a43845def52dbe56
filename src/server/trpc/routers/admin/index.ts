import { staffOverview } from '@/server/domain/dashboard/overview';
import { router, staffProcedure } from '../../init';
import { adminAccountsRouter } from './accounts';
import { adminAuditRouter } from './audit';
import { adminBillsRouter } from './bills';
import { adminStaffRouter } from './staff';

/** The admin portal (platform staff). Every procedure here is a staffProcedure. */
export const adminRouter = router({
  overview: staffProcedure.query(({ ctx }) => staffOverview(ctx)),
  staff: adminStaffRouter,
  accounts: adminAccountsRouter,
  audit: adminAuditRouter,
  bills: adminBillsRouter,
});
