import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadImage } from '@/server/storage/images';
import { testDb } from '@tests/support/db';
import { createDistributorAccount, createStaff, createSupplierAccount } from '@tests/support/factories';
import { callerAs } from '@tests/support/trpc';
import { PNG_BYTES } from '../catalog/helpers';

process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'topup-proof-'));

describe('a top-up application with a proof of payment', () => {
  it('stores the uploaded proof and shows it to staff', async () => {
    const staff = await createStaff(testDb());
    const d = await createDistributorAccount(testDb());
    const proof = await uploadImage(d.ctx, { bytes: PNG_BYTES, purpose: 'topup-proof' });
    expect(proof.key).toMatch(/^topup-proof\/\d{6}\/[0-9a-f]{32}\.png$/);
    await callerAs(d.identity).distributor.balance.applyTopup({ amount: 20_000, paymentMethod: 'alipay', paymentReference: 'ALI-1', proofImage: proof.key });
    const { rows } = await callerAs(staff.identity).admin.wallet.topupRequests({});
    expect(rows.find((r) => r.distributorId === d.distributorId)?.proofImageUrl).toBe(proof.url);
  });

  it('refuses a proof that is not an image uploaded for it', async () => {
    const d = await createDistributorAccount(testDb());
    const apply = (proofImage: string) =>
      callerAs(d.identity).distributor.balance.applyTopup({ amount: 100, paymentMethod: 'alipay', paymentReference: 'ALI-2', proofImage });
    await expect(apply('topup-proof/202611/' + 'a'.repeat(32) + '.png')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const productImage = await uploadImage((await createStaff(testDb())).ctx, { bytes: PNG_BYTES, purpose: 'product' });
    await expect(apply(productImage.key)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lets only distributors (and staff) upload proofs, and distributors nothing else', async () => {
    const d = await createDistributorAccount(testDb());
    const s = await createSupplierAccount(testDb());
    await expect(uploadImage(d.ctx, { bytes: PNG_BYTES, purpose: 'product' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(uploadImage(s.ctx, { bytes: PNG_BYTES, purpose: 'topup-proof' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
