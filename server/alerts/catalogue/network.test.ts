// MozDef's tests of the network alerts (tests/alerts/test_nsm_scan_*.py), translated case by case;
// rules MozDef shipped without a test get cases written from their code.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { WatchMatcher } from '../../watchlist/watch-matcher.ts';
import {
  alerts,
  enrich,
  event,
  events,
  mozdefCases,
  type MozdefCase,
  minutesAgo,
  withDetails,
  STREAM,
} from './catalogue-harness.ts';

/** MozDef's mock resolved every address to mock.mozilla.org; Picket does no reverse DNS (MozDef's own output for an unresolved address). */
const NO_DNS = 'no reverse DNS: the address alone, as MozDef wrote it when the lookup found no name';

function scanCases(note: string, alertSummary: string, extra: MozdefCase[] = []): MozdefCase[] {
  const notice = (): PicketEvent[] =>
    enrich(
      events(5, {
        category: 'bro',
        summary: `${note} source 10.252.25.90 destination unknown port unknown`,
        hostname: 'your.friendly.nsm.sensor',
        tags: ['bro'],
        source: 'notice',
        details: { sourceipaddress: '10.99.88.77', indicators: '10.99.88.77', source: 'notice', note },
      }),
    );
  const others = ['Scan::Address_Scan', 'Scan::Port_Scan', 'Scan::Random_Scan'].filter((n) => n !== note);
  return [
    { name: 'positive: default events', events: notice(), alert: { summary: alertSummary } },
    { name: 'positive: events a minute earlier', events: minutesAgo(notice(), 1), alert: { summary: alertSummary } },
    { name: 'negative: another category', events: notice().map((e) => ({ ...e, category: 'syslog' })) },
    { name: 'negative: another source', events: notice().map((e) => ({ ...e, source: 'intel' })) },
    ...others.map((n) => ({ name: `negative: another scan type (${n})`, events: withDetails(notice(), { note: n }) })),
    {
      name: 'negative: an excluded address',
      events: withDetails(notice(), { sourceipaddress: '10.54.65.234', indicators: '1.2.3.4' }),
    },
    {
      name: 'negative: a source outside 10.0.0.0/8',
      events: withDetails(notice(), { sourceipaddress: '1.2.3.4', indicators: '1.2.3.4' }),
    },
    ...extra,
    {
      name: 'old timestamp (MozDef: negative)',
      events: minutesAgo(notice(), 15),
      alert: { summary: alertSummary },
      differs: STREAM,
    },
  ];
}

mozdefCases(
  'mozdef.nsm_scan_address',
  { category: 'nsm', severity: 'NOTICE', tags: ['nsm', 'bro', 'addressscan'], summary: '' },
  scanCases('Scan::Address_Scan', 'Address scan from 10.99.88.77').map((c) =>
    c.name.startsWith('positive') ? { ...c, differs: NO_DNS } : c,
  ),
);

mozdefCases(
  'mozdef.nsm_scan_port',
  { category: 'nsm', severity: 'WARNING', tags: ['nsm', 'bro', 'portscan'], summary: '' },
  scanCases('Scan::Port_Scan', 'Port scan from 10.99.88.77', [
    {
      name: 'negative: a 192.168 host in the message',
      events: enrich(
        events(5, {
          category: 'bro',
          source: 'notice',
          details: {
            note: 'Scan::Port_Scan',
            sourceipaddress: '10.99.88.77',
            indicators: '10.99.88.77',
            msg: '2620:101:80f8:224:44af:81c2:372c:6cbf scanned at least 15 unique ports on hosts 2001:41d0:e:9d4::1, 192.168.1.1, 2400:6180:0:d0::4a6b:4001 in 0m11s',
          },
        }),
      ),
    },
  ]).map((c) => (c.name.startsWith('positive') ? { ...c, differs: NO_DNS } : c)),
);

mozdefCases(
  'mozdef.nsm_scan_random',
  { category: 'nsm', severity: 'WARNING', tags: ['nsm', 'bro', 'randomscan'], summary: '' },
  scanCases('Scan::Random_Scan', 'Random scan from 10.99.88.77'),
);

describe('port scans: Picket’s own mozdef.portscan is not nsm_scan_port', () => {
  it('counts distinct ports from connection events, and ignores a Zeek scan notice', async () => {
    const probe = (port: number) =>
      event({
        category: 'bro',
        source: 'conn',
        details: { sourceipaddress: '10.1.1.1', destinationipaddress: '10.0.0.1', destinationport: port },
      });
    const conns = Array.from({ length: 50 }, (_, i) => probe(i + 1));
    expect((await alerts('mozdef.portscan', conns)).map((a) => a.summary)).toEqual([
      'Port scan: 10.1.1.1 probed 50 ports on 10.0.0.1',
    ]);
    expect(await alerts('mozdef.nsm_scan_port', conns)).toEqual([]);
    const notice = event({
      category: 'bro',
      source: 'notice',
      details: { note: 'Scan::Port_Scan', sourceipaddress: '10.1.1.1', indicators: '10.1.1.1' },
    });
    expect(await alerts('mozdef.portscan', [notice])).toEqual([]);
    expect(await alerts('mozdef.nsm_scan_port', [notice])).toHaveLength(1);
  });
});

// No MozDef test: cases from multiple_intel_hits.py.
const intel = (over: Record<string, unknown> = {}, hostname = 'sensor1') =>
  event({
    category: 'bro',
    source: 'intel',
    hostname,
    details: {
      seenindicator: 'evil.example.com',
      sourceipaddress: '10.0.0.5',
      destinationipaddress: '203.0.113.7',
      seenwhere: 'DNS::IN_REQUEST',
      ...over,
    },
  });
mozdefCases(
  'mozdef.multiple_intel_hits',
  { category: 'bro', severity: 'NOTICE', tags: ['nsm,bro,intel'], summary: '' },
  [
    {
      name: 'positive: 10 hits of one indicator; the samples name our side of each connection',
      events: [
        intel(),
        intel({ seenwhere: 'Conn::IN_ORIG' }),
        intel({ seenwhere: 'Files::IN_HASH' }),
        ...Array.from({ length: 7 }, () => intel()),
      ],
      alert: {
        summary:
          '10 sensor1  Bro intel match for indicator: on evil.example.com sample hosts that hit it: 10.0.0.5 in DNS::IN_REQUEST 203.0.113.7 in Conn::IN_ORIG  in Files::IN_HASH ',
      },
    },
    { name: 'negative: 9 hits', events: Array.from({ length: 9 }, () => intel()) },
    {
      name: 'negative: 10 hits on a host that is no listed sensor',
      events: Array.from({ length: 10 }, () => intel({}, 'laptop')),
    },
    {
      name: 'negative: 10 hits spread over two indicators',
      events: Array.from({ length: 10 }, (_, i) => intel({ seenindicator: i % 2 ? 'a.example' : 'b.example' })),
    },
  ],
);

// No MozDef test: cases from ssl_blacklist_hit.py.
const sslbl = (over: Record<string, unknown> = {}, category = 'brointel') =>
  event({
    category,
    hostname: 'nsm1',
    summary: 'intel hit on cert 5fcb…',
    details: { eventsource: 'nsm', sources: 'abuse.ch SSLBL', sourceipaddress: '10.0.0.9', ...over },
  });
mozdefCases(
  'mozdef.ssl_blacklist_hit',
  { category: 'correlatedalerts', severity: 'NOTICE', tags: ['nsm,bro,correlated'], summary: '' },
  [
    { name: 'positive: an SSLBL intel hit', events: [sslbl()], alert: { summary: 'nsm1 intel hit on cert 5fcb…' } },
    { name: 'negative: another intel source', events: [sslbl({ sources: 'other feed' })] },
    { name: 'negative: no source address', events: [sslbl({ sourceipaddress: undefined })] },
    { name: 'negative: another category', events: [sslbl({}, 'bro')] },
  ],
);

// No MozDef test: cases from get_watchlist.py (its terms come from Picket's watchlist here).
describe('mozdef.watchlist (get_watchlist)', () => {
  const matcher = new WatchMatcher();
  matcher.replace([
    { id: '1', type: 'ip', value: '203.0.113.66', expiresAt: Infinity },
    { id: '2', type: 'username', value: 'mallory', expiresAt: Infinity },
  ]);
  const watched = (e: Partial<PicketEvent>) => enrich([event(e)], matcher);
  const expected = { category: 'watchlist', severity: 'WARNING', tags: ['watchtarget'] };

  it('a hit names the term, the user (username, else originaluser, else user), the source and the host', async () => {
    const got = await alerts(
      'mozdef.watchlist',
      watched({ hostname: 'web1', details: { sourceipaddress: '203.0.113.66', originaluser: 'bob', user: 'root' } }),
    );
    expect(got).toEqual([
      { ...expected, summary: 'Watchlist term 203.0.113.66 detected by bob from 203.0.113.66 on web1', eventCount: 1 },
    ]);
  });

  it('missing parts leave their words out, as MozDef did', async () => {
    const got = await alerts('mozdef.watchlist', watched({ hostname: 'db1', details: { username: 'mallory' } }));
    expect(got.map((a) => a.summary)).toEqual(['Watchlist term mallory detected by mallory  on db1']);
  });

  it('events that hit nothing raise nothing', async () => {
    expect(
      await alerts('mozdef.watchlist', watched({ details: { sourceipaddress: '198.51.100.1', username: 'alice' } })),
    ).toEqual([]);
  });
});
