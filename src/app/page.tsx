import { redirect } from 'next/navigation';
import { PORTAL_HOME } from '@/server/auth/guard';
import { getSessionIdentity } from '@/server/auth/session';

/** The front door: each person to their own portal, everyone else to sign in. */
export default async function Home() {
  const identity = await getSessionIdentity();
  redirect(identity ? PORTAL_HOME[identity.actor.kind] : '/login');
}
