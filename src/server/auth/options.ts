import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/server/db';
import { signInInput } from '@/server/domain/accounts/schemas';
import { verifySignIn } from '@/server/domain/accounts/sign-in';
import { DomainError } from '@/server/domain/errors';
import { clientIpFromHeaders } from '@/server/http/client-ip';

/** Session tokens live 12 hours; revocation does not wait for that (see resolveSession). */
const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // The session cookie is HttpOnly and SameSite=Lax (next-auth's defaults), and Secure (named
  // __Secure-…) when the app's public URL is https: set NEXTAUTH_URL to it in production. Over
  // plain http a Secure cookie would never come back and nobody could sign in.
  useSecureCookies: (process.env.NEXTAUTH_URL ?? '').startsWith('https://'),
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { username: { type: 'text' }, password: { type: 'password' } },
      async authorize(credentials, req) {
        const parsed = signInInput.safeParse(credentials);
        if (!parsed.success) throw new Error('UNAUTHENTICATED');
        const headers = new Headers();
        for (const [k, v] of Object.entries(req?.headers ?? {})) headers.set(k, String(v));
        const ip = clientIpFromHeaders(headers) ?? 'unknown';
        try {
          const user = await verifySignIn(getDb(), { ...parsed.data, ip });
          return { id: String(user.userId), name: user.displayName || user.username, ...user };
        } catch (e) {
          // The code reaches the login page as ?error=CODE (or res.error), which it words.
          if (e instanceof DomainError) throw new Error(e.code);
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.userId;
        token.role = user.role;
        token.sv = user.sessionVersion;
        token.username = user.username;
      }
      return token;
    },
    session({ session, token }) {
      session.claims = { userId: token.uid, sessionVersion: token.sv, role: token.role, username: token.username };
      return session;
    },
  },
};
