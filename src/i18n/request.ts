import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, toLocale } from './config';
import { loadMessages } from './messages';
import { CHINA_TIME_ZONE } from '@/lib/china-time';

/** Chinese first; English when the person switched (a cookie, no locale in the URL). */
export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: await loadMessages(locale), timeZone: CHINA_TIME_ZONE };
});
