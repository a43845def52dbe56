import path from 'node:path';
import { env } from '@/server/config/env';
import { LocalDiskStore } from './local-disk';
import type { UploadStore } from './store';

export type { UploadStore, StoredObject } from './store';

let store: { dir: string; store: UploadStore } | undefined;

/**
 * The app's upload store: DATA_DIR/uploads on local disk. (An S3-compatible store would be
 * chosen here from configuration.) Re-created if DATA_DIR changes, as it does between tests.
 */
export function uploadStore(): UploadStore {
  const dir = path.join(env.dataDir, 'uploads');
  if (store?.dir !== dir) store = { dir, store: new LocalDiskStore(dir) };
  return store.store;
}
