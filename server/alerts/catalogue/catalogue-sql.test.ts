// The host, network and cloud rules' queries answer alike in memory (the live engine) and in
// Postgres (window rebuilds after a restart, back-tests): a corpus of positive and negative events is
// stored, and each rule's store query must return exactly the events its matcher accepts.
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { PostgresEventStore } from '../../store/postgres/postgres-event-store.ts';
import { CodeRuleModules } from '../code-rules/code-rule-modules.ts';
import { compileRule } from '../compiled-rule.ts';
import { readEvents } from '../rule-loader.ts';
import { enrich, event } from './catalogue-harness.ts';
import { CATALOGUE } from './index.ts';
import { CLOUD_PROXY_RULES } from './cloud-proxy.ts';
import { HOST_RULES } from './host.ts';
import { NETWORK_RULES } from './network.ts';

const KEYS = new Set([...HOST_RULES, ...NETWORK_RULES, ...CLOUD_PROXY_RULES].map((e) => e.key));
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function corpus(): PicketEvent[] {
  const notice = (note: string, d: Record<string, unknown> = {}) =>
    event({
      category: 'bro',
      source: 'notice',
      details: { note, sourceipaddress: '10.99.88.77', indicators: '10.99.88.77', ...d },
    });
  const drop = (d: Record<string, unknown>, category = 'proxy') =>
    event({ category, details: { sourceipaddress: '1.2.3.4', proxyaction: 'TCP_DENIED', ...d } });
  const raw = [
    ...['Scan::Address_Scan', 'Scan::Port_Scan', 'Scan::Random_Scan'].flatMap((n) => [
      notice(n),
      notice(n, { sourceipaddress: '10.54.65.234' }),
      notice(n, { sourceipaddress: '10.33.44.54' }),
      notice(n, { sourceipaddress: '1.2.3.4' }),
      notice(n, { indicators: undefined }),
      notice(n, { msg: 'scanned hosts 2001:41d0::1, 192.168.1.1 in 0m11s' }),
    ]),
    event({
      category: 'bro',
      source: 'intel',
      hostname: 'sensor1',
      details: { seenindicator: 'evil.example', sourceipaddress: '10.0.0.5' },
    }),
    event({ category: 'bro', source: 'intel', hostname: 'laptop', details: { seenindicator: 'evil.example' } }),
    event({
      category: 'brointel',
      details: { eventsource: 'nsm', sources: 'abuse.ch SSLBL', sourceipaddress: '10.0.0.9' },
    }),
    event({ category: 'brointel', details: { eventsource: 'nsm', sources: 'other', sourceipaddress: '10.0.0.9' } }),
    event({
      category: 'write',
      summary: 'Write: /etc/audit/a.rules',
      details: { auditkey: 'audit', processname: 'vi', originaluser: 'joe', user: 'root' },
    }),
    event({ category: 'write', details: { auditkey: 'audit', processname: 'process1', originaluser: 'joe' } }),
    event({ category: 'write', details: { auditkey: 'exec', processname: 'vi', originaluser: 'joe' } }),
    event({ category: 'ptrace', hostname: 'exhostname', details: { processname: 'strace', originaluser: 'joe' } }),
    event({
      category: 'ptrace',
      hostname: 'example.hostname.com',
      details: { processname: 'strace', originaluser: 'joe' },
    }),
    event({
      category: 'execve',
      processname: 'audisp-json',
      details: { processname: 'ssh', parentprocess: '/usr/lib/openssh/sftp-server' },
    }),
    event({
      category: 'execve',
      processname: 'audisp-json',
      details: { processname: 'ssh', parentprocess: '/bin/bash' },
    }),
    event({ category: 'promiscuous', summary: 'Promisc: Interface eth0 set promiscuous on', details: { dev: 'eth0' } }),
    event({
      category: 'promiscuous',
      summary: 'Promisc: Interface bond0 set promiscuous off',
      details: { dev: 'bond0' },
    }),
    event({ category: 'promiscuous', summary: 'Promisc: Interface ON set promiscuous ON', details: { dev: 'veth1' } }),
    event({ category: 'promiscuous', summary: 'on: promiscuous', details: { dev: 'eth1' } }),
    event({ category: 'syslog', summary: 'device eth0 entered promiscuous mode' }),
    event({ category: 'syslog', summary: 'device vethc0c001e entered promiscuous mode' }),
    { ...event({}), utctimestamp: hoursAgo(25), receivedtimestamp: hoursAgo(0) },
    { ...event({}), utctimestamp: hoursAgo(25), receivedtimestamp: hoursAgo(25) },
    { ...event({}), utctimestamp: hoursAgo(1), receivedtimestamp: hoursAgo(0) },
    event({ source: 'cloudtrail', details: { eventname: 'StopLogging', requestparameters: { name: 't' } } }),
    event({ source: 'cloudtrail', details: { eventname: 'StopLogging', errorcode: 'AccessDenied' } }),
    event({
      source: 'guardduty',
      details: { sourceipaddress: '1.2.3.4', finding: { action: { actionType: 'PORT_PROBE' } } },
    }),
    event({ source: 'guardduty', details: { finding: { action: { actionType: 'PORT_PROBE' } } } }),
    ...['http://evil.com/a.exe', 'http://evil.com/a.sh', 'http://evil.com/a.pdf', 'http://evil.com/exe'].map(
      (destination) => drop({ destination }),
    ),
    ...['1.2.3.5', '2001:db8::5', 'idonotexist.com', '1.idonotexist.com', '169.254.169.254', 'fe80::1%eth0'].map(
      (host) => drop({ host }),
    ),
    drop({ host: '1.2.3.5' }, 'bad'),
    ...['1337', '443', '8443'].map((destinationport) =>
      drop({ method: 'CONNECT', destination: `evil.com:${destinationport}`, destinationport }),
    ),
    drop({ method: 'CONNECT', destinationport: 1337 }),
    ...['pastebin.com', 'www.sendspace.com', 'pastebin.com.evil', 'foo.mozilla.com'].map((host) =>
      event({ category: 'proxy', details: { sourceipaddress: '1.2.3.4', host } }),
    ),
    event({
      category: 'bro',
      source: 'notice',
      hostname: 'host1',
      details: { note: 'MozillaAlive::Bro_Is_Watching_You' },
    }),
    event({
      category: 'bro',
      source: 'notice',
      hostname: 'host4',
      details: { note: 'MozillaAlive::Bro_Is_Watching_You' },
    }),
    event({ summary: 'saw ABC12345436 today' }),
    event({ summary: 'anotherterm' }),
    event({
      tags: ['watchlist', 'watchlist:ip'],
      details: { watchlistvalue: '203.0.113.66', sourceipaddress: '203.0.113.66' },
    }),
  ];
  return enrich(raw);
}

describe('host, network and cloud rules: in-memory matcher and SQL agree', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const events = corpus();
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, pino({ level: 'silent' }));
    const w = await store.write(events);
    expect(w).toMatchObject({ stored: events.length });
  });
  afterAll(() => db?.drop());

  const modules = new CodeRuleModules(path.join(os.tmpdir(), 'picket-catalogue-sql-no-operator-rules'));
  for (const { key, rule } of CATALOGUE.filter((c) => KEYS.has(c.key))) {
    it(key, async () => {
      const compiled = compileRule('r', 1, rule, [], await modules.forRule(rule));
      const inMemory = events.filter((e) => compiled.accepts(e)).map((e) => e.id);
      const { events: stored } = await readEvents(
        store,
        compiled.storeQuery,
        new Date('2026-01-01T00:00:00Z'),
        new Date(Date.now() + 86_400_000),
        10_000,
      );
      expect(inMemory.length, 'the corpus has events the rule accepts').toBeGreaterThan(0);
      expect(stored.map((e) => e.id).sort()).toEqual(inMemory.sort());
    });
  }
});
