import ipaddr from 'ipaddr.js';

/**
 * IP addresses and CIDR ranges, for the malls' whitelists and for deciding which
 * X-Forwarded-For hop to believe.
 */

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Normalises an address: IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes plain IPv4. */
export function normalizeIp(address: string): string | null {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(trimmed)) return null;
  const parsed = ipaddr.parse(trimmed);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  }
  return parsed.toString();
}

/** Parses one whitelist entry (an address or a CIDR range). Null when it is neither. */
export function parseIpRange(entry: string): Range | null {
  const text = entry.trim();
  try {
    if (text.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(text);
      return [addr, bits];
    }
    const normalized = normalizeIp(text);
    if (!normalized) return null;
    const addr = ipaddr.parse(normalized);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** Canonical text of a valid entry ("10.0.0.0/8", "::1"), or null when invalid. */
export function canonicalIpRange(entry: string): string | null {
  const range = parseIpRange(entry);
  if (!range) return null;
  const [addr, bits] = range;
  const full = addr.kind() === 'ipv4' ? 32 : 128;
  return bits === full ? addr.toString() : `${addr.toString()}/${bits}`;
}

/** Whether `ip` falls in any of `ranges`. An empty list admits nobody. */
export function ipInRanges(ip: string, ranges: readonly string[]): boolean {
  const normalized = normalizeIp(ip);
  if (!normalized) return false;
  const addr = ipaddr.parse(normalized);
  return ranges.some((entry) => {
    const range = parseIpRange(entry);
    return range !== null && range[0].kind() === addr.kind() && addr.match(range);
  });
}

/**
 * The client's address. The socket's peer, unless that peer is a trusted proxy: then the
 * X-Forwarded-For chain is walked from the right (the hop nearest to us) and the first
 * address that is not itself a trusted proxy is the client. A client cannot forge its way
 * past this, because only hops appended by trusted proxies are believed.
 */
export function clientIpFrom(socketAddress: string, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const peer = normalizeIp(socketAddress) ?? socketAddress;
  if (trustedProxies.length === 0 || !ipInRanges(peer, trustedProxies) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) return peer; // garbage in the chain: believe nothing beyond the proxy
    if (!ipInRanges(hop, trustedProxies)) return hop;
  }
  return normalizeIp(hops[0]) ?? peer;
}

/** Loopback, private, link-local or unique-local: addresses on the mall's own network. */
export function isPrivateAddress(ip: string): boolean {
  const normalized = normalizeIp(ip);
  if (!normalized) return false;
  const range = ipaddr.parse(normalized).range();
  return ['loopback', 'private', 'linkLocal', 'uniqueLocal', 'unspecified', 'carrierGradeNat'].includes(range);
}
