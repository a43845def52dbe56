'use server';

import { cookies } from 'next/headers';
import { LOCALE_COOKIE, toLocale } from './config';

export async function setLocale(locale: string) {
  (await cookies()).set(LOCALE_COOKIE, toLocale(locale), { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
}
