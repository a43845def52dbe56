import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are generated from src/server/db/schema, committed,
// and applied by the app (scripts/db-migrate.ts). `push` never touches a real database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/index.ts',
  out: './drizzle',
  strict: true,
});
