import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

type StoredSecrets = { authSecret: string; encryptionKey: string };

/**
 * The two secrets the app needs: NEXTAUTH_SECRET (signs session tokens) and
 * SECRETS_ENCRYPTION_KEY (encrypts distributor secrets). Taken from the environment; when
 * absent, generated once into DATA_DIR/secrets.json (mode 600) so a single machine keeps
 * working across restarts. Several app servers must share them through the environment.
 */
export function ensureAppSecrets(dataDir: string) {
  if (process.env.NEXTAUTH_SECRET && process.env.SECRETS_ENCRYPTION_KEY) return;
  const file = path.join(dataDir, 'secrets.json');
  let stored: StoredSecrets;
  if (fs.existsSync(file)) {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets;
  } else {
    fs.mkdirSync(dataDir, { recursive: true });
    stored = { authSecret: randomBytes(32).toString('base64url'), encryptionKey: randomBytes(32).toString('base64') };
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET ??= stored.authSecret;
  process.env.SECRETS_ENCRYPTION_KEY ??= stored.encryptionKey;
}
