import type { Db } from '@/server/db/client';
import { getDb } from '@/server/db';
import { apiRequestLog } from '@/server/db/schema';
import { clientIpFromHeaders } from '@/server/http/client-ip';
import { requestTargetFrom } from '@/server/http/request-target';

/**
 * The open API's request log, for the distributor's self-test console (接口自测): the last
 * requests the hub received with each distributor code, and how each was answered —
 * refused ones included (wrong signature, clock skew, IP not allowed), so an integrator
 * sees why a call failed.
 *
 * It must not slow the hot path (a flash sale's orders go through here), so nothing is
 * written while a request is answered: each answer adds an entry to this server's memory,
 * and a timer writes what gathered in ONE multi-row INSERT per second, off the request
 * path. What bounds it:
 * - refused answers (4xx, 5xx) are kept at up to REFUSED_PER_SECOND per code and second:
 *   they are what an integrator needs, and are rare unless someone floods us;
 * - successes are sampled: at most SUCCESSES_PER_SECOND per code and second (a mall at 50
 *   requests a second still sees a steady trail of its calls, without a row per call);
 * - at most MAX_BUFFERED entries wait in memory (a stalled database drops the overflow,
 *   never the server), and rows older than RETENTION_HOURS are deleted by the worker's
 *   prune job (jobs/tasks.ts).
 * A crash loses at most the last second's entries: this is a diagnostic trail, not a ledger.
 */

export const RETENTION_HOURS = 72;
const SUCCESSES_PER_SECOND = 5;
const REFUSED_PER_SECOND = 50;
const MAX_BUFFERED = 5000;
const FLUSH_EVERY_MS = 1000;
const ROWS_PER_INSERT = 1000;

type Entry = typeof apiRequestLog.$inferInsert;

const buffer: Entry[] = [];
/** Per code: the second being counted, and how many successes and refusals were kept in it. */
const kept = new Map<string, { second: number; ok: number; refused: number }>();
let timer: NodeJS.Timeout | undefined;
let flushing: Promise<void> | undefined;

function admitToLog(code: string, refused: boolean): boolean {
  const second = Math.floor(Date.now() / 1000);
  let counts = kept.get(code);
  if (!counts || counts.second !== second) {
    if (kept.size > 10_000) kept.clear();
    counts = { second, ok: 0, refused: 0 };
    kept.set(code, counts);
  }
  if (refused ? counts.refused >= REFUSED_PER_SECOND : counts.ok >= SUCCESSES_PER_SECOND) return false;
  if (refused) counts.refused++;
  else counts.ok++;
  return buffer.length < MAX_BUFFERED;
}

const clip = (text: string | null | undefined, max: number) => (text == null ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Notes how a request was answered. Returns at once: an error answer's code is read from a
 * clone of its body after the answer has gone.
 */
export function logOpenApiRequest(request: Request, response: Response, startedAt: number): void {
  const code = request.headers.get('x-distributor-code')?.trim().slice(0, 32);
  if (!code) return; // a request that names no distributor concerns no console
  const refused = response.status >= 400;
  if (!admitToLog(code, refused)) return;
  const entry: Entry = {
    distributorCode: code,
    method: request.method,
    target: clip(requestTargetFrom(request), 500)!,
    status: response.status,
    clientIp: clientIpFromHeaders(request.headers),
    durationMs: Math.max(0, Math.round(performance.now() - startedAt)),
    createdAt: new Date(),
  };
  if (!refused) return push(entry);
  void response
    .clone()
    .json()
    .then((body: { error?: { code?: string; message?: string } }) => push({ ...entry, errorCode: clip(body.error?.code, 40), message: clip(body.error?.message, 300) }))
    .catch(() => push(entry));
}

function push(entry: Entry) {
  buffer.push(entry);
  timer ??= setInterval(() => void flushRequestLog(), FLUSH_EVERY_MS).unref();
}

/** Writes what gathered (the timer's work; tests call it to see their requests at once). */
export function flushRequestLog(db: Db = getDb()): Promise<void> {
  flushing ??= (async () => {
    try {
      while (buffer.length) {
        const rows = buffer.splice(0, ROWS_PER_INSERT);
        await db.insert(apiRequestLog).values(rows);
      }
    } catch (error) {
      // A pool closed under us (the server or a test shutting down) loses this batch quietly.
      const ended = (error as { cause?: { code?: string } }).cause?.code === 'CONNECTION_ENDED';
      if (!ended) console.error('[open-api] could not write the request log', error);
    } finally {
      flushing = undefined;
    }
  })();
  return flushing;
}
