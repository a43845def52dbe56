import { describe, expect, it } from 'vitest';
import { callbackUrlProblem } from '@/lib/callback-url';
import { canonicalIpRange, clientIpFrom, ipInRanges, normalizeIp } from '@/lib/ip';

describe('client address', () => {
  it('believes the socket, not a forged X-Forwarded-For, when no proxy is trusted', () => {
    expect(clientIpFrom('203.0.113.9', '127.0.0.1', [])).toBe('203.0.113.9');
    expect(clientIpFrom('::ffff:203.0.113.9', undefined, [])).toBe('203.0.113.9');
  });

  it('walks X-Forwarded-For from the right through trusted proxies only', () => {
    const trusted = ['10.0.0.0/8'];
    // client → proxy 10.0.0.5 → proxy 10.0.0.6 → us; the client forged "127.0.0.1" in front.
    expect(clientIpFrom('10.0.0.6', '127.0.0.1, 198.51.100.7, 10.0.0.5', trusted)).toBe('198.51.100.7');
    // A peer that is not a trusted proxy: its header is ignored.
    expect(clientIpFrom('198.51.100.8', '127.0.0.1', trusted)).toBe('198.51.100.8');
    // Garbage in the chain: believe nothing past the proxy.
    expect(clientIpFrom('10.0.0.6', 'not-an-ip', trusted)).toBe('10.0.0.6');
  });
});

describe('whitelists', () => {
  it('matches addresses and CIDR ranges of both families', () => {
    const list = ['127.0.0.1', '::1', '10.1.0.0/16', '2001:db8::/32'];
    expect(ipInRanges('127.0.0.1', list)).toBe(true);
    expect(ipInRanges('::ffff:127.0.0.1', list)).toBe(true);
    expect(ipInRanges('::1', list)).toBe(true);
    expect(ipInRanges('10.1.200.3', list)).toBe(true);
    expect(ipInRanges('10.2.0.1', list)).toBe(false);
    expect(ipInRanges('2001:db8:1::5', list)).toBe(true);
    expect(ipInRanges('2001:db9::5', list)).toBe(false);
  });

  it('admits nobody with an empty list, and nothing that is not an address', () => {
    expect(ipInRanges('127.0.0.1', [])).toBe(false);
    expect(ipInRanges('unknown', ['0.0.0.0/0'])).toBe(false);
  });

  it('canonicalises entries and rejects junk', () => {
    expect(canonicalIpRange(' 10.0.0.0/8 ')).toBe('10.0.0.0/8');
    expect(canonicalIpRange('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIpRange('10.0.0.300')).toBeNull();
    expect(canonicalIpRange('10.0.0.0/33')).toBeNull();
    expect(normalizeIp('[::1]')).toBe('::1');
  });
});

describe('callback URLs', () => {
  it('need https, except private addresses when the server allows them', () => {
    expect(callbackUrlProblem('https://mall.example.com/hook', false)).toBeNull();
    expect(callbackUrlProblem('http://mall.example.com/hook', false)).toMatch(/https/);
    expect(callbackUrlProblem('http://127.0.0.1:9000/hook', false)).toMatch(/not allowed/);
    expect(callbackUrlProblem('http://127.0.0.1:9000/hook', true)).toBeNull();
    expect(callbackUrlProblem('https://10.0.0.2/hook', false)).toMatch(/not allowed/);
    expect(callbackUrlProblem('https://user:pw@mall.example.com/', false)).toMatch(/user name/);
    expect(callbackUrlProblem('ftp://mall.example.com/', false)).toMatch(/https/);
    expect(callbackUrlProblem('not a url', false)).toMatch(/valid/);
  });
});
