// Fixture events for the SQL/in-memory equivalence test: chosen to hit every matching rule
// (numbers vs strings, arrays, nesting, nulls, escaping, unicode, injection attempts).
import type { PicketEvent } from '../../ingest/event.ts';

const BASE = Date.parse('2026-11-20T00:00:00.000Z');

/** Fixture name → event; ids are stable so expectations can name events. */
export function buildFixtures(now: number): Map<string, PicketEvent> {
  const out = new Map<string, PicketEvent>();
  let n = 0;
  const add = (name: string, e: Partial<PicketEvent>) => {
    n++;
    const ts = e.utctimestamp ?? new Date(BASE + n * 3_600_000).toISOString();
    out.set(name, {
      id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      utctimestamp: ts,
      receivedtimestamp: e.receivedtimestamp ?? ts,
      category: 'event',
      source: 'test',
      hostname: 'host',
      processname: 'proc',
      processid: '1',
      severity: 'INFO',
      summary: `fixture ${name}`,
      tags: [],
      details: {},
      ...e,
    });
  };
  const ssh = { category: 'authentication', source: 'syslog', processname: 'sshd' };
  add('sshFail1', {
    ...ssh,
    hostname: 'web-01',
    processid: '1234',
    severity: 'WARNING',
    summary: 'Failed password for root from 1.2.3.4 port 22 ssh2',
    tags: ['sshd', 'bruteforce'],
    details: { sourceipaddress: '1.2.3.4', sourceport: 22, username: 'root', success: false },
  });
  add('sshFail2', {
    ...ssh,
    hostname: 'web-02',
    processid: '999',
    severity: 'WARNING',
    summary: 'Failed password for admin from 5.6.7.8 port 22 ssh2',
    tags: ['sshd'],
    details: { sourceipaddress: '5.6.7.8', sourceport: '22', username: 'admin', success: 'false' },
  });
  add('sshOk', {
    ...ssh,
    hostname: 'db-01',
    processid: '10000',
    summary: 'Accepted publickey for deploy from 10.0.0.5 port 51022 ssh2',
    tags: ['sshd'],
    details: { sourceipaddress: '10.0.0.5', sourceport: 51022, username: 'deploy', success: true },
  });
  add('sshFail3', {
    ...ssh,
    hostname: 'web-01',
    severity: 'NOTICE',
    summary: 'Failed password for invalid user adm1n from 1.2.3.4 port 2222',
    tags: ['sshd', 'bruteforce'],
    details: { sourceipaddress: '1.2.3.4', sourceport: 2222, username: 'adm1n', success: 'true' },
  });
  const ct = { category: 'cloudtrail', source: 'aws', hostname: 'cloudtrail', processname: 'cloudtrail' };
  add('ctLogin', {
    ...ct,
    summary: 'ConsoleLogin by alice',
    tags: ['cloudtrail'],
    details: {
      eventname: 'ConsoleLogin',
      awsregion: 'us-east-1',
      responseelements: { ConsoleLogin: 'Success' },
      useridentity: { type: 'IAMUser', username: 'alice', sessioncontext: { mfaauthenticated: true } },
    },
  });
  add('ctStop', {
    ...ct,
    severity: 'CRITICAL',
    summary: 'StopLogging by root',
    tags: ['cloudtrail', 'alert'],
    details: {
      eventname: 'StopLogging',
      awsregion: 'eu-west-1',
      requestparameters: { name: 'trail-1' },
      useridentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' },
    },
  });
  add('ctArray', {
    ...ct,
    summary: 'AssumeRole by bob',
    details: { eventname: 'AssumeRole', useridentity: [{ username: 'bob' }], awsregion: 'us-east-1' },
  });
  add('portsArray', {
    category: 'netflow',
    hostname: 'fw-01',
    summary: 'scan detected',
    details: { ports: [22, 80, 443], sourceipaddress: ['1.2.3.4', '9.9.9.9'], names: ['Alpha', 'beta'] },
  });
  add('portsStrings', {
    category: 'netflow',
    hostname: 'fw-02',
    details: { ports: ['22', '8080'], names: [['nested']] },
  });
  add('percent', {
    summary: '100% CPU on host_1',
    hostname: 'host_1',
    details: { note: '50%_off', path: 'C:\\Windows\\System32' },
  });
  add('quote', { summary: 'O\'Brien said "hi"', details: { name: "O'Brien", q: 'say "hi"' } });
  add('backslash', { summary: 'path C:\\Windows found', details: { path: 'C:\\Windows' } });
  add('injection', {
    summary: "'; DROP TABLE events; --",
    hostname: "x'; DROP TABLE events; --",
    details: { username: "'; DROP TABLE events; --" },
    tags: ["'; DROP TABLE events; --"],
  });
  add('unicode', {
    summary: 'Zoë logged in from 東京 🎉',
    hostname: 'zoë-laptop',
    details: { city: '東京', emoji: '🎉', name: 'Zoë' },
    tags: ['ünïcødé'],
  });
  add('booleans', { details: { enabled: true, flag: 'true', disabled: false } });
  add('nulls', { details: { gone: null, nested: { gone: null, here: 0 } } });
  add('numbers', { details: { bytes: 1024, ratio: 0.5, neg: -3, big: 1e21, small: 1e-7, str: '1024' } });
  add('numbers2', {
    details: { bytes: '2048', ratio: '0.25', neg: '-10', version: '1.2.3', bytesList: [10, '4096', 'x'] },
  });
  add('indexPath', { details: { list: ['xa', 'xb'], obj: { '0': 'xa', '1': { b: 'deep' } } } });
  add('lowerSeverity', { severity: 'warning', category: 'Authentication', hostname: 'WEB-01' });
  add('malware', {
    category: 'malware',
    source: 'bro',
    tags: ['Malware', 'ioc:hash'],
    details: { hash: 'abc123', size: 5 },
  });
  add('recent', {
    utctimestamp: new Date(now - 30 * 60_000).toISOString(),
    summary: 'recent event',
    hostname: 'web-03',
    receivedtimestamp: new Date(now - 29 * 60_000).toISOString(),
  });
  add('older', {
    utctimestamp: new Date(now - 3 * 3_600_000).toISOString(),
    summary: 'older event',
    hostname: 'web-04',
  });
  add('empty', { summary: '', details: {} });
  add('spaces', { details: { spaced: 'a\u00a0b', num: '\u0663' } });
  add('multiline', { summary: 'line1\nline2', details: { multi: 'a\nb' } });
  add('wildChars', { summary: 'literal a*b?c', details: { w: 'a*b?c', under: 'a_c' } });
  add('specialNames', { details: { 'source-ip': '7.7.7.7', '@timestamp': 'x', user_name: 'carol', 'x.y': 'dotted' } });
  add('deep', { details: { a: { b: { c: { d: 42 } } }, lvl: { arr: [{ x: 1 }] } } });
  add('emptyArrays', { details: { ports: [], username: '' }, tags: [] });
  add('keywordNums', { processid: '42', category: 'b', details: { sourceport: 22.0, version: 2 } });
  return out;
}

const RANDOM_FIELDS = [
  '',
  '',
  'category:',
  'hostname:',
  'severity:',
  'summary:',
  'tags:',
  'source:',
  'processid:',
  'details.username:',
  'sourceport:',
  'details.ports:',
  'details.sourceipaddress:',
  'details.bytes:',
  'details.ratio:',
  'details.eventname:',
  'details.useridentity.username:',
  'details.nested.here:',
  'details.bytesList:',
  'details.names:',
  'details.obj.0:',
  'details.list.0:',
  'details.success:',
  'details.path:',
  'details.neg:',
  'details.version:',
  'utctimestamp:',
  '_exists_:',
];
const RANDOM_VALUES = [
  '22',
  '1.2.3.4',
  'admin',
  'adm*',
  '*01',
  'web*',
  'true',
  'false',
  '0',
  '1024',
  '"failed password"',
  '/ad.*/',
  '/[a-z]+/',
  '[1 TO 100]',
  '>1000',
  '<=0.5',
  '{a TO z}',
  '[A TO D]',
  '*',
  'x',
  '東京',
  `"O'Brien"`,
  'Alpha',
  'beta',
  'ssh*',
  '?a',
  '10',
  'C\\:\\\\Windows*',
  '-3',
  '"22"',
  'authentication',
  'WARNING',
  'sshd',
  'web-01',
  '100%',
  'a_c',
  '[* TO 5]',
  '>=-1',
  '{0 TO 1}',
  '/.*/',
  'xa',
  'now-1h',
  '[now-2d TO now]',
  '>=2026-11-20T05:00:00Z',
  '2026-11-20',
  '(admin OR root)',
  '(web* -web-02)',
  '"\'; DROP TABLE events; --"',
];
const NOISE = `'"\\;$()[]{}:*?/<>!-+~^ \u0000%_`;

/** Deterministic random queries over the fixture vocabulary (noise > 0 sprinkles syntax characters). */
export function randomQueries(count: number, seed: number, noise = 0): string[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const gen = (depth: number): string => {
    if (depth >= 3 || rnd() < 0.5) {
      const prefix = rnd() < 0.15 ? pick(['-', 'NOT ', '!', '+']) : '';
      return prefix + pick(RANDOM_FIELDS) + pick(RANDOM_VALUES);
    }
    const parts = Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => gen(depth + 1));
    const joined = parts.reduce((a, b) => a + pick([' AND ', ' OR ', ' ', ' && ', ' || ', ' AND NOT ']) + b);
    return rnd() < 0.5 ? `${rnd() < 0.2 ? 'NOT ' : ''}(${joined})` : joined;
  };
  return Array.from({ length: count }, () => {
    let q = gen(0);
    if (noise > 0) {
      q = [...q].map((ch) => (rnd() < noise ? pick([...NOISE]) : ch)).join('');
    }
    return q;
  });
}
