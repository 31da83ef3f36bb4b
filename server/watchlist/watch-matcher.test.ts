import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams } from '../../test/fuzz-config.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { readOwnPath } from '../ingest/own-path.ts';
import { parseIp } from '../net/ip.ts';
import { WATCH_FIELDS } from './watch-fields.ts';
import { WatchIndex, WatchMatcher, type IndexedItem, type WatchHit } from './watch-matcher.ts';
import { checkBlockableIp, ipv4ToInt, normalizeWatchValue, WatchInputError } from './watch-values.ts';

function ev(details: Record<string, unknown>, hostname = 'UNKNOWN'): PicketEvent {
  return {
    id: 'e1',
    utctimestamp: '',
    receivedtimestamp: '',
    category: 'x',
    source: 'x',
    hostname,
    processname: 'x',
    processid: 'x',
    severity: 'INFO',
    summary: 's',
    tags: [],
    details,
  };
}

const item = (id: string, type: IndexedItem['type'], value: string, expiresAt = Infinity): IndexedItem => ({
  id,
  type,
  value,
  expiresAt,
});

describe('watch matcher', () => {
  const m = new WatchMatcher();
  m.replace([
    item('a', 'ip', '203.0.113.7'),
    item('b', 'cidr', '198.51.100.0/24'),
    item('c', 'domain', 'evil.example'),
    item('d', 'username', 'mallory'),
    item('e', 'hash', 'd41d8cd98f00b204e9800998ecf8427e'),
    item('f', 'cidr', '2001:db8:1::/48'),
    item('g', 'ip', '192.0.2.99', Date.now() - 1000),
    item('h', 'cidr', '198.51.0.0/16'),
  ]);

  it('tags exact IPs, CIDRs (longest prefix first, every containing CIDR), and records the hits', () => {
    const e = ev({ sourceipaddress: '203.0.113.7', destinationipaddress: '198.51.100.20' });
    expect(m.match(e)).toEqual(['watchlist', 'watchlist:ip', 'watchlist:cidr']);
    expect(e.details.watchlist).toEqual([
      { id: 'a', type: 'ip', value: '203.0.113.7', field: 'details.sourceipaddress' },
      { id: 'b', type: 'cidr', value: '198.51.100.0/24', field: 'details.destinationipaddress' },
      { id: 'h', type: 'cidr', value: '198.51.0.0/16', field: 'details.destinationipaddress' },
    ]);
    expect(e.details.watchlistvalue).toBe('203.0.113.7');
  });

  it('matches domains and their subdomains, usernames case-insensitively, hashes, IPv6 CIDRs', () => {
    expect(m.match(ev({}, 'WWW.Evil.Example'))).toEqual(['watchlist', 'watchlist:domain']);
    expect(m.match(ev({ query: 'evil.example.' }))).toEqual(['watchlist', 'watchlist:domain']);
    expect(m.match(ev({ username: 'Mallory' }))).toEqual(['watchlist', 'watchlist:username']);
    expect(m.match(ev({ md5: 'D41D8CD98F00B204E9800998ECF8427E' }))).toEqual(['watchlist', 'watchlist:hash']);
    expect(m.match(ev({ sourceipaddress: '2001:db8:1:ffff::1' }))).toEqual(['watchlist', 'watchlist:cidr']);
  });

  it('leaves other events alone, ignores expired items and near misses', () => {
    const e = ev(
      { sourceipaddress: '192.0.2.99', username: 'mallory2', hostname: 'notevil.example', sha1: 'nothex' },
      'example',
    );
    expect(m.match(e)).toEqual([]);
    expect(e.details.watchlist).toBeUndefined();
    expect(m.match(ev({ sourceipaddress: '198.52.0.1' }))).toEqual([]);
    expect(m.match(ev({ sourceipaddress: { nested: true } }))).toEqual([]);
  });
});

describe('watch matcher: IPv4 CIDRs of every prefix length', () => {
  it('finds exactly the CIDRs a brute-force containment check finds, incl. prefixes shorter than /16 and /0', () => {
    // A seeded generator: the same cases every run.
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const toIp = (v: number) => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    const mask = (p: number) => (p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0);
    const cidrs = Array.from({ length: 300 }, (_, i) => {
      const prefix = i === 0 ? 0 : i % 33;
      const net = (Math.floor(rnd() * 2 ** 32) & mask(prefix)) >>> 0;
      return { id: `c${i}`, net, prefix, value: `${toIp(net)}/${prefix}` };
    }).filter((c, i, all) => all.findIndex((o) => o.value === c.value) === i);
    const withoutSlash0 = cidrs.filter((c) => c.prefix !== 0);
    for (const list of [cidrs, withoutSlash0]) {
      const m = new WatchMatcher();
      m.replace(list.map((c) => item(c.id, 'cidr', c.value)));
      // Addresses inside some CIDR (near its edges) and random ones, most of them in no CIDR.
      const addrs = list
        .flatMap((c) => [c.net, (c.net | (~mask(c.prefix) >>> 0)) >>> 0])
        .concat(Array.from({ length: 2000 }, () => Math.floor(rnd() * 2 ** 32)));
      for (const a of addrs) {
        const e = ev({ sourceipaddress: toIp(a) });
        m.match(e);
        const got = ((e.details.watchlist ?? []) as Array<{ id: string }>).map((h) => h.id).sort();
        const want = list
          .filter((c) => (a & mask(c.prefix)) >>> 0 === c.net)
          .map((c) => c.id)
          .sort();
        expect(got, toIp(a)).toEqual(want);
      }
    }
  });
});

/**
 * The matcher's contract read literally: every watched field in WATCH_FIELDS order; within a field,
 * the exact IP before CIDRs (longest prefix first), a domain before its parents; the first field to
 * hit an item names it. Brute force over every item, no index.
 */
function referenceHits(items: readonly IndexedItem[], e: PicketEvent, now: number): WatchHit[] {
  const out: WatchHit[] = [];
  const mask = (p: number) => (p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0);
  for (const [kind, paths] of Object.entries(WATCH_FIELDS)) {
    for (const path of paths) {
      const parts = path.split('.');
      const raw =
        parts[0] === 'details'
          ? readOwnPath(e.details, parts.slice(1))
          : (e as unknown as Record<string, unknown>)[path];
      if (typeof raw !== 'string' || raw === '' || raw.length > 512) continue;
      const ranked: Array<[number, IndexedItem]> = [];
      for (const it of items) {
        if (it.expiresAt <= now) continue;
        if (kind === 'ip') {
          const ip = parseIp(raw);
          if (!ip) continue;
          if (it.type === 'ip' && it.value === ip.normalized) ranked.push([0, it]);
          if (it.type === 'cidr' && ip.version === 4 && !it.value.includes(':')) {
            const [net, prefix] = it.value.split('/');
            if ((ipv4ToInt(ip.normalized) & mask(Number(prefix))) >>> 0 === ipv4ToInt(net))
              ranked.push([100 - Number(prefix), it]);
          }
        } else if (kind === 'domain' && it.type === 'domain') {
          const d = raw.toLowerCase().replace(/\.$/, '');
          const labels = d.split('.');
          for (let k = 0; k < labels.length - 1; k++) if (labels.slice(k).join('.') === it.value) ranked.push([k, it]);
        } else if (it.type === kind && it.value === raw.toLowerCase()) ranked.push([0, it]);
      }
      ranked.sort((a, b) => a[0] - b[0]);
      for (const [, it] of ranked)
        if (!out.some((h) => h.id === it.id)) out.push({ id: it.id, type: it.type, value: it.value, field: path });
    }
  }
  return out;
}

describe('watch matcher: same hits as reading every watched field in order', () => {
  it('whatever the details keys, their order, case and value types', () => {
    const now = Date.now();
    const items: IndexedItem[] = [
      item('ip1', 'ip', '203.0.113.7'),
      item('ip2', 'ip', '2001:db8::1'),
      item('c24', 'cidr', '203.0.113.0/24'),
      item('c8', 'cidr', '203.0.0.0/8'),
      item('d1', 'domain', 'evil.example'),
      item('d2', 'domain', 'www.evil.example'),
      item('u1', 'username', 'mallory'),
      item('h1', 'hash', 'd41d8cd98f00b204e9800998ecf8427e'),
      item('old', 'ip', '198.51.100.1', now - 1),
    ];
    const index = new WatchIndex(items);
    const keys = [...new Set(Object.values(WATCH_FIELDS).flat())]
      .filter((p) => p.startsWith('details.'))
      .map((p) => p.slice('details.'.length))
      .concat(['program', 'summary', 'sourceport', '__proto__', 'constructor']);
    const values = fc.oneof(
      fc.constantFrom(
        '203.0.113.7',
        '203.0.113.99',
        '203.9.9.9',
        '2001:db8::1',
        '2001:DB8:0::1',
        '198.51.100.1',
        'WWW.Evil.Example.',
        'a.b.evil.example',
        'notevil.example',
        'Mallory',
        'D41D8CD98F00B204E9800998ECF8427E',
        '',
        'x'.repeat(513),
      ),
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.constant(null),
      fc.constant({ nested: '203.0.113.7' }),
    );
    const events = fc.record({
      hostname: fc.constantFrom('evil.example', 'host.EVIL.example', 'web-1.corp.example.com', 'UNKNOWN'),
      entries: fc.array(fc.tuple(fc.constantFrom(...keys), values), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(events, ({ hostname, entries }) => {
        const e = ev(Object.fromEntries(entries), hostname);
        expect(index.hits(e, now)).toEqual(referenceHits(items, e, now));
      }),
      fuzzParams(2000, 10_000),
    );
  });
});

describe('watch values', () => {
  it('normalizes each type and refuses bad input with a message naming the problem', () => {
    expect(normalizeWatchValue('cidr', '10.1.2.3/8').value).toBe('10.0.0.0/8');
    expect(normalizeWatchValue('ip', ' 2001:DB8::0:1 ').value).toBe('2001:db8::1');
    expect(normalizeWatchValue('domain', 'Example.COM.').value).toBe('example.com');
    expect(normalizeWatchValue('hash', 'A'.repeat(64))).toMatchObject({ value: 'a'.repeat(64), hashType: 'sha256' });
    expect(() => normalizeWatchValue('ip', '1.2.3')).toThrow(/not an IPv4 or IPv6/);
    expect(() => normalizeWatchValue('domain', 'bad_domain')).toThrow(/not a valid domain/);
    expect(() => normalizeWatchValue('hash', 'abc')).toThrow(/32 \(md5\)/);
    expect(() => normalizeWatchValue('username', '  ')).toThrow(WatchInputError);
  });

  it('block lists refuse private, reserved, too wide and trusted ranges', () => {
    const trusted = ['127.0.0.0/8', '::1', '203.0.113.0/28'];
    expect(checkBlockableIp('8.8.8.8', trusted).value).toBe('8.8.8.8');
    expect(checkBlockableIp('8.8.0.0/16', trusted).value).toBe('8.8.0.0/16');
    for (const bad of [
      '10.0.0.1',
      '192.168.1.0/24',
      '127.0.0.1',
      '169.254.1.1',
      'fe80::1',
      '::1',
      '172.16.0.0/12',
      '100.64.0.1',
    ]) {
      expect(() => checkBlockableIp(bad, trusted), bad).toThrow(/private, loopback, link-local or reserved/);
    }
    expect(() => checkBlockableIp('0.0.0.0/0', trusted)).toThrow(/too wide/);
    expect(() => checkBlockableIp('11.0.0.0/7', trusted)).toThrow(/too wide/);
    expect(() => checkBlockableIp('8.8.8.0/24', ['8.8.8.8/32'])).toThrow(/trusted/);
  });
});
