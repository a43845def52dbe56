import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type HubEvent } from '@/mall-client';

export type Received = { event: HubEvent; verified: true; webhookId: string } | { verified: false; reason: string; webhookId: string };

/**
 * A mall's callback endpoint, as small as one can be: read the raw body, verify the
 * Standard Webhooks signature with the `whsec_` secret (standardwebhooks, through the mall
 * client's verifyWebhook), answer 204 at once, dedupe on the event id. A request that does
 * not verify is answered 401 and reported, never acted on.
 */
export async function startMallReceiver(options: {
  secret: string;
  port?: number;
  host?: string;
  onReceived: (r: Received) => void;
  /** A verified event seen before, delivered again (callbacks are at least once). */
  onRepeat?: (event: HubEvent, webhookId: string) => void;
}) {
  const seen = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      try {
        const event = verifyWebhook(options.secret, raw, req.headers);
        res.writeHead(204).end();
        const webhookId = String(req.headers['webhook-id'] ?? '');
        if (seen.has(event.id)) return options.onRepeat?.(event, webhookId); // at least once: a repeat is expected and ignored
        seen.add(event.id);
        options.onReceived({ event, verified: true, webhookId });
      } catch (error) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'signature does not verify' }));
        options.onReceived({ verified: false, reason: error instanceof Error ? error.message : String(error), webhookId: String(req.headers['webhook-id'] ?? '') });
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/hub-callbacks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
