'use client';

import { useTranslations } from 'next-intl';
import { buttonClasses } from './button';

/** The download URL of an export with these filters (empty ones left out). */
export function exportHref(name: string, format: 'csv' | 'xlsx', params: Record<string, string | number | undefined | null> = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  query.set('format', format);
  return `/exports/${name}?${query}`;
}

/**
 * CSV and Excel downloads of an export (src/server/domain/exports/registry.ts). Plain links:
 * the browser streams the file to disk as the server writes it, with its own progress bar.
 */
export function ExportLinks({ name, params, size = 'sm' }: { name: string; params?: Record<string, string | number | undefined | null>; size?: 'sm' | 'md' }) {
  const t = useTranslations('finance.export');
  return (
    <div className="flex gap-2" title={t('hint')}>
      <a className={buttonClasses('secondary', size)} href={exportHref(name, 'csv', params)} download data-testid={`export-${name}-csv`}>
        {t('csv')}
      </a>
      <a className={buttonClasses('secondary', size)} href={exportHref(name, 'xlsx', params)} download data-testid={`export-${name}-xlsx`}>
        {t('xlsx')}
      </a>
    </div>
  );
}
