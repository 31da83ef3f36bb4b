import { describe, expect, it } from 'vitest';
import type { PicketEvent } from './event.ts';
import { eventIdTime } from './event-id.ts';
import { normalizeEvent, type NormalizeOptions } from './normalize.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const OPTS: NormalizeOptions = { now: NOW, retentionDays: 90, maxFutureMinutes: 1440 };
const T0 = '2026-11-22T10:00:00.000Z';
const S = 1795341600; // T0 in epoch seconds
const UNKNOWN = 'UNKNOWN';

interface Case {
  name: string;
  input: unknown;
  /** Partial event (details, when given, must match exactly), or the rejection reason. */
  expect: Partial<PicketEvent> | { error: string | RegExp };
  opts?: Partial<NormalizeOptions>;
}

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const manyKeys = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]));

const cases: Case[] = [
  // --- utctimestamp: formats
  { name: 'ISO with Z', input: { utctimestamp: T0 }, expect: { utctimestamp: T0, details: {} } },
  {
    name: 'ISO with +02:00 offset',
    input: { utctimestamp: '2026-11-22T10:00:00+02:00' },
    expect: { utctimestamp: '2026-11-22T08:00:00.000Z' },
  },
  { name: 'ISO with -0530 offset', input: { utctimestamp: '2026-11-22T04:30:00-0530' }, expect: { utctimestamp: T0 } },
  {
    name: 'ISO with hour-only offset',
    input: { utctimestamp: '2026-11-22T11:00:00+01' },
    expect: { utctimestamp: T0 },
  },
  { name: 'ISO without zone is UTC', input: { utctimestamp: '2026-11-22T10:00:00' }, expect: { utctimestamp: T0 } },
  {
    name: 'ISO with space separator',
    input: { utctimestamp: '2026-11-22 10:00:00.5' },
    expect: { utctimestamp: '2026-11-22T10:00:00.500Z' },
  },
  { name: 'ISO without seconds', input: { utctimestamp: '2026-11-22T10:00Z' }, expect: { utctimestamp: T0 } },
  {
    name: 'ISO date only is midnight UTC',
    input: { utctimestamp: '2026-11-22' },
    expect: { utctimestamp: '2026-11-22T00:00:00.000Z' },
  },
  {
    name: 'ISO microseconds truncated to ms',
    input: { utctimestamp: '2026-11-22T10:00:00.123999Z' },
    expect: { utctimestamp: '2026-11-22T10:00:00.123Z' },
  },
  {
    name: 'ISO nanoseconds with comma, lower-case t/z',
    input: { utctimestamp: '2026-11-22t10:00:00,987654321z' },
    expect: { utctimestamp: '2026-11-22T10:00:00.987Z' },
  },
  {
    name: 'RFC 2822 with offset',
    input: { utctimestamp: 'Sun, 22 Nov 2026 10:00:00 +0200' },
    expect: { utctimestamp: '2026-11-22T08:00:00.000Z' },
  },
  {
    name: 'RFC 2822 without zone is UTC',
    input: { utctimestamp: 'Sun, 22 Nov 2026 10:00:00' },
    expect: { utctimestamp: T0 },
  },
  { name: 'RFC 2822 with GMT', input: { utctimestamp: 'Sun, 22 Nov 2026 10:00:00 GMT' }, expect: { utctimestamp: T0 } },
  {
    name: 'Date#toString form',
    input: { utctimestamp: 'Sun Nov 22 2026 12:00:00 GMT+0200 (Eastern European Standard Time)' },
    expect: { utctimestamp: T0 },
  },
  { name: 'BSD syslog without year', input: { utctimestamp: 'Nov 22 10:00:00' }, expect: { utctimestamp: T0 } },
  {
    name: 'BSD syslog from December read in January is last year',
    input: { utctimestamp: 'Dec 31 23:59:59' },
    opts: { now: new Date('2027-01-01T00:10:00.000Z') },
    expect: { utctimestamp: '2026-12-31T23:59:59.000Z' },
  },
  { name: 'Common Log Format', input: { utctimestamp: '22/Nov/2026:11:00:00 +0100' }, expect: { utctimestamp: T0 } },
  { name: 'epoch seconds number', input: { utctimestamp: S }, expect: { utctimestamp: T0 } },
  {
    name: 'epoch seconds with fraction',
    input: { utctimestamp: S + 0.25 },
    expect: { utctimestamp: '2026-11-22T10:00:00.250Z' },
  },
  { name: 'epoch seconds string', input: { utctimestamp: String(S) }, expect: { utctimestamp: T0 } },
  {
    name: 'epoch seconds decimal string',
    input: { utctimestamp: `${S}.123` },
    expect: { utctimestamp: '2026-11-22T10:00:00.123Z' },
  },
  {
    name: 'epoch millis number',
    input: { utctimestamp: S * 1000 + 7 },
    expect: { utctimestamp: '2026-11-22T10:00:00.007Z' },
  },
  {
    name: 'epoch millis string',
    input: { utctimestamp: `${S}007` },
    expect: { utctimestamp: '2026-11-22T10:00:00.007Z' },
  },
  {
    name: 'epoch micros number',
    input: { utctimestamp: S * 1e6 + 7999 },
    expect: { utctimestamp: '2026-11-22T10:00:00.007Z' },
  },
  {
    name: 'epoch micros string',
    input: { utctimestamp: `${S}007999` },
    expect: { utctimestamp: '2026-11-22T10:00:00.007Z' },
  },
  {
    name: 'epoch nanos number',
    input: { utctimestamp: S * 1e9 + 7_000_000 },
    expect: { utctimestamp: '2026-11-22T10:00:00.007Z' },
  },
  {
    name: 'epoch nanos string (exact)',
    input: { utctimestamp: `${S}007999999` },
    expect: { utctimestamp: '2026-11-22T10:00:00.007Z' },
  },
  // --- utctimestamp: aliases and fallbacks
  { name: 'timestamp alias', input: { timestamp: T0 }, expect: { utctimestamp: T0, details: {} } },
  { name: '@timestamp alias (logstash)', input: { '@timestamp': T0 }, expect: { utctimestamp: T0, details: {} } },
  { name: 'eventtime alias', input: { eventtime: T0 }, expect: { utctimestamp: T0, details: {} } },
  { name: 'event_time alias', input: { event_time: T0 }, expect: { utctimestamp: T0, details: {} } },
  { name: 'time alias', input: { time: S }, expect: { utctimestamp: T0, details: {} } },
  { name: 'date alias', input: { date: T0 }, expect: { utctimestamp: T0, details: {} } },
  {
    name: 'utctimestamp wins over timestamp, which is kept in details',
    input: { timestamp: '2026-11-22T09:00:00Z', utctimestamp: T0 },
    expect: { utctimestamp: T0, details: { timestamp: '2026-11-22T09:00:00Z' } },
  },
  {
    name: 'first parseable alias wins; the unparseable one is kept under its name',
    input: { timestamp: 'yesterday-ish', time: T0 },
    expect: { utctimestamp: T0, details: { timestamp: 'yesterday-ish' } },
  },
  { name: 'missing time is receivedtimestamp', input: {}, expect: { utctimestamp: NOW.toISOString(), details: {} } },
  {
    name: 'blank time counts as missing',
    input: { timestamp: '  ' },
    expect: { utctimestamp: NOW.toISOString(), details: {} },
  },
  {
    name: 'unparseable time is receivedtimestamp and kept as details.unparsedtimestamp',
    input: { timestamp: 'not a time' },
    expect: { utctimestamp: NOW.toISOString(), details: { unparsedtimestamp: 'not a time' } },
  },
  {
    name: 'impossible calendar date is unparseable',
    input: { utctimestamp: '2026-02-30T10:00:00Z' },
    expect: { utctimestamp: NOW.toISOString(), details: { unparsedtimestamp: '2026-02-30T10:00:00Z' } },
  },
  {
    name: 'non-string non-number time is kept as unparsedtimestamp',
    input: { time: { sec: 1 } },
    expect: { utctimestamp: NOW.toISOString(), details: { unparsedtimestamp: { sec: 1 } } },
  },
  // --- utctimestamp: range
  {
    name: 'older than retention is rejected',
    input: { utctimestamp: '2019-01-01T00:00:00Z' },
    expect: { error: 'utctimestamp 2019-01-01T00:00:00.000Z is older than the retention period (90 days)' },
  },
  {
    name: 'epoch 0 is rejected as too old',
    input: { timestamp: 0 },
    expect: { error: 'utctimestamp 1970-01-01T00:00:00.000Z is older than the retention period (90 days)' },
  },
  {
    name: 'too far in the future is rejected',
    input: { utctimestamp: '2026-11-24T12:00:00Z' },
    expect: { error: 'utctimestamp 2026-11-24T12:00:00.000Z is more than 1440 minutes in the future' },
  },
  {
    name: 'slightly in the future is accepted',
    input: { utctimestamp: '2026-11-22T12:05:00Z' },
    expect: { utctimestamp: '2026-11-22T12:05:00.000Z' },
  },
  {
    name: 'just inside retention is accepted',
    input: { utctimestamp: '2026-08-25T12:00:00Z' },
    expect: { utctimestamp: '2026-08-25T12:00:00.000Z' },
  },
  // --- receivedtimestamp
  {
    name: 'receivedtimestamp is always now; a sent one is kept in details',
    input: { receivedtimestamp: '2020-01-01T00:00:00Z' },
    expect: { receivedtimestamp: '2026-11-22T12:00:00.000Z', details: { receivedtimestamp: '2020-01-01T00:00:00Z' } },
  },
  // --- summary
  { name: 'summary', input: { summary: 'login failed' }, expect: { summary: 'login failed', details: {} } },
  { name: 'message → summary', input: { message: 'login failed' }, expect: { summary: 'login failed', details: {} } },
  { name: 'payload → summary', input: { payload: 'heka payload' }, expect: { summary: 'heka payload', details: {} } },
  {
    name: 'summary wins over message and payload, which stay in details',
    input: { payload: 'p', message: 'm', summary: 's' },
    expect: { summary: 's', details: { payload: 'p', message: 'm' } },
  },
  { name: 'numeric summary is stringified', input: { summary: 42 }, expect: { summary: '42' } },
  {
    name: 'object message is not a summary, kept in details',
    input: { message: { a: 1 } },
    expect: { summary: UNKNOWN, details: { message: { a: 1 } } },
  },
  // --- hostname
  { name: 'hostname', input: { hostname: 'web1' }, expect: { hostname: 'web1', details: {} } },
  { name: 'host → hostname', input: { host: 'web1' }, expect: { hostname: 'web1', details: {} } },
  { name: 'source_host → hostname', input: { source_host: 'web1' }, expect: { hostname: 'web1', details: {} } },
  {
    name: 'Beats host object → host.name, object kept in details',
    input: { host: { name: 'web1', os: { family: 'debian' } } },
    expect: { hostname: 'web1', details: { host: { name: 'web1', os: { family: 'debian' } } } },
  },
  { name: 'host object with only hostname', input: { host: { hostname: 'web2' } }, expect: { hostname: 'web2' } },
  {
    name: 'hostname wins over host',
    input: { host: 'b', hostname: 'a' },
    expect: { hostname: 'a', details: { host: 'b' } },
  },
  {
    name: 'overlong hostname is cut to 256 chars, full value kept in details',
    input: { hostname: 'h'.repeat(300) },
    expect: { hostname: 'h'.repeat(256), details: { hostname: 'h'.repeat(300) } },
  },
  // --- processname / processid
  { name: 'processname', input: { processname: 'sshd' }, expect: { processname: 'sshd' } },
  { name: 'program → processname', input: { program: 'sshd' }, expect: { processname: 'sshd', details: {} } },
  {
    name: 'nxlog sourcename → processname',
    input: { SourceName: 'sshd' },
    expect: { processname: 'sshd', details: {} },
  },
  {
    name: "Fluent Bit syslog parser's ident → processname",
    input: { ident: 'sshd', pid: '42' },
    expect: { processname: 'sshd', processid: '42', details: {} },
  },
  {
    name: 'program wins over ident',
    input: { program: 'a', ident: 'b' },
    expect: { processname: 'a', details: { ident: 'b' } },
  },
  {
    name: 'Docker/Kubernetes log → summary',
    input: { log: 'GET / 200\n', stream: 'stdout' },
    expect: { summary: 'GET / 200\n', details: { stream: 'stdout' } },
  },
  {
    name: 'an ECS log object is no summary',
    input: { message: 'm', log: { file: { path: '/var/log/x' } } },
    expect: { summary: 'm', details: { log: { file: { path: '/var/log/x' } } } },
  },
  {
    name: 'an ECS log object without message stays in details',
    input: { log: { level: 'info' } },
    expect: { summary: 'UNKNOWN', details: { log: { level: 'info' } } },
  },
  { name: 'pid number → processid string', input: { pid: 1234 }, expect: { processid: '1234', details: {} } },
  { name: 'processid string', input: { processid: '99' }, expect: { processid: '99' } },
  // --- severity
  { name: 'severity is upper-cased', input: { severity: 'warning' }, expect: { severity: 'WARNING' } },
  { name: 'severity synonym warn → WARNING', input: { severity: 'warn' }, expect: { severity: 'WARNING' } },
  { name: 'numeric syslog severity 0', input: { severity: 0 }, expect: { severity: 'EMERGENCY' } },
  { name: 'numeric syslog severity 3', input: { severity: 3 }, expect: { severity: 'ERROR' } },
  { name: 'numeric syslog severity 7 as string', input: { severity: '7' }, expect: { severity: 'DEBUG' } },
  { name: 'other numbers stay as text', input: { severity: 30 }, expect: { severity: '30' } },
  { name: 'level alias', input: { level: 'error' }, expect: { severity: 'ERROR', details: {} } },
  { name: 'severity defaults to INFO', input: {}, expect: { severity: 'INFO' } },
  // --- category / source
  { name: 'category', input: { category: 'authentication' }, expect: { category: 'authentication' } },
  { name: 'type → category', input: { type: 'syslog' }, expect: { category: 'syslog', details: {} } },
  { name: 'eventtype → category', input: { eventtype: 'auth' }, expect: { category: 'auth', details: {} } },
  {
    name: 'category wins over type',
    input: { type: 't', category: 'c' },
    expect: { category: 'c', details: { type: 't' } },
  },
  { name: 'source', input: { source: 'cloudtrail' }, expect: { source: 'cloudtrail', details: {} } },
  {
    name: 'ECS source object is not a source, kept in details',
    input: { source: { ip: '10.0.0.1' } },
    expect: { source: UNKNOWN, details: { source: { ip: '10.0.0.1' } } },
  },
  // --- tags
  { name: 'tags string → array', input: { tags: 'ssh' }, expect: { tags: ['ssh'] } },
  { name: 'comma string stays one tag', input: { tags: 'a,b' }, expect: { tags: ['a,b'] } },
  {
    name: 'tags deduped, non-strings stringified',
    input: { tags: ['a', 'b', 'a', 1, true, null, { k: 1 }] },
    expect: { tags: ['a', 'b', '1', 'true', '{"k":1}'] },
  },
  {
    name: 'object tags are kept in details',
    input: { tags: { a: 1 } },
    expect: { tags: [], details: { tags: { a: 1 } } },
  },
  { name: 'tags default to []', input: {}, expect: { tags: [] } },
  // --- details / fields
  {
    name: 'details object as given',
    input: { details: { sourceipaddress: '1.2.3.4', n: { m: 1 } } },
    expect: { details: { sourceipaddress: '1.2.3.4', n: { m: 1 } } },
  },
  {
    name: 'fields merged into details, details win',
    input: { details: { a: 1 }, fields: { a: 2, b: 3 } },
    expect: { details: { a: 1, b: 3 } },
  },
  {
    name: 'non-object details → details.message',
    input: { details: 'free text' },
    expect: { details: { message: 'free text' } },
  },
  { name: 'array details → details.message', input: { details: [1, 2] }, expect: { details: { message: [1, 2] } } },
  { name: 'non-object fields → details.fields', input: { fields: 'x' }, expect: { details: { fields: 'x' } } },
  {
    name: 'MozDef one-off details.x / fields.x keys',
    input: { 'details.user': 'bob', 'fields.port': 22 },
    expect: { details: { user: 'bob', port: 22 } },
  },
  {
    name: 'one-off keys match case-insensitively, the name keeps its case',
    input: { 'Details.User': 'bob', 'FIELDS.Port': 22 },
    expect: { details: { User: 'bob', Port: 22 } },
  },
  {
    name: 'unknown top-level keys are kept in details with their case',
    input: { summary: 's', sourceIP: '10.1.1.1', nested: { x: [1] }, id: 'abc' },
    expect: { summary: 's', details: { sourceIP: '10.1.1.1', nested: { x: [1] }, id: 'abc' } },
  },
  {
    name: 'details wins over a same-named top-level key',
    input: { details: { x: 1 }, x: 2 },
    expect: { details: { x: 1 } },
  },
  // --- defaults
  {
    name: 'UNKNOWN defaults for missing fields',
    input: {},
    expect: {
      category: UNKNOWN,
      source: UNKNOWN,
      hostname: UNKNOWN,
      processname: UNKNOWN,
      processid: UNKNOWN,
      summary: UNKNOWN,
      severity: 'INFO',
      tags: [],
      details: {},
    },
  },
  {
    name: 'UNKNOWN defaults for empty strings (which are dropped)',
    input: { category: '', source: ' ', hostname: '', processname: '', processid: '', summary: '  ' },
    expect: {
      category: UNKNOWN,
      source: UNKNOWN,
      hostname: UNKNOWN,
      processname: UNKNOWN,
      processid: UNKNOWN,
      summary: UNKNOWN,
      details: {},
    },
  },
  // --- keys
  {
    name: 'top-level keys are case-insensitive',
    input: { Summary: 's', HOSTNAME: 'h', Category: 'c', UtcTimestamp: T0, Details: { a: 1 }, Tags: ['t'] },
    expect: { summary: 's', hostname: 'h', category: 'c', utctimestamp: T0, tags: ['t'], details: { a: 1 } },
  },
  {
    name: 'second spelling of a key goes to details',
    input: { summary: 'a', SUMMARY: 'b' },
    expect: { summary: 'a', details: { SUMMARY: 'b' } },
  },
  {
    name: 'leading @ is ignored (old logstash)',
    input: { '@message': 'm', '@fields': { f: 1 } },
    expect: { summary: 'm', details: { f: 1 } },
  },
  // --- rejections for shape
  { name: 'array event is rejected', input: [{ summary: 'x' }], expect: { error: 'event must be a JSON object' } },
  { name: 'string event is rejected', input: 'hello', expect: { error: 'event must be a JSON object' } },
  { name: 'null event is rejected', input: null, expect: { error: 'event must be a JSON object' } },
  { name: 'nesting at the limit is accepted', input: { details: nested(63) }, expect: { summary: UNKNOWN } },
  {
    name: 'deep nesting is rejected',
    input: { details: nested(64) },
    expect: { error: 'event is nested deeper than 64 levels' },
  },
  {
    name: 'too many keys is rejected',
    input: { details: manyKeys },
    expect: { error: 'event has more than 10000 keys' },
  },
  {
    name: 'too large is rejected',
    input: { summary: 'x'.repeat(2000) },
    opts: { maxEventBytes: 1000 },
    expect: { error: 'event is larger than 1000 bytes' },
  },
  // --- storability
  { name: 'NUL in summary', input: { summary: 'a\u0000b' }, expect: { summary: 'a\uFFFDb' } },
  {
    name: 'NUL in nested key and value',
    input: { details: { 'k\u0000': ['v\u0000'] } },
    expect: { details: { 'k\uFFFD': ['v\uFFFD'] } },
  },
  {
    name: 'lone surrogates made well-formed',
    input: { summary: 'x\uD800y', details: { a: '\uDC00' } },
    expect: { summary: 'x\uFFFDy', details: { a: '\uFFFD' } },
  },
  { name: 'surrogate pairs untouched', input: { summary: 'ok \uD83D\uDE00' }, expect: { summary: 'ok \uD83D\uDE00' } },
  { name: 'NUL in an unknown top-level key', input: { 'a\u0000': 1 }, expect: { details: { 'a\uFFFD': 1 } } },
  {
    name: 'overflowing JSON number becomes null',
    input: JSON.parse('{"details":{"n":1e400}}'),
    expect: { details: { n: null } },
  },
];

function isRejection(e: Case['expect']): e is { error: string | RegExp } {
  return 'error' in e;
}

describe('normalizeEvent', () => {
  it.each(cases)('$name', ({ input, expect: want, opts }) => {
    const r = normalizeEvent(input, { ...OPTS, ...opts });
    if (isRejection(want)) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(want.error);
      return;
    }
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    if (!r.ok) return;
    const { details, ...rest } = want;
    expect(r.event).toMatchObject(rest);
    if (details !== undefined) expect(r.event.details).toEqual(details);
    // Invariants of every accepted event.
    expect(r.event.receivedtimestamp).toBe((opts?.now ?? NOW).toISOString());
    expect(r.event.utctimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(eventIdTime(r.event.id)).toBe(Date.parse(r.event.utctimestamp));
  });

  it('does not let a "__proto__" key change prototypes', () => {
    const r = normalizeEvent(JSON.parse('{"__proto__":{"polluted":1},"details":{"__proto__":{"x":1}}}'), OPTS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.getPrototypeOf(r.event.details)).toBe(Object.prototype);
    expect(Object.hasOwn(r.event.details, '__proto__')).toBe(true);
    expect(JSON.stringify(r.event.details)).toBe('{"__proto__":{"x":1}}');
  });

  it('does not modify its input', () => {
    const input = { summary: 'a\u0000', details: { x: 'b\u0000' }, fields: { y: 1 } };
    const copy = structuredClone(input);
    normalizeEvent(input, OPTS);
    expect(input).toEqual(copy);
  });

  it('reads zone-less non-ISO times as UTC whatever the process time zone', () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const r = normalizeEvent({ date: 'Sun, 22 Nov 2026 10:00:00' }, OPTS);
      expect(r.ok && r.event.utctimestamp).toBe(T0);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
