'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

/** <option>s of a staff <select> that filters by supplier, one per supplier by name. */
export function SupplierOptions() {
  const trpc = useTRPC();
  const suppliers = useQuery(trpc.admin.products.supplierOptions.queryOptions());
  return (
    <>
      {(suppliers.data ?? []).map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </>
  );
}
