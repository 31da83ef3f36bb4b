// MozDef's tests of the cloud and proxy alerts (tests/alerts/test_cloudtrail_logging_disabled.py,
// test_guard_duty_probe.py, test_proxy_*.py), translated case by case.
import type { PicketEvent } from '../../ingest/event.ts';
import { enrich, events, mozdefCases, minutesAgo, STREAM } from './catalogue-harness.ts';

/** MozDef's run gathered every drop of its 20-minute search into one alert. */
const FIRST_ONLY =
  'the first drop alerts at once and the source stays quiet for 20 minutes (suppress), so later destinations are not listed';
const SQUID = { category: 'squid', severity: 'WARNING', tags: ['squid', 'proxy'] };

const trail = (n = 1, d: Record<string, unknown> = {}) =>
  events(n, {
    source: 'cloudtrail',
    details: { eventname: 'StopLogging', requestparameters: { name: 'cloudtrail_example_name' }, ...d },
  });
mozdefCases(
  'mozdef.cloudtrail_logging_disabled',
  {
    category: 'AWSCloudtrail',
    severity: 'CRITICAL',
    tags: ['cloudtrail', 'aws', 'cloudtrail_logging_disabled'],
    summary: 'Cloudtrail Logging Disabled: cloudtrail_example_name',
  },
  [
    { name: 'positive: good event', events: trail(), alert: {} },
    { name: 'positive: somewhat old event', events: minutesAgo(trail(), 29), alert: {} },
    { name: 'negative: another source', events: trail().map((e) => ({ ...e, source: 'event' })) },
    { name: 'negative: another event name', events: trail(1, { eventname: 'Badeventname' }) },
    { name: 'old timestamp (MozDef: negative)', events: minutesAgo(trail(), 31), alert: {}, differs: STREAM },
    // MozDef's test put errorcode at the top level; Picket's ingest moves unknown top-level keys into details.
    { name: 'negative: errorcode AccessDenied', events: trail(1, { errorcode: 'AccessDenied' }) },
  ],
);

// Through enrichment: GuardDuty keys are lower-cased (actionType → actiontype) as MozDef's lower_keys did.
const probe = (n: number, d: Record<string, unknown> = {}, source = 'guardduty') =>
  enrich(
    events(n, {
      source,
      details: { sourceipaddress: '1.2.3.4', finding: { action: { actionType: 'PORT_PROBE' } }, ...d },
    }),
  );
mozdefCases(
  'mozdef.guard_duty_probe',
  {
    category: 'bruteforce',
    severity: 'INFO',
    tags: ['guardduty', 'bruteforce'],
    summary: 'Guard Duty Port Probe by 1.2.3.4',
  },
  [
    { name: 'positive: one probe', events: probe(1), alert: {} },
    { name: 'negative: another source', events: probe(10, {}, 'bad') },
    { name: 'negative: no source address', events: probe(10, { sourceipaddress: null }) },
    { name: 'old timestamp (MozDef: negative)', events: minutesAgo(probe(10), 21), alert: {}, differs: STREAM },
  ],
);

const drop = (n: number, d: Record<string, unknown>, category = 'proxy') =>
  events(n, { category, details: { sourceipaddress: '1.2.3.4', proxyaction: 'TCP_DENIED', ...d } });

const exe = (n: number) => drop(n, { destination: 'http://evil.com/evil.exe' });
const exeSummary = (dests: string) =>
  `Suspicious Proxy DROP event(s) detected from 1.2.3.4 to the following executable file destination(s): ${dests}`;
mozdefCases('mozdef.proxy_drop_executable', { ...SQUID, summary: exeSummary('http://evil.com/evil.exe') }, [
  { name: 'positive: one drop', events: exe(1), alert: {} },
  { name: 'positive: dedup', events: exe(2), alert: {} },
  {
    name: 'different destinations (MozDef: one alert listing evil.exe,evil.sh)',
    events: [...exe(1), ...drop(1, { destination: 'http://evil.com/evil.sh' })],
    alert: {},
    differs: FIRST_ONLY,
  },
  { name: 'negative: a page', events: drop(1, { destination: 'http://foo.mozilla.com/index.html' }) },
  { name: 'negative: another category', events: exe(10).map((e) => ({ ...e, category: 'bad' })) },
  { name: 'old timestamp (MozDef: negative)', events: minutesAgo(exe(10), 241), alert: {}, differs: STREAM },
  { name: 'negative: an extension not listed', events: drop(10, { destination: 'http://evil.com/evil.pdf' }) },
]);

const ipDrop = (n: number, host = '1.2.3.5') => drop(n, { host });
mozdefCases(
  'mozdef.proxy_drop_ip',
  {
    ...SQUID,
    summary: 'Suspicious Proxy DROP event(s) detected from 1.2.3.4 to the following IP-based destination(s): 1.2.3.5',
  },
  [
    { name: 'positive: one drop', events: ipDrop(1), alert: {} },
    { name: 'positive: dedup', events: ipDrop(2), alert: {} },
    {
      name: 'positive: an IPv6 destination (beyond MozDef’s cases: netaddr accepted it too)',
      events: ipDrop(1, '2001:db8::5'),
      alert: {
        summary:
          'Suspicious Proxy DROP event(s) detected from 1.2.3.4 to the following IP-based destination(s): 2001:db8::5',
      },
    },
    { name: 'negative: a domain name', events: ipDrop(10, 'idonotexist.com') },
    { name: 'negative: the allowed metadata address', events: ipDrop(10, '169.254.169.254') },
    { name: 'negative: a name starting with a digit', events: ipDrop(10, '1.idonotexist.com') },
    { name: 'negative: another category', events: ipDrop(10).map((e) => ({ ...e, category: 'bad' })) },
    { name: 'old timestamp (MozDef: negative)', events: minutesAgo(ipDrop(10), 241), alert: {}, differs: STREAM },
  ],
);

const connect = (n: number, port = '1337') =>
  drop(n, { destination: `evil.com:${port}`, destinationport: port, method: 'CONNECT' });
mozdefCases(
  'mozdef.proxy_drop_non_standard_port',
  {
    ...SQUID,
    summary:
      'Suspicious Proxy DROP event(s) detected from 1.2.3.4 to the following non-std port destination(s): evil.com:1337',
  },
  [
    { name: 'positive: one drop', events: connect(1), alert: {} },
    {
      name: 'two destinations (MozDef: one alert listing evil.com:1337,evil.com:6667)',
      events: [...connect(1), ...connect(1, '6667')],
      alert: {},
      differs: FIRST_ONLY,
    },
    { name: 'negative: an allowed port', events: connect(10, '443') },
    { name: 'negative: another category', events: connect(10).map((e) => ({ ...e, category: 'bad' })) },
    { name: 'old timestamp (MozDef: negative)', events: minutesAgo(connect(10), 241), alert: {}, differs: STREAM },
  ],
);

const visit = (n: number, host = 'pastebin.com') =>
  events(n, { category: 'proxy', details: { sourceipaddress: '1.2.3.4', host } });
const exfil = (hosts: string) =>
  `Proxy drop events detected from 1.2.3.4 to the following domain(s) that are known for exfiltrating data: ${hosts}`;
mozdefCases('mozdef.proxy_exfil_domains', { ...SQUID, summary: exfil('pastebin.com') }, [
  { name: 'positive: one visit', events: visit(1), alert: {} },
  { name: 'positive: dedup', events: visit(2), alert: {} },
  {
    name: 'positive: dedup, the other domain',
    events: visit(2, 'www.sendspace.com'),
    alert: { summary: exfil('www.sendspace.com') },
  },
  {
    name: 'different domains (MozDef: one alert listing pastebin.com,www.sendspace.com)',
    events: [...visit(1), ...visit(1, 'www.sendspace.com')],
    alert: {},
    differs: FIRST_ONLY,
  },
  { name: 'negative: another domain', events: visit(1, 'foo.mozilla.com') },
  { name: 'negative: another category', events: visit(10).map((e) => ({ ...e, category: 'bad' })) },
  { name: 'old timestamp (MozDef: negative)', events: minutesAgo(visit(10), 241), alert: {}, differs: STREAM },
]);
