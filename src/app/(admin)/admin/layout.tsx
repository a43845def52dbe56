import type { ReactNode } from 'react';
import { PortalShell } from '@/components/portal/portal-shell';
import { requirePortal } from '@/server/auth/guard';

export default async function Layout({ children }: { children: ReactNode }) {
  const identity = await requirePortal('staff');
  return <PortalShell identity={identity}>{children}</PortalShell>;
}
