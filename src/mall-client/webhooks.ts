import { Webhook } from 'standardwebhooks';
import type { HubEvent } from './types';

/**
 * Verifies a callback from the hub (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature) with the distributor's `whsec_…` secret, and returns the event.
 * Throws when the signature is wrong or the timestamp is more than 5 minutes off.
 * Pass the raw body exactly as received. Deliveries are at least once and unordered:
 * dedupe on `event.id`, and for products keep the highest `version`.
 */
export function verifyWebhook(secret: string, rawBody: string | Buffer, headers: Record<string, string | string[] | undefined> | Headers): HubEvent {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name) ?? '';
    const value = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(',') : (value ?? '');
  };
  return new Webhook(secret).verify(rawBody, {
    'webhook-id': get('webhook-id'),
    'webhook-timestamp': get('webhook-timestamp'),
    'webhook-signature': get('webhook-signature'),
  }) as HubEvent;
}
