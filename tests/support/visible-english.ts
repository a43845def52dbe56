import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import type { Db } from '@/server/db/client';

/**
 * The Latin terms a zh-CN page may show although they are not Chinese: each one is a name or
 * technical term that Chinese users of this system read as it is, most of them from the open
 * API contract the distributor hands to its mall's developers. Matched as written (case
 * counts), before the text is split into words. Keep it small; a term goes here only with
 * the reason beside it. Data is not UI text: words of the database's own records are
 * allowed separately (`dataWords`), and so are code samples (<pre>, <code>) and the
 * contract's SCREAMING_SNAKE identifiers (RATE_LIMITED, PATH_AND_QUERY), see `latinWords`.
 */
export const ALLOWED_TERMS: Record<string, string> = {
  SKU: 'the product code malls key on (货号 is shown beside it)',
  API: 'the open API, as integrators call it',
  OpenAPI: 'the name of the API description format (openapi.json)',
  CSV: 'the file format of exports and imports',
  Excel: 'the program people open exports with',
  xlsx: 'the Excel file format of exports',
  JPG: 'image format',
  PNG: 'image format',
  WebP: 'image format',
  MB: 'megabytes, the unit of the upload size limit',
  URL: 'callback and base URLs',
  ID: 'record identifiers',
  IP: 'the IP whitelist of mall servers',
  CIDR: 'the notation of address ranges in the IP whitelist',
  HMAC: 'the request signature scheme',
  SHA: 'SHA-256, the hash of the signature scheme',
  JSON: 'the body format of the open API',
  HTTP: 'protocol name in the API binding',
  HTTPS: 'protocol name in the API binding',
  https: 'the scheme callback URLs must use, as typed in them',
  GET: 'HTTP method names in the signing instructions',
  POST: 'HTTP method names in the signing instructions',
  METHOD: 'a part of the string to sign, named as the contract names it',
  'App Key': 'credential name of the open API contract',
  'App Secret': 'credential name of the open API contract',
  Key: 'the App Key, so named in the signing help',
  Secret: 'the App Secret, so named in the signing help',
  Nonce: 'the one-time random value of each signed request (contract term)',
  nonce: 'the one-time random value of each signed request (contract term)',
  Unix: 'Unix time, the timestamp format of the signature',
  NTP: 'the clock synchronisation protocol servers use',
  curl: 'name of the command-line tool of a code sample',
  bash: 'name of the shell of a code sample',
  'Node.js': 'name of the runtime of a code sample',
  'Standard Webhooks': 'name of the callback signature standard',
  whsec_: 'the prefix of callback signing secrets (Standard Webhooks)',
  EMS: 'a carrier’s own name (China Post’s express service)',
  English: 'the language menu names each language in itself (中文, English)',
};

/** What a page shows a person: visible text, and the texts of placeholders, labels, titles and options. */
export type VisibleText = { text: string[]; attributes: string[] };

/**
 * Reads the visible text of the page in the browser: every text node whose element is
 * rendered (not inside <script>, <style>, <template>, or code samples in <pre>/<code>,
 * which are code, not wording), the document title, placeholder, aria-label, title and alt
 * attributes and the options of selects.
 */
export function readVisibleText(page: Page): Promise<VisibleText> {
  return page.evaluate(() => {
    const text: string[] = [document.title];
    const skip = 'script, style, template, noscript, pre, code';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const value = node.textContent?.trim();
      if (!el || !value || el.closest(skip)) continue;
      if (el.closest('option') || el.checkVisibility({ visibilityProperty: true })) text.push(value);
    }
    const attributes: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [aria-label], [title], img[alt]')) {
      if (el.closest(skip)) continue;
      for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value) attributes.push(value);
      }
    }
    return { text, attributes };
  });
}

/** URLs, e-mail addresses and paths such as /api/open/v1/products?brandId=3: addresses, not words. */
const URL_OR_EMAIL = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|\/[A-Za-z0-9_\-./[\]{}:?=&%]+/g;
const TERMS = new RegExp(
  '(?<![A-Za-z0-9_])(?:' +
  Object.keys(ALLOWED_TERMS)
    .sort((a, b) => b.length - a.length)
    .map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|') +
    ')(?![A-Za-z0-9_])',
  'g',
);

/**
 * The Latin words of a string (two letters or more), after taking out the allowed terms,
 * URLs and paths, and leaving out tokens with digits (identifiers like D0001, SO2026…,
 * 500ml), SCREAMING_SNAKE tokens (the contract's error codes and signing-string parts,
 * RATE_LIMITED, PATH_AND_QUERY) and the contract's request headers (X-Timestamp).
 */
export function latinWords(text: string, terms = false): string[] {
  const words: string[] = [];
  const stripped = text.replace(URL_OR_EMAIL, ' ');
  for (const token of (terms ? stripped.replace(TERMS, ' ') : stripped).split(/[\s，。、：；！？（）()【】《》「」“”"‘’·,.;:!?|\\[\]{}<>=+*&%#@~`^$…—–]+/)) {
    if (!/[A-Za-z]/.test(token) || /\d/.test(token) || /^[A-Z]+(?:_[A-Z]+)+$/.test(token) || /^X(?:-[A-Z][A-Za-z]*)+$/.test(token)) continue;
    for (const word of token.match(/[A-Za-z]{2,}/g) ?? []) words.push(word);
  }
  return words;
}

/** The English words a page shows that are neither allowed terms nor data, with the text they stand in. */
export function untranslated(visible: VisibleText, data: ReadonlySet<string>): { word: string; in: string }[] {
  const found = new Map<string, string>();
  for (const text of [...visible.text, ...visible.attributes]) {
    for (const word of latinWords(text, true)) {
      const lower = word.toLowerCase();
      if (data.has(lower) || found.has(lower)) continue;
      found.set(lower, text.length > 80 ? `${text.slice(0, 80)}…` : text);
    }
  }
  return [...found].map(([word, where]) => ({ word, in: where }));
}

/** Columns that hold secrets, hashes or tokens: random letters, not words anyone reads. */
const NOT_WORDS = /hash|secret|encrypted|token|nonce|signature|key|password/i;
/** Values that are codes of the program (statuses, audit actions, event types): shown raw, they are untranslated UI. */
const CODE_LIKE = /^[a-z][a-z0-9]*(?:[._:][a-z0-9]+)+$/;

/**
 * The words of the records in the database (product titles, brand and company names,
 * receivers, carriers, remarks…): what a page shows of them is data, not wording to
 * translate. Code-like values (`on_sale`, `order.shipped`) are left out, so a page that
 * shows a raw status still fails.
 */
export async function dataWords(db: Db): Promise<Set<string>> {
  const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')`);
  const words = new Set<string>();
  for (const { table_name, column_name } of columns) {
    if (NOT_WORDS.test(column_name)) continue;
    const rows = await db.execute<{ v: string }>(sql`SELECT DISTINCT ${sql.identifier(column_name)} AS v FROM ${sql.identifier(table_name)} WHERE ${sql.identifier(column_name)} IS NOT NULL LIMIT 5000`);
    for (const { v } of rows) {
      if (CODE_LIKE.test(v)) continue;
      for (const word of latinWords(v)) words.add(word.toLowerCase());
    }
  }
  return words;
}
