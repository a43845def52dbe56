import { createSupplierInput } from '@/server/domain/accounts/schemas';
import { staffFormOptions } from '@/server/domain/catalog/form-options';
import { idInput } from '@/server/domain/catalog/schemas';
import { createSupplier } from '@/server/domain/suppliers/create';
import { listSuppliers, setSupplierAssignments, setSupplierStatus, supplierDetail, updateSupplier } from '@/server/domain/suppliers/manage';
import { supplierAssignmentsInput, supplierListInput, supplierStatusInput, updateSupplierInput } from '@/server/domain/suppliers/schemas';
import { router, staffProcedure } from '../../init';

/** Supplier companies: create (with the login to hand over), edit, assign, disable. */
export const adminSuppliersRouter = router({
  list: staffProcedure.input(supplierListInput).query(({ ctx, input }) => listSuppliers(ctx, input)),
  get: staffProcedure.input(idInput).query(({ ctx, input }) => supplierDetail(ctx, input.id)),
  assignmentOptions: staffProcedure.query(({ ctx }) => staffFormOptions(ctx)),
  create: staffProcedure.input(createSupplierInput).mutation(({ ctx, input }) => createSupplier(ctx, input)),
  update: staffProcedure.input(updateSupplierInput).mutation(({ ctx, input }) => updateSupplier(ctx, input)),
  setAssignments: staffProcedure.input(supplierAssignmentsInput).mutation(({ ctx, input }) => setSupplierAssignments(ctx, input)),
  setStatus: staffProcedure.input(supplierStatusInput).mutation(({ ctx, input }) => setSupplierStatus(ctx, input)),
});
