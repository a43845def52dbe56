import 'next-auth';
import 'next-auth/jwt';
import type { SessionUser } from '@/server/domain/accounts/sign-in';

declare module 'next-auth' {
  interface User extends SessionUser {
    id: string;
  }
  interface Session {
    claims: { userId: number; sessionVersion: number; role: SessionUser['role']; username: string };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid: number;
    sv: number;
    role: SessionUser['role'];
    username: string;
  }
}
