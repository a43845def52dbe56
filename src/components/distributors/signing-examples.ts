/**
 * Copy-ready examples of a signed open-API request (docs/open-api.md "Signing every request"),
 * filled in with the distributor's own code, key and the hub's address. The secret is
 * never filled in: the portal does not have it (it was shown once), so the examples read
 * it from the environment. tests/distributors/signing-examples.test.ts runs both against
 * a server that checks signatures by the contract.
 */
export type SigningParams = { hubUrl: string; code: string; appKey: string };

export const EXAMPLE_TARGET = '/api/open/v1/products?limit=50';

export function curlExample({ hubUrl, code, appKey }: SigningParams): string {
  return `# bash + openssl + curl. Keep the secret out of your shell history:
#   read -rs SUPPLY_HUB_SECRET && export SUPPLY_HUB_SECRET
HUB='${hubUrl}'
METHOD='GET'
TARGET='${EXAMPLE_TARGET}'
BODY=''
TS=$(date +%s)
NONCE=$(openssl rand -hex 16)
BODY_SHA256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hex | awk '{print $NF}')
SIGNATURE=$(printf '%s\\n%s\\n%s\\n%s\\n%s' "$METHOD" "$TARGET" "$TS" "$NONCE" "$BODY_SHA256" \\
  | openssl dgst -sha256 -hmac "$SUPPLY_HUB_SECRET" -hex | awk '{print $NF}')
curl -sS -X "$METHOD" "$HUB$TARGET" \\
  -H 'X-Distributor-Code: ${code}' \\
  -H 'X-App-Key: ${appKey}' \\
  -H "X-Timestamp: $TS" \\
  -H "X-Nonce: $NONCE" \\
  -H "X-Signature: $SIGNATURE"`;
}

export function nodeExample({ hubUrl, code, appKey }: SigningParams): string {
  return `// Node.js 18+ (save as hub.mjs; run with SUPPLY_HUB_SECRET=sk_… node hub.mjs)
import { createHash, createHmac, randomBytes } from 'node:crypto';

const HUB = '${hubUrl}';
const CODE = '${code}';
const KEY = '${appKey}';
const SECRET = process.env.SUPPLY_HUB_SECRET;

export async function callHub(method, target, body) {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const bodySha256 = createHash('sha256').update(raw).digest('hex');
  const signature = createHmac('sha256', SECRET)
    .update([method, target, timestamp, nonce, bodySha256].join('\\n'))
    .digest('hex');
  const response = await fetch(HUB + target, {
    method,
    body: raw || undefined,
    headers: {
      'Content-Type': 'application/json',
      'X-Distributor-Code': CODE,
      'X-App-Key': KEY,
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': signature,
    },
  });
  return { status: response.status, body: await response.json() };
}

console.log(JSON.stringify(await callHub('GET', '${EXAMPLE_TARGET}')));`;
}
