import { createAttribute, listAttributes, updateAttribute } from '@/server/domain/catalog/attributes';
import { createBrand, deleteBrand, listBrands, updateBrand } from '@/server/domain/catalog/brands';
import { createCategory, deleteCategory, listCategories, updateCategory } from '@/server/domain/catalog/categories';
import { setReferenceStatus } from '@/server/domain/catalog/reference-status';
import {
  attributeInput,
  brandInput,
  categoryInput,
  idInput,
  setStatusInput,
  updateAttributeInput,
  updateBrandInput,
  updateCategoryInput,
} from '@/server/domain/catalog/schemas';
import { router, staffProcedure } from '../../init';

/** Categories (a tree), brands and attributes: the reference data of the catalog. */
export const adminCatalogRouter = router({
  categories: router({
    list: staffProcedure.query(({ ctx }) => listCategories(ctx)),
    create: staffProcedure.input(categoryInput).mutation(({ ctx, input }) => createCategory(ctx, input)),
    update: staffProcedure.input(updateCategoryInput).mutation(({ ctx, input }) => updateCategory(ctx, input)),
    setStatus: staffProcedure.input(setStatusInput).mutation(({ ctx, input }) => setReferenceStatus(ctx, 'category', input)),
    delete: staffProcedure.input(idInput).mutation(({ ctx, input }) => deleteCategory(ctx, input)),
  }),
  brands: router({
    list: staffProcedure.query(({ ctx }) => listBrands(ctx)),
    create: staffProcedure.input(brandInput).mutation(({ ctx, input }) => createBrand(ctx, input)),
    update: staffProcedure.input(updateBrandInput).mutation(({ ctx, input }) => updateBrand(ctx, input)),
    setStatus: staffProcedure.input(setStatusInput).mutation(({ ctx, input }) => setReferenceStatus(ctx, 'brand', input)),
    delete: staffProcedure.input(idInput).mutation(({ ctx, input }) => deleteBrand(ctx, input)),
  }),
  attributes: router({
    list: staffProcedure.query(({ ctx }) => listAttributes(ctx)),
    create: staffProcedure.input(attributeInput).mutation(({ ctx, input }) => createAttribute(ctx, input)),
    update: staffProcedure.input(updateAttributeInput).mutation(({ ctx, input }) => updateAttribute(ctx, input)),
    setStatus: staffProcedure.input(setStatusInput).mutation(({ ctx, input }) => setReferenceStatus(ctx, 'attribute', input)),
  }),
});
