import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';
import { parseCidrList } from './ip.ts';

const none = parseCidrList([]);
const proxies = parseCidrList(['127.0.0.1', '10.0.0.0/8', '::1']);

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted or the peer is not one', () => {
    expect(clientAddress('127.0.0.1', '10.9.9.9', none)).toBe('127.0.0.1');
    expect(clientAddress('198.51.100.4', '10.9.9.9', proxies)).toBe('198.51.100.4');
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For right to left from a trusted peer, skipping trusted proxies', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.5', proxies)).toBe('203.0.113.5');
    // The client forged the left entry; the proxy appended the real one.
    expect(clientAddress('127.0.0.1', '10.1.1.1, 203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.5, 10.2.2.2', proxies)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', ['198.51.100.1', '203.0.113.5:4711, 10.2.2.2'], proxies)).toBe('203.0.113.5');
    expect(clientAddress('::1', '[2001:db8::7]:443', proxies)).toBe('2001:db8::7');
    expect(clientAddress('127.0.0.1', '10.3.3.3, 10.2.2.2', proxies)).toBe('10.3.3.3');
  });

  it('reports a malformed hop as is, which matches no CIDR, instead of falling back to the proxy', () => {
    expect(clientAddress('127.0.0.1', 'unknown, 10.2.2.2', proxies)).toBe('unknown');
    expect(clientAddress('127.0.0.1', 'x'.repeat(500), proxies)).toHaveLength(64);
    expect(clientAddress('127.0.0.1', ' , ', proxies)).toBe('127.0.0.1');
  });
});
