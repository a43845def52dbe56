import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { callbackUrlProblem } from '@/lib/callback-url';
import { canonicalIpRange } from '@/lib/ip';
import { env } from '@/server/config/env';
import { distributorLevels, distributors, wallets } from '@/server/db/schema';
import { insertUser } from '../accounts/users';
import type { createDistributorInput } from '../accounts/schemas';
import { recordAudit } from '../audit';
import type { Ctx } from '../context';
import { DomainError, isUniqueViolation } from '../errors';
import { formatDistributorCode, issueCredentials } from './credentials';

/** Validates and normalises a whitelist; names every bad entry. */
export function normalizeWhitelist(entries: readonly string[]): string[] {
  const bad: string[] = [];
  const out = new Set<string>();
  for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
    const canonical = canonicalIpRange(entry);
    if (canonical) out.add(canonical);
    else bad.push(entry);
  }
  if (bad.length) {
    throw new DomainError('INVALID_REQUEST', `Not an IP address or CIDR range: ${bad.join(', ')}`, { field: 'ipWhitelist', invalid: bad });
  }
  return [...out];
}

export function validateCallbackUrl(url: string | null): string | null {
  if (url === null || url.trim() === '') return null;
  const problem = callbackUrlProblem(url.trim(), env.allowPrivateCallbackUrls);
  if (problem) throw new DomainError('INVALID_REQUEST', `Callback URL ${problem}`, { field: 'callbackUrl' });
  return url.trim();
}

/**
 * Creates a distributor (one mall) with its portal login, API credentials and an empty
 * wallet, in one transaction. Returns the plain secrets: the only time they are shown.
 * Staff call it; so does the seed (as the system).
 */
export async function createDistributor(ctx: Ctx<{ kind: 'staff'; userId: number } | { kind: 'system' }>, input: z.output<typeof createDistributorInput>) {
  const ipWhitelist = normalizeWhitelist(input.ipWhitelist);
  const callbackUrl = validateCallbackUrl(input.callbackUrl);
  return ctx.db.transaction(async (tx) => {
    const [level] = await tx.select({ id: distributorLevels.id }).from(distributorLevels).where(eq(distributorLevels.id, input.levelId));
    if (!level) throw new DomainError('INVALID_REQUEST', 'No such distributor level', { field: 'levelId' });

    // Take the id first, so the code can follow it (D0001 for id 1) in the same insert.
    const [{ id }] = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('distributors', 'id'))::int as id`);
    const code = input.code ?? formatDistributorCode(id);
    const credentials = issueCredentials();
    try {
      await tx.transaction((sp) =>
        sp.insert(distributors).values({
          id,
          code,
          name: input.name,
          levelId: input.levelId,
          contactName: input.contactName,
          phone: input.phone,
          ipWhitelist,
          callbackUrl,
          ...credentials.stored,
        }),
      );
    } catch (e) {
      if (isUniqueViolation(e, 'distributors_code_unique')) {
        throw new DomainError('CONFLICT', `The distributor code ${code} is taken`, { field: 'code' });
      }
      throw e;
    }
    await tx.insert(wallets).values({ distributorId: id, balance: 0 });
    const user = await insertUser(tx, { role: 'distributor', distributorId: id, username: input.username, password: input.password, displayName: input.name });
    await recordAudit({ ...ctx, db: tx }, { action: 'distributor.create', entityType: 'distributor', entityId: id, detail: { code, levelId: input.levelId, username: user.username } });
    return { id, code, userId: user.id, username: user.username, ...credentials.plain };
  });
}
