/**
 * The tRPC procedures as data, read from the routers themselves: a procedure added to any
 * router is in this list without anyone writing it down. The tenant matrix, the
 * mass-assignment test and the fuzzer walk it.
 */
import { TRPCError } from '@trpc/server';
import { TransactionRollbackError } from 'drizzle-orm';
import { ZodError, type z } from 'zod';
import type { Db } from '@/server/db/client';
import type { SessionIdentity } from '@/server/domain/accounts/session';
import { DomainError } from '@/server/domain/errors';
import { appRouter, createCaller } from '@/server/trpc/root';
import { zodInputSchema, type JsonSchema } from './json-schema';

export type Procedure = {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The portal router it belongs to: the first segment of its path. */
  portal: string;
  /** The parser given to `.input()`, if any. */
  parser: z.ZodType | null;
  input: JsonSchema | null;
};

type ProcedureDef = { _def: { type: Procedure['type']; inputs: z.ZodType[] } };

export function procedures(prefix = ''): Procedure[] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>)
    .filter(([path]) => path.startsWith(prefix))
    .map(([path, p]) => {
      if (p._def.inputs.length > 1) throw new Error(`${path}: more than one .input() — teach tests/support/procedures.ts to merge them`);
      const parser = p._def.inputs[0] ?? null;
      return { path, type: p._def.type, portal: path.split('.')[0], parser, input: parser ? zodInputSchema(parser) : null };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Calls a procedure by its dotted path, as `identity`, on `db` (a transaction works too). */
export function callProcedure(db: Db, identity: SessionIdentity | null, path: string, input: unknown): Promise<unknown> {
  const caller = createCaller({ db, identity });
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

export type Outcome = { ok: true; value: unknown } | { ok: false; code: string; input: boolean; domain: string | null; message: string };

/** How a call ended: its value, or the tRPC code and whether the input was refused by its schema. */
export async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return {
      ok: false,
      code: e.code,
      input: e.cause instanceof ZodError,
      domain: e.cause instanceof DomainError ? e.cause.code : null,
      message: e.message,
    };
  }
}

/**
 * Calls a procedure inside a transaction that is rolled back: what the call would answer,
 * with nothing kept. The matrix asks the owner of a record this way.
 */
export async function probe(db: Db, identity: SessionIdentity, path: string, input: unknown): Promise<Outcome> {
  let outcome: Outcome | undefined;
  try {
    await db.transaction(async (tx) => {
      outcome = await outcomeOf(() => callProcedure(tx as unknown as Db, identity, path, input));
      tx.rollback();
    });
  } catch (e) {
    if (!(e instanceof TransactionRollbackError)) throw e;
  }
  return outcome!;
}

/** Every object schema in an input, with where it is (for messages). */
export function objectSchemas(schema: JsonSchema, at = '(input)'): { at: string; schema: JsonSchema }[] {
  const out: { at: string; schema: JsonSchema }[] = [];
  if (schema.properties || schema.type === 'object') out.push({ at, schema });
  for (const [key, child] of Object.entries(schema.properties ?? {})) out.push(...objectSchemas(child, `${at}.${key}`));
  if (schema.items) out.push(...objectSchemas(schema.items, `${at}[]`));
  for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) out.push(...objectSchemas(alt, at));
  return out;
}
