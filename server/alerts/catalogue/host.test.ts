// MozDef's tests of the host alerts (tests/alerts/test_write_audit.py, test_trace_audit.py,
// test_promisc_*.py, test_old_events.py, test_deadman*.py), translated case by case; auditd_sftp had
// no MozDef test and gets cases written from its code.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import {
  alerts,
  deadman,
  event,
  events,
  mozdefCases,
  type CatalogueAlert,
  minutesAgo,
  withDetails,
  STREAM,
} from './catalogue-harness.ts';

/** MozDef's run counted every event its search found; Picket alerts when the threshold is reached. */
const COUNT =
  'the alert is raised when the threshold is reached, so its count is that threshold; the rest of the window is quiet (suppress)';

const write = (n: number) =>
  events(n, {
    category: 'write',
    summary: 'Write: /etc/audit/plugins.d/temp-file.conf',
    hostname: 'exhostname',
    tags: ['audisp-json', '2.1.0', 'audit'],
    details: { processname: 'vi', originaluser: 'randomjoe', user: 'root', auditkey: 'audit' },
  });
const writeSummary = (user: string) =>
  `2 Filesystem write(s) to an auditd path (/etc/audit/plugins.d/temp-file.conf) by root (${user})`;
mozdefCases(
  'mozdef.write_audit',
  { category: 'write', severity: 'WARNING', tags: ['audit'], summary: writeSummary('randomjoe') },
  [
    { name: 'positive: 5 writes (MozDef: "5 Filesystem write(s)…")', events: write(5), alert: {}, differs: COUNT },
    {
      name: 'positive: an expected user is NOTICE (MozDef: "5 …")',
      events: withDetails(write(5), { originaluser: 'user1' }),
      alert: { severity: 'NOTICE', summary: writeSummary('user1') },
      differs: COUNT,
    },
    { name: 'positive: events a minute earlier', events: minutesAgo(write(5), 1), alert: {}, differs: COUNT },
    { name: 'negative: another audit key', events: withDetails(write(5), { auditkey: 'exec' }) },
    { name: 'negative: a skipped process', events: withDetails(write(5), { processname: 'process1' }) },
    { name: 'negative: no original user (the aggregation key)', events: withDetails(write(5), { originaluser: null }) },
    {
      name: 'old timestamp (MozDef: negative)',
      events: minutesAgo(write(5), 20),
      alert: {},
      differs: `${STREAM}; ${COUNT}`,
    },
    { name: 'negative: a single write (threshold 2)', events: write(1) },
  ],
);

describe('mozdef.write_audit on several hosts', () => {
  it('names the busiest hosts with their write counts, as MozDef', async () => {
    const es = write(2).map((e, i) => ({ ...e, hostname: `h${i}` }));
    expect((await alerts('mozdef.write_audit', es)).map((a) => a.summary)).toEqual([
      `${writeSummary('randomjoe')} on h0 (1 hosts) on h1 (1 hosts)`,
    ]);
  });
});

const trace = (n: number) =>
  events(n, {
    category: 'ptrace',
    summary: 'Ptrace',
    hostname: 'exhostname',
    tags: ['audisp-json', '2.1.0', 'audit'],
    details: { processname: 'strace', originaluser: 'randomjoe', auditkey: 'strace' },
  });
mozdefCases(
  'mozdef.trace_audit',
  {
    category: 'trace',
    severity: 'WARNING',
    tags: ['audit'],
    summary: '1 instances of Strace or Ptrace executed by randomjoe on exhostname',
  },
  [
    { name: 'positive: 5 runs (MozDef: "5 instances…")', events: trace(5), alert: {}, differs: COUNT },
    {
      name: 'positive: another summary',
      events: trace(5).map((e) => ({ ...e, summary: 'Unknown' })),
      alert: {},
      differs: COUNT,
    },
    { name: 'positive: events a minute earlier', events: minutesAgo(trace(5), 1), alert: {}, differs: COUNT },
    { name: 'negative: a filtered host', events: trace(5).map((e) => ({ ...e, hostname: 'example.hostname.com' })) },
    { name: 'negative: no original user (the aggregation key)', events: withDetails(trace(5), { originaluser: null }) },
    {
      name: 'old timestamp (MozDef: negative)',
      events: minutesAgo(trace(5), 15),
      alert: {},
      differs: `${STREAM}; ${COUNT}`,
    },
  ],
);

const promisc = (over: Partial<PicketEvent> = {}) => [
  event({
    category: 'promiscuous',
    summary: 'Promisc: Interface eth0 set promiscuous on',
    hostname: 'example1.hostname.domain.com',
    details: { dev: 'eth0' },
    ...over,
  }),
];
mozdefCases(
  'mozdef.promisc_audit',
  {
    category: 'promisc',
    severity: 'WARNING',
    tags: ['promisc', 'audit'],
    summary: 'Promiscuous mode enabled on example1.hostname.domain.com',
  },
  [
    { name: 'positive: good event', events: promisc(), alert: {} },
    { name: 'positive: somewhat old event', events: minutesAgo(promisc(), 1), alert: {} },
    { name: 'negative: another category', events: promisc({ category: 'badcategory' }) },
    {
      name: 'negative: set promiscuous off',
      events: promisc({ summary: 'Promisc: Interface eth0 set promiscuous off' }),
    },
    // Beyond MozDef's cases: "on" is a word, not any two letters (bond0 contains them).
    {
      name: 'negative: off on an interface whose name contains "on"',
      events: promisc({ summary: 'Promisc: Interface bond0 set promiscuous off', details: { dev: 'bond0' } }),
    },
    { name: 'negative: a veth interface', events: promisc({ details: { dev: 'veth123abc' } }) },
    { name: 'old timestamp (MozDef: negative)', events: minutesAgo(promisc(), 3), alert: {}, differs: STREAM },
  ],
);

const kernel = (n: number, summary = 'device eth0 entered promiscuous mode') =>
  events(n, { category: 'syslog', summary, hostname: 'logging.server.com', details: { program: 'kernel' } });
mozdefCases(
  'mozdef.promisc_kernel',
  {
    category: 'promisc',
    severity: 'WARNING',
    tags: ['promisc', 'kernel'],
    summary: 'Promiscuous mode enabled on logging.server.com [1]',
  },
  [
    { name: 'positive: 10 events (MozDef: "[10]")', events: kernel(10), alert: {}, differs: COUNT },
    { name: 'positive: somewhat old events', events: minutesAgo(kernel(10), 1), alert: {}, differs: COUNT },
    { name: 'negative: another category', events: kernel(10).map((e) => ({ ...e, category: 'badcategory' })) },
    { name: 'negative: another summary', events: kernel(10, 'Promisc: Interface eth0 set promiscuous off') },
    { name: 'negative: a veth interface', events: kernel(10, 'device vethc0c001e entered promiscuous mode') },
    {
      name: 'old timestamp (MozDef: negative)',
      events: minutesAgo(kernel(10), 3),
      alert: {},
      differs: `${STREAM}; ${COUNT}`,
    },
  ],
);

// old_events compares event time with the clock: these events are dated from now.
const aged = (n: number, hoursOld: number, receivedHoursAgo = 0) =>
  events(n, {}).map((e) => ({
    ...e,
    utctimestamp: new Date(Date.now() - hoursOld * 3_600_000).toISOString(),
    receivedtimestamp: new Date(Date.now() - receivedHoursAgo * 3_600_000).toISOString(),
  }));
mozdefCases(
  'mozdef.old_events',
  {
    category: 'maintenance',
    severity: 'ERROR',
    tags: ['pipeline'],
    summary: 'Events have an outdated utctimestamp (1)',
  },
  [
    { name: 'positive: 100 events a day old (MozDef: "(100)")', events: aged(100, 25), alert: {}, differs: COUNT },
    { name: 'positive: one event a day old', events: aged(1, 25), alert: {} },
    { name: 'negative: a recent event', events: aged(1, 0) },
    { name: 'negative: 100 recent events', events: aged(100, 0) },
    { name: 'negative: old and received long ago', events: aged(1, 25, 25) },
  ],
);

// No MozDef test: cases from auditd_sftp.py.
const sftp = (over: Record<string, unknown> = {}, top: Partial<PicketEvent> = {}) => [
  event({
    category: 'execve',
    processname: 'audisp-json',
    hostname: 'files1',
    details: {
      processname: 'ssh',
      parentprocess: '/usr/lib/openssh/sftp-server',
      originaluser: 'alice',
      cwd: '/home/alice',
      ...over,
    },
    ...top,
  }),
];
mozdefCases(
  'mozdef.auditd_sftp',
  {
    category: 'execve',
    severity: 'NOTICE',
    tags: ['audisp-json, audit'],
    summary: 'SFTP Event by alice from host files1 in directory /home/alice',
  },
  [
    { name: 'positive: ssh under sftp', events: sftp(), alert: {} },
    {
      name: 'positive: missing user and directory read "unknown"',
      events: sftp({ originaluser: undefined, cwd: undefined }),
      alert: { summary: 'SFTP Event by unknown from host files1 in directory unknown' },
    },
    { name: 'negative: another parent', events: sftp({ parentprocess: '/bin/bash' }) },
    { name: 'negative: another process', events: sftp({ processname: 'scp' }) },
    { name: 'negative: another shipper', events: sftp({}, { processname: 'auditd' }) },
  ],
);

// Deadman rules: checked "now" after watching a whole window, as MozDef's run searched the last window.
const NOW = Date.parse('2026-11-20T12:00:00Z');
const at = (minutesBefore: number, e: Partial<PicketEvent>): PicketEvent => ({
  ...event(e),
  utctimestamp: new Date(NOW - minutesBefore * 60_000).toISOString(),
});
function deadmanCases(
  key: string,
  expected: Omit<CatalogueAlert, 'eventCount'>,
  cases: Array<{ name: string; events: PicketEvent[]; fires: boolean }>,
) {
  describe(key, () => {
    for (const c of cases) {
      it(c.name, () => {
        expect(deadman(key, c.events, NOW)).toEqual(c.fires ? [{ ...expected, eventCount: 0 }] : []);
      });
    }
  });
}

const alive = (over: Partial<PicketEvent> = {}, details: Record<string, unknown> = {}) => ({
  hostname: 'host1',
  category: 'bro',
  source: 'notice',
  details: { note: 'MozillaAlive::Bro_Is_Watching_You', ...details },
  ...over,
});
deadmanCases(
  'mozdef.deadman',
  {
    category: 'deadman',
    severity: 'ERROR',
    tags: ['bro', 'bro_deadman'],
    summary: 'No host1 bro healthcheck events found the past 20 minutes',
  },
  [
    { name: 'negative: a healthcheck now', events: [at(0, alive())], fires: false },
    { name: 'positive: the last healthcheck 21 minutes ago', events: [at(21, alive())], fires: true },
    { name: 'positive: a healthcheck from another host', events: [at(0, alive({ hostname: 'host4' }))], fires: true },
    { name: 'positive: another note', events: [at(0, alive({}, { note: 'some note' }))], fires: true },
    { name: 'positive: another category', events: [at(0, alive({ category: 'somecategory' }))], fires: true },
    { name: 'positive: another source', events: [at(0, alive({ source: 'somesource' }))], fires: true },
  ],
);

const generic1 = {
  category: 'deadman',
  severity: 'ERROR',
  tags: ['deadman', 'generic_deadman'],
  summary: "Deadman check failed for 'Sample Alert 1' the past 5 minutes",
};
const generic2 = {
  category: 'deadman',
  severity: 'ERROR',
  tags: ['deadman', 'someothertag'],
  summary: "Deadman check failed for 'Sample Alert 2' the past 20 hours",
};
const term = (summary: string, minutesBefore = 0) =>
  at(minutesBefore, { category: 'helloworld', summary, details: { sourceipaddress: '1.2.3.4' } });
describe('mozdef.deadman_generic: one rule per deadman_generic.json entry', () => {
  const table: Array<[string, PicketEvent[], { first: boolean; second: boolean }]> = [
    [
      'positive: only the second entry’s term, so the first alerts',
      [term('anotherterm')],
      { first: true, second: false },
    ],
    [
      'positive: only the first entry’s term, so the second alerts',
      [term('ABC12345436')],
      { first: false, second: true },
    ],
    ['negative: both terms', [term('ABC12345436'), term('anotherterm')], { first: false, second: false }],
    [
      'positive: the first entry’s term 6 minutes old',
      [term('ABC12345436', 6), term('anotherterm')],
      { first: true, second: false },
    ],
    [
      'positive: the second entry’s term 21 hours old',
      [term('ABC12345436'), term('anotherterm', 21 * 60)],
      { first: false, second: true },
    ],
  ];
  for (const [name, es, want] of table) {
    it(name, () => {
      expect(deadman('mozdef.deadman_generic.sample_alert_1', es, NOW)).toEqual(
        want.first ? [{ ...generic1, eventCount: 0 }] : [],
      );
      expect(deadman('mozdef.deadman_generic.sample_alert_2', es, NOW)).toEqual(
        want.second ? [{ ...generic2, eventCount: 0 }] : [],
      );
    });
  }
});
