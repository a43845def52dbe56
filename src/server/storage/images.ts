import { randomBytes } from 'node:crypto';
import type { Ctx } from '@/server/domain/context';
import { DomainError } from '@/server/domain/errors';
import { uploadStore } from './index';
import type { UploadStore } from './store';
import { publicUploadUrl } from './urls';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_PRODUCT = 20;

export type ImageType = { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; ext: 'jpg' | 'png' | 'webp' };

/**
 * The image type by the file's first bytes, never by its name or the type the browser
 * claims: a renamed .exe is not an image whatever it is called.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...sig: number[]) => sig.every((b, j) => bytes[i + j] === b);
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', ext: 'jpg' };
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { contentType: 'image/png', ext: 'png' };
  // RIFF <size> WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return { contentType: 'image/webp', ext: 'webp' };
  return null;
}

/** What an image is for; it is the first segment of its key. */
export const IMAGE_PURPOSES = ['product', 'brand', 'topup-proof'] as const;
export type ImagePurpose = (typeof IMAGE_PURPOSES)[number];

/**
 * Who may upload which images: staff anything; suppliers their product pictures;
 * distributors the proof of an offline payment they apply to have credited.
 */
function mayUpload(ctx: Ctx, purpose: ImagePurpose): boolean {
  if (ctx.actor.kind === 'staff') return true;
  if (ctx.actor.kind === 'supplier') return purpose === 'product';
  return ctx.actor.kind === 'distributor' && purpose === 'topup-proof';
}

/**
 * Checks and stores one uploaded image: jpg/png/webp by its bytes, at most 5 MiB. The key is
 * random (not guessable, never the uploader's file name), under the purpose and the month.
 */
export async function uploadImage(
  ctx: Ctx,
  input: { bytes: Uint8Array; purpose: ImagePurpose },
  store: UploadStore = uploadStore(),
): Promise<{ key: string; url: string; contentType: string; size: number }> {
  if (!mayUpload(ctx, input.purpose)) throw new DomainError('FORBIDDEN', 'You may not upload this kind of image');
  if (input.bytes.byteLength === 0) throw new DomainError('INVALID_REQUEST', 'The file is empty', { field: 'file', reason: 'empty' });
  if (input.bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', 'An image may be at most 5 MiB', { field: 'file', maxBytes: MAX_IMAGE_BYTES });
  }
  const type = sniffImageType(input.bytes);
  if (!type) throw new DomainError('INVALID_REQUEST', 'Only JPG, PNG and WebP images are accepted', { field: 'file', reason: 'type' });
  const month = new Date().toISOString().slice(0, 7).replace('-', '');
  const key = `${input.purpose}/${month}/${randomBytes(16).toString('hex')}.${type.ext}`;
  await store.put(key, input.bytes, type.contentType);
  return { key, url: publicUploadUrl(key), contentType: type.contentType, size: input.bytes.byteLength };
}

/** The key pattern of images uploaded for one purpose. */
export function isImageKeyFor(purpose: ImagePurpose, key: string): boolean {
  return new RegExp(`^${purpose}/\\d{6}/[0-9a-f]{32}\\.(jpg|png|webp)$`).test(key);
}

/**
 * Checks that every key names an image that was uploaded for this purpose and is stored:
 * a form cannot point a product at someone's arbitrary path or at a file that is gone.
 */
export async function assertStoredImages(keys: string[], purpose: ImagePurpose, field: string, store: UploadStore = uploadStore()) {
  for (const key of keys) {
    if (!isImageKeyFor(purpose, key) || !(await store.exists(key))) {
      throw new DomainError('INVALID_REQUEST', `Unknown image: ${key}`, { field, key });
    }
  }
}
