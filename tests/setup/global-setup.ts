import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/server/db/embedded';
import { migrateDatabase } from '../../src/server/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string };
    testSecrets: { authSecret: string; encryptionKey: string };
  }
}

/** Replaces the database name of a connection URL. */
export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Starts a throwaway embedded PostgreSQL (or uses TEST_DATABASE_URL, a server whose user
 * may create databases), and migrates a template database once for the whole run.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stopServer = async () => {};
  let tempDir: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-hub-test-'));
    fs.chmodSync(tempDir, 0o755); // mkdtemp makes it 700; as root the server user must enter it
    const pg = await startEmbeddedPostgres({ dataDir: tempDir, database: 'postgres', ephemeral: true });
    adminUrl = pg.adminUrl;
    stopServer = () => pg.stop();
  }

  const template = `hub_template_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  await migrateDatabase(withDatabase(adminUrl, template));

  project.provide('testDatabase', { adminUrl, template });
  project.provide('testSecrets', {
    authSecret: randomBytes(32).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
  });

  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`).catch(() => {});
    await admin.end();
    await stopServer();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
}
