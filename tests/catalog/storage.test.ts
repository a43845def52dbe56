import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/uploads/[...key]/route';
import { env } from '@/server/config/env';
import { MAX_IMAGE_BYTES, sniffImageType, uploadImage } from '@/server/storage/images';
import { isValidKey } from '@/server/storage/store';
import { createStaff, createSupplierAccount, createDistributorAccount } from '@tests/support/factories';
import { EXE_BYTES, PNG_BYTES } from './helpers';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(40)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');

const serve = (key: string) => GET(new Request(`http://localhost/uploads/${key}`), { params: Promise.resolve({ key: key.split('/') }) });

describe('image uploads', () => {
  let staff: Awaited<ReturnType<typeof createStaff>>;
  let supplier: Awaited<ReturnType<typeof createSupplierAccount>>;

  beforeAll(async () => {
    staff = await createStaff();
    supplier = await createSupplierAccount();
  });

  it('know jpg, png and webp by their bytes, and nothing else', () => {
    expect(sniffImageType(JPEG)?.contentType).toBe('image/jpeg');
    expect(sniffImageType(PNG_BYTES)?.contentType).toBe('image/png');
    expect(sniffImageType(WEBP)?.contentType).toBe('image/webp');
    expect(sniffImageType(GIF)).toBeNull();
    expect(sniffImageType(EXE_BYTES)).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('refuse a renamed .exe, whatever it is called, and store nothing', async () => {
    const before = fs.existsSync(path.join(env.dataDir, 'uploads')) ? fs.readdirSync(path.join(env.dataDir, 'uploads'), { recursive: true }).length : 0;
    await expect(uploadImage(supplier.ctx, { bytes: EXE_BYTES, purpose: 'product' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'file', reason: 'type' } });
    const after = fs.existsSync(path.join(env.dataDir, 'uploads')) ? fs.readdirSync(path.join(env.dataDir, 'uploads'), { recursive: true }).length : 0;
    expect(after).toBe(before);
  });

  it('refuse images over 5 MiB, and empty files', async () => {
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(MAX_IMAGE_BYTES - PNG_BYTES.length + 1)]);
    await expect(uploadImage(staff.ctx, { bytes: big, purpose: 'product' })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const atLimit = Buffer.concat([PNG_BYTES, Buffer.alloc(MAX_IMAGE_BYTES - PNG_BYTES.length)]);
    await expect(uploadImage(staff.ctx, { bytes: atLimit, purpose: 'product' })).resolves.toMatchObject({ size: MAX_IMAGE_BYTES });
    await expect(uploadImage(staff.ctx, { bytes: Buffer.alloc(0), purpose: 'product' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('store under a random key of the sniffed type and serve it back with that type', async () => {
    const stored = await uploadImage(supplier.ctx, { bytes: JPEG, purpose: 'product' });
    expect(stored.key).toMatch(/^product\/\d{6}\/[0-9a-f]{32}\.jpg$/);
    expect(stored.url).toBe(`${env.publicBaseUrl}/uploads/${stored.key}`);
    const response = await serve(stored.key);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('serve nothing outside the store: unknown keys and path tricks are 404', async () => {
    fs.mkdirSync(env.dataDir, { recursive: true });
    fs.writeFileSync(path.join(env.dataDir, 'secret.png'), 'secret');
    expect((await serve('product/202601/0123456789abcdef0123456789abcdef.png')).status).toBe(404);
    expect((await serve('../secret.png')).status).toBe(404);
    expect((await serve('product/../../secret.png')).status).toBe(404);
    expect(isValidKey('../secret.png')).toBe(false);
    expect(isValidKey('/etc/passwd.png')).toBe(false);
    expect(isValidKey('product/a.exe')).toBe(false);
  });

  it('let suppliers upload product images only; distributors nothing here', async () => {
    await expect(uploadImage(supplier.ctx, { bytes: PNG_BYTES, purpose: 'brand' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(uploadImage(staff.ctx, { bytes: PNG_BYTES, purpose: 'brand' })).resolves.toMatchObject({ key: expect.stringMatching(/^brand\//) });
    const distributor = await createDistributorAccount();
    await expect(uploadImage(distributor.ctx, { bytes: PNG_BYTES, purpose: 'product' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
