import { forbidden, redirect } from 'next/navigation';
import type { PortalActor, SessionIdentity } from '@/server/domain/accounts/session';
import { getSessionIdentity } from './session';

export const PORTAL_HOME: Record<PortalActor['kind'], string> = {
  staff: '/admin',
  supplier: '/supplier',
  distributor: '/distributor',
};

/**
 * For a portal's layout and pages: a signed-out visitor goes to /login, a person of
 * another role gets the 403 page. Data never depends on this alone: every procedure
 * checks the role again.
 */
export async function requirePortal<K extends PortalActor['kind']>(kind: K): Promise<SessionIdentity & { actor: Extract<PortalActor, { kind: K }> }> {
  const identity = await getSessionIdentity();
  if (!identity) redirect(`/login?callbackUrl=${encodeURIComponent(PORTAL_HOME[kind])}`);
  if (identity.actor.kind !== kind) forbidden();
  return identity as SessionIdentity & { actor: Extract<PortalActor, { kind: K }> };
}
