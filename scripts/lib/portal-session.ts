import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@/server/trpc/root';

/**
 * A portal session for a script, as a person gets one at /login: next-auth's credentials
 * sign-in (CSRF token, then the form), then the portal's tRPC API with the session cookie.
 * The script can do only what that account may do in its portal.
 */
export async function portalSession(hubUrl: string, username: string, password: string, options: { fetch?: typeof fetch } = {}) {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  const csrf = await fetch(`${hubUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${hubUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  keep(signIn);
  if (![...cookies.keys()].some((k) => k.endsWith('next-auth.session-token'))) throw new Error(`Could not sign in to the portal as ${username}`);

  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${hubUrl}/api/trpc`, transformer: superjson, headers: () => ({ cookie: cookieHeader() }), fetch: options.fetch })],
  });
}
