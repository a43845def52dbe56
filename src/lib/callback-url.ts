import { isPrivateAddress } from './ip';

/**
 * A mall's callback URL must be https, except a loopback or private address when the
 * server allows it (ALLOW_PRIVATE_CALLBACK_URLS). Returns an error message, or null when good.
 */
export function callbackUrlProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.username || parsed.password) return 'must not contain a user name or password';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const local = host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
  if (local && !allowPrivate) return 'loopback and private addresses are not allowed on this server';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && local && allowPrivate) return null;
  return 'must use https';
}
