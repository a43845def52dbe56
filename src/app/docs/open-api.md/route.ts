import fs from 'node:fs';
import path from 'node:path';

/**
 * The integration guide, docs/open-api.md, as the repository has it: the contract in
 * prose, served beside the reference page so that a mall developer without the
 * repository reads the same text.
 */
export function GET(): Response {
  const text = fs.readFileSync(path.join(process.cwd(), 'docs/open-api.md'), 'utf8');
  return new Response(text, { headers: { 'content-type': 'text/markdown; charset=utf-8', 'cache-control': 'public, max-age=300' } });
}
