import { importProductsCsv } from '@/server/domain/catalog/csv';
import { staffAttributesFor, staffFormOptions } from '@/server/domain/catalog/form-options';
import { createPlatformProduct, updatePlatformProduct } from '@/server/domain/catalog/platform-products';
import { staffProductDetail } from '@/server/domain/catalog/product-detail';
import { listProductsForStaff } from '@/server/domain/catalog/product-list';
import { setSupplyPrice, setVisibility, visibilityOptions } from '@/server/domain/catalog/product-visibility';
import {
  adjustStockInput,
  attributesForInput,
  idInput,
  importCsvInput,
  platformProductInput,
  productListInput,
  setSupplyPriceInput,
  shelfInput,
  updatePlatformProductInput,
  visibilityInput,
} from '@/server/domain/catalog/schemas';
import { setShelf } from '@/server/domain/catalog/shelf';
import { adjustStock } from '@/server/domain/catalog/stock';
import { supplierOptions } from '@/server/domain/suppliers/manage';
import { router, staffProcedure } from '../../init';

/** The product pool as staff manage it. Nothing here ever returns a supplier's own cost. */
export const adminProductsRouter = router({
  list: staffProcedure.input(productListInput).query(({ ctx, input }) => listProductsForStaff(ctx, input)),
  get: staffProcedure.input(idInput).query(({ ctx, input }) => staffProductDetail(ctx, input.id)),
  formOptions: staffProcedure.query(({ ctx }) => staffFormOptions(ctx)),
  attributesFor: staffProcedure.input(attributesForInput).query(({ ctx, input }) => staffAttributesFor(ctx, input)),
  supplierOptions: staffProcedure.query(({ ctx }) => supplierOptions(ctx)),
  visibilityOptions: staffProcedure.query(({ ctx }) => visibilityOptions(ctx)),
  create: staffProcedure.input(platformProductInput).mutation(({ ctx, input }) => createPlatformProduct(ctx, input)),
  update: staffProcedure.input(updatePlatformProductInput).mutation(({ ctx, input }) => updatePlatformProduct(ctx, input)),
  setShelf: staffProcedure.input(shelfInput).mutation(({ ctx, input }) => setShelf(ctx, input)),
  adjustStock: staffProcedure.input(adjustStockInput).mutation(({ ctx, input }) => adjustStock(ctx, input)),
  setVisibility: staffProcedure.input(visibilityInput).mutation(({ ctx, input }) => setVisibility(ctx, input)),
  setSupplyPrice: staffProcedure.input(setSupplyPriceInput).mutation(({ ctx, input }) => setSupplyPrice(ctx, input)),
  importCsv: staffProcedure.input(importCsvInput).mutation(({ ctx, input }) => importProductsCsv(ctx, input)),
});
