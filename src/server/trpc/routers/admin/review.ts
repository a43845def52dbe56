import { staffProductDetail } from '@/server/domain/catalog/product-detail';
import { approveProduct, rejectProduct, reviewQueue } from '@/server/domain/catalog/review';
import { approveInput, idInput, rejectInput, reviewQueueInput } from '@/server/domain/catalog/schemas';
import { router, staffProcedure } from '../../init';

/** The review queue of supplier products. */
export const adminReviewRouter = router({
  queue: staffProcedure.input(reviewQueueInput).query(({ ctx, input }) => reviewQueue(ctx, input)),
  get: staffProcedure.input(idInput).query(({ ctx, input }) => staffProductDetail(ctx, input.id)),
  approve: staffProcedure.input(approveInput).mutation(({ ctx, input }) => approveProduct(ctx, input)),
  reject: staffProcedure.input(rejectInput).mutation(({ ctx, input }) => rejectProduct(ctx, input)),
});
