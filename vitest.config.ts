import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@tests': path.resolve(import.meta.dirname, 'tests'),
      '@': path.resolve(import.meta.dirname, 'src'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // One real PostgreSQL for the run (embedded, or TEST_DATABASE_URL); each test file gets
    // its own database cloned from a migrated template, so files run in parallel safely.
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/per-file-database.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    // Browser tests may build the app first (a minute or two on a 2-core machine).
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
