import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';

/**
 * Runs before each test file: clones the migrated template into a database of the file's
 * own and points DATABASE_URL at it, so the app's own getDb() talks to it.
 */
const { adminUrl, template } = inject('testDatabase');
const secrets = inject('testSecrets');
process.env.SECRETS_ENCRYPTION_KEY = secrets.encryptionKey;
process.env.NEXTAUTH_SECRET = secrets.authSecret;

const name = `hub_test_${randomBytes(6).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
// CREATE DATABASE … TEMPLATE refuses while anyone else is copying the template: retry briefly.
for (let attempt = 0; ; attempt++) {
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
    break;
  } catch (e) {
    if (attempt > 50 || !String((e as Error).message).includes('is being accessed by other users')) throw e;
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
  }
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  await globalThis.__supplyHubDb?.$client.end({ timeout: 5 });
  globalThis.__supplyHubDb = undefined;
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});
