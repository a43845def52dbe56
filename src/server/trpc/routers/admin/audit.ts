import { listAuditInput, listAuditLog } from '@/server/domain/audit-log';
import { router, staffProcedure } from '../../init';

export const adminAuditRouter = router({
  list: staffProcedure.input(listAuditInput).query(({ ctx, input }) => listAuditLog(ctx, input)),
});
