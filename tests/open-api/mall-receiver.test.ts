import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signatureHeaders } from '@/server/domain/events/delivery';
import { startMallReceiver, type Received } from '../../scripts/lib/mall-receiver';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** demo:mall's callback endpoint accepts what the hub signs, once per event, and nothing else. */
describe("demo:mall's receiver", () => {
  it('verifies a callback signed as the hub signs it, dedupes repeats, and refuses a wrong signature', async () => {
    const got: Received[] = [];
    const repeats: string[] = [];
    const receiver = await startMallReceiver({ secret: SECRET, onReceived: (r) => got.push(r), onRepeat: (event, webhookId) => repeats.push(`${event.id} ${webhookId}`) });
    try {
      const body = JSON.stringify({ id: 'evt_0a1b2c3d4e5f60718293a4b5', type: 'product.stock_changed', createdAt: new Date().toISOString(), data: { productId: 1, stock: 98, status: 'on_sale', version: 8 } });
      const post = (headers: Record<string, string>) => fetch(receiver.url, { method: 'POST', headers, body });
      expect((await post(signatureHeaders('evt_0a1b2c3d4e5f60718293a4b5', body, [SECRET]))).status).toBe(204);
      expect((await post(signatureHeaders('evt_0a1b2c3d4e5f60718293a4b5', body, [SECRET]))).status).toBe(204);
      const otherSecret = `whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`;
      expect((await post(signatureHeaders('evt_0a1b2c3d4e5f60718293a4b5', body, [otherSecret]))).status).toBe(401);
      expect(got).toHaveLength(2);
      expect(got[0]).toMatchObject({ verified: true, webhookId: 'evt_0a1b2c3d4e5f60718293a4b5', event: { id: 'evt_0a1b2c3d4e5f60718293a4b5', data: { stock: 98 } } });
      expect(repeats).toEqual(['evt_0a1b2c3d4e5f60718293a4b5 evt_0a1b2c3d4e5f60718293a4b5']);
      expect(got[1]).toMatchObject({ verified: false, webhookId: 'evt_0a1b2c3d4e5f60718293a4b5' });
      // The library the receiver uses is the one a mall would: it agrees with the hub's signing.
      expect(new Webhook(SECRET).verify(body, signatureHeaders('evt_0a1b2c3d4e5f60718293a4b5', body, [SECRET]))).toMatchObject({ type: 'product.stock_changed' });
    } finally {
      await receiver.close();
    }
  });
});
