import type { Locale } from './config';

/**
 * Messages live in one JSON file per area and locale (messages/<locale>/<area>.json), so
 * that work on one area never edits another's file. Each file is a namespace.
 */
export async function loadMessages(locale: Locale) {
  const mod = locale === 'en' ? await import('../../messages/en') : await import('../../messages/zh-CN');
  return mod.default;
}
