import { supplierAttributesFor, supplierFormOptions } from '@/server/domain/catalog/form-options';
import { supplierProductDetail } from '@/server/domain/catalog/product-detail';
import { listProductsForSupplier } from '@/server/domain/catalog/product-list';
import { attributesForInput, idInput, productListInput, setStockInput, supplierProductInput, updateSupplierProductInput } from '@/server/domain/catalog/schemas';
import {
  createSupplierProduct,
  submitForReview,
  supplierSetStock,
  supplierTakeOffShelf,
  updateSupplierProduct,
  withdrawSubmission,
} from '@/server/domain/catalog/supplier-products';
import { router, supplierProcedure } from '../../init';

/** A supplier's own products; every verb is scoped to ctx.actor.supplierId. */
export const supplierProductsRouter = router({
  list: supplierProcedure.input(productListInput.omit({ owner: true })).query(({ ctx, input }) => listProductsForSupplier(ctx, input)),
  get: supplierProcedure.input(idInput).query(({ ctx, input }) => supplierProductDetail(ctx, input.id)),
  formOptions: supplierProcedure.query(({ ctx }) => supplierFormOptions(ctx)),
  attributesFor: supplierProcedure.input(attributesForInput).query(({ ctx, input }) => supplierAttributesFor(ctx, input)),
  create: supplierProcedure.input(supplierProductInput).mutation(({ ctx, input }) => createSupplierProduct(ctx, input)),
  update: supplierProcedure.input(updateSupplierProductInput).mutation(({ ctx, input }) => updateSupplierProduct(ctx, input)),
  submit: supplierProcedure.input(idInput).mutation(({ ctx, input }) => submitForReview(ctx, input)),
  withdraw: supplierProcedure.input(idInput).mutation(({ ctx, input }) => withdrawSubmission(ctx, input)),
  takeOffShelf: supplierProcedure.input(idInput).mutation(({ ctx, input }) => supplierTakeOffShelf(ctx, input)),
  setStock: supplierProcedure.input(setStockInput).mutation(({ ctx, input }) => supplierSetStock(ctx, input)),
});
