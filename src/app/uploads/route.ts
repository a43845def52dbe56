import { getSessionIdentity } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { DomainError } from '@/server/domain/errors';
import { IMAGE_PURPOSES, MAX_IMAGE_BYTES, uploadImage, type ImagePurpose } from '@/server/storage/images';

export const dynamic = 'force-dynamic';

/** Room for the multipart envelope around one file at the limit. */
const MAX_REQUEST_BYTES = MAX_IMAGE_BYTES + 64 * 1024;

function errorResponse(error: DomainError) {
  return Response.json({ error: { code: error.code, message: error.message, details: error.details ?? null } }, { status: error.httpStatus });
}

/**
 * POST /uploads (multipart: `file`, `purpose`): a signed-in staff member or supplier uploads
 * one image; the answer is its key (what forms send back) and its public URL.
 */
export async function POST(req: Request) {
  try {
    const identity = await getSessionIdentity();
    if (!identity) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    // Refuse an oversized body before reading it, when the client says how big it is.
    const declared = Number(req.headers.get('content-length') ?? 0);
    if (declared > MAX_REQUEST_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'An image may be at most 5 MiB', { field: 'file', maxBytes: MAX_IMAGE_BYTES });
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new DomainError('INVALID_REQUEST', 'Send the image as multipart/form-data', { field: 'file' });
    }
    const file = form.get('file');
    const purpose = String(form.get('purpose') ?? 'product');
    if (!(file instanceof Blob)) throw new DomainError('INVALID_REQUEST', 'No file in the request', { field: 'file', reason: 'empty' });
    if (!IMAGE_PURPOSES.includes(purpose as ImagePurpose)) throw new DomainError('INVALID_REQUEST', 'Unknown purpose', { field: 'purpose' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const stored = await uploadImage({ db: getDb(), actor: identity.actor }, { bytes, purpose: purpose as ImagePurpose });
    return Response.json(stored, { status: 201 });
  } catch (e) {
    if (e instanceof DomainError) return errorResponse(e);
    throw e;
  }
}
