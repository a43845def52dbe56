import { env } from '@/server/config/env';

/**
 * The link staff hand to a new supplier with its login name and password: the sign-in
 * page, which takes the supplier to its portal afterwards.
 */
export function supplierLoginUrl(): string {
  return `${env.publicBaseUrl}/login?callbackUrl=${encodeURIComponent('/supplier')}`;
}
