/**
 * Where uploaded files live. The app stores them on local disk today (local-disk.ts); an
 * S3-compatible store can implement the same interface later without touching callers.
 * Keys are chosen by the app (see images.ts), never by the uploader.
 */
export type StoredObject = { bytes: Uint8Array; contentType: string; size: number };

export interface UploadStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null when there is none under this key. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/**
 * A key is a path of lower-case segments such as `product/202611/3f…9a.jpg`. Checked before
 * any store sees it, so `..`, absolute paths and odd characters never reach the disk.
 */
const KEY_PATTERN = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*\.(jpg|png|webp)$/;

export function isValidKey(key: string): boolean {
  return key.length <= 200 && KEY_PATTERN.test(key);
}

/** The content type of a stored image, from the extension the app gave its key. */
export function contentTypeOfKey(key: string): string | null {
  const ext = key.slice(key.lastIndexOf('.') + 1);
  return ext === 'jpg' ? 'image/jpeg' : ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : null;
}
