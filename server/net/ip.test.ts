import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPrivateOrReserved, isPublicIp, parseCidrList, parseIp, splitHostPort } from './ip.ts';

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', 4, '1.2.3.4'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['0.0.0.0', 4, '0.0.0.0'],
    [' 8.8.8.8 ', 4, '8.8.8.8'],
    ['::ffff:1.2.3.4', 4, '1.2.3.4'],
    ['::FFFF:7f00:1', 4, '127.0.0.1'],
    ['::', 6, '::'],
    ['::1', 6, '::1'],
    ['2001:DB8::1', 6, '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 6, '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 6, '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', 6, '2001:db8:0:1:1:1:1:1'],
    ['1::', 6, '1::'],
    ['fe80::1%eth0', 6, 'fe80::1'],
    ['64:ff9b::1.2.3.4', 6, '64:ff9b::102:304'],
  ] as const)('%s → v%i %s', (input, version, normalized) => {
    expect(parseIp(input)).toEqual({ version, normalized });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '256.1.1.1',
    '1.2.3.4:22',
    'a.b.c.d',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2:3:4:5:6:7:8',
    '12345::',
    'fe80::1%',
    '::ffff:1.2.3',
    '1.2.3.4/24',
    'localhost',
    'UNKNOWN',
    '\u0001',
  ])('rejects %j', (input) => expect(parseIp(input)).toBeNull());

  it('agrees with node:net isIP on generated inputs', () => {
    // Tokens chosen to hit the edge cases: empty groups, '::' placement, v4 tails, leading zeros, overflow.
    const tokens = ['0', '1', '255', '256', '01', 'ffff', 'ABCD', '12345', ':', ':', '::', '.', '.', '1.2.3.4'];
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let valid = 0;
    for (let k = 0; k < 50000; k++) {
      let s = '';
      const len = 1 + rnd(12);
      for (let i = 0; i < len; i++) s += tokens[rnd(tokens.length)];
      const ours = parseIp(s);
      // IPv4-mapped input is IPv6 to node:net but reported as the IPv4 address it carries.
      expect(ours === null ? 0 : s.includes(':') ? 6 : 4, s).toBe(isIP(s));
      if (ours !== null) {
        valid++;
        // WHATWG URL serializes IPv6 with the same zero-run compression as RFC 5952.
        if (ours.version === 6) expect(`[${ours.normalized}]`, s).toBe(new URL(`http://[${s}]/`).hostname);
        expect(isIP(ours.normalized), s).toBe(ours.version);
        expect(parseIp(ours.normalized)?.normalized, s).toBe(ours.normalized);
      }
    }
    expect(valid).toBeGreaterThan(1000);
  });
});

describe('isPrivateOrReserved', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '192.0.2.5',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '0.0.0.0',
    '0.1.2.3',
    '198.18.0.1',
    '198.19.255.255',
    '192.0.0.8',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '2001:db8::1',
    '2001:db8:ffff::1',
    '3fff::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    'not-an-ip',
  ])('%s is not public', (ip) => {
    expect(isPrivateOrReserved(ip)).toBe(true);
    expect(isPublicIp(ip)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '81.2.69.142',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '192.0.3.1',
    '198.20.0.1',
    '223.255.255.255',
    '2001:4860:4860::8888',
    '2a00:1450:4001::1',
    '::ffff:8.8.8.8',
  ])('%s is public', (ip) => expect(isPrivateOrReserved(ip)).toBe(false));
});

describe('parseCidrList', () => {
  const list = parseCidrList(['127.0.0.0/8', '::1', ' 10.1.2.3/16 ', '2001:db8:1::/48', '192.168.1.7', '']);

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::ffff:127.0.0.1', true], // how Node reports IPv4 peers on a dual-stack socket
    ['::ffff:7f00:1', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['10.1.200.1', true], // host bits in the entry are masked off
    ['10.2.0.1', false],
    ['2001:db8:1:ffff::5', true],
    ['2001:db8:2::5', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['128.0.0.1', false],
    ['::2', false],
    ['garbage', false],
  ] as const)('contains(%s) = %s', (ip, expected) => expect(list.contains(ip)).toBe(expected));

  it('counts entries and handles /0 and mapped CIDRs', () => {
    expect(list.size).toBe(5);
    expect(parseCidrList(['0.0.0.0/0']).contains('203.0.113.1')).toBe(true);
    expect(parseCidrList(['0.0.0.0/0']).contains('2001:db8::1')).toBe(false);
    expect(parseCidrList(['::/0']).contains('2001:db8::1')).toBe(true);
    const mapped = parseCidrList(['::ffff:192.168.0.0/112']);
    expect(mapped.contains('192.168.44.1')).toBe(true);
    expect(mapped.contains('192.169.0.1')).toBe(false);
    expect(parseCidrList([]).contains('127.0.0.1')).toBe(false);
  });

  it.each(['1.2.3.4/33', '::1/129', '1.2.3/8', 'example.com', '10.0.0.0/', '10.0.0.0/x', '::ffff:1.2.3.4/64'])(
    'throws on %j',
    (entry) => expect(() => parseCidrList([entry])).toThrow(/invalid CIDR/),
  );
});

describe('splitHostPort', () => {
  it.each([
    ['1.2.3.4:22', { host: '1.2.3.4', port: 22 }],
    ['1.2.3.4', { host: '1.2.3.4' }],
    ['[2001:db8::1]:443', { host: '2001:db8::1', port: 443 }],
    ['[2001:db8::1]', { host: '2001:db8::1' }],
    ['2001:db8::1', { host: '2001:db8::1' }],
    ['example.com:8080', { host: 'example.com', port: 8080 }],
    ['1.2.3.4:99999', { host: '1.2.3.4:99999' }],
    ['1.2.3.4:ssh', { host: '1.2.3.4:ssh' }],
    ['1.2.3.4:', { host: '1.2.3.4:' }],
    ['[::1]x', { host: '[::1]x' }],
    ['[::1', { host: '[::1' }],
  ] as const)('%s', (input, expected) => expect(splitHostPort(input)).toEqual(expected));
});
