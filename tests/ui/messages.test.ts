import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../messages/en';
import zh from '../../messages/zh-CN';

/** Every text exists in Chinese and in English, with the same values and tags to fill in. */
const DIR = path.resolve(import.meta.dirname, '../../messages');

function leaves(value: unknown, prefix = ''): [string, string][] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value)]];
}

/** The names a message is filled with: {name}, {count, plural, …} and <tag>s. */
function slots(message: string): string[] {
  const names = [...message.matchAll(/\{\s*([A-Za-z0-9_]+)\s*[,}]/g)].map((m) => `{${m[1]}}`);
  const tags = [...message.matchAll(/<([a-z]+)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...names, ...tags])].sort();
}

describe('messages', () => {
  it('has one file per area in each locale, every one loaded', () => {
    const files = (locale: string) => fs.readdirSync(path.join(DIR, locale)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files('en')).toEqual(files('zh-CN'));
    expect(Object.keys(zh).sort()).toEqual(files('zh-CN'));
    expect(Object.keys(en).sort()).toEqual(files('en'));
  });

  it('has the same keys in zh-CN and en, and each message the same values and tags', () => {
    const zhLeaves = new Map(leaves(zh));
    const enLeaves = new Map(leaves(en));
    expect([...enLeaves.keys()].sort()).toEqual([...zhLeaves.keys()].sort());
    const mismatched = [...zhLeaves].filter(([key, message]) => JSON.stringify(slots(message)) !== JSON.stringify(slots(enLeaves.get(key) ?? '')));
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('leaves no Chinese message empty', () => {
    expect([...leaves(zh)].filter(([, m]) => m.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
