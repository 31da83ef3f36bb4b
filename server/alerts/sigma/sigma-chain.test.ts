// Chained correlations: a correlation listing another correlation. The specification's own example
// (10 failed logons of a user, then a successful logon of that user, within 10 minutes) compiles
// unchanged and fires on exactly that sequence; other chains and the refusals around them.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileRule } from '../compiled-rule.ts';
import { parseRuleDefinition } from '../rule-definition.ts';
import { RuleState, type Firing } from '../rule-state.ts';
import { testEvent } from './sigma-test-db.ts';

const SPEC = fs.readFileSync(
  new URL('../../../test/fixtures/sigma/spec-chained-correlation.yml', import.meta.url),
  'utf8',
);
const T0 = Date.parse('2026-11-20T10:00:00Z');
const SEC = 1000;
let n = 0;

/** A Windows Security event as nxlog ships it. */
function logon(eventId: number, user: string, atMs: number, host = 'dc1'): PicketEvent {
  const e = testEvent(n++, { hostname: host, details: { Channel: 'Security', EventID: eventId, User: user } });
  e.utctimestamp = new Date(T0 + atMs).toISOString();
  return e;
}
const failures = (user: string, count: number, fromMs = 0) =>
  Array.from({ length: count }, (_, i) => logon(4625, user, fromMs + i * SEC));

function state(yaml: string): RuleState {
  const r = parseRuleDefinition({ type: 'sigma', yaml });
  if (!r.ok) throw new Error(r.message);
  return new RuleState(compileRule('chain', 1, r.rule));
}

function run(s: RuleState, events: PicketEvent[], endMs = T0 + 3_600_000): Firing[] {
  const out = events.flatMap((e) => (s.rule.accepts(e) ? (s.offer(e, Date.parse(e.utctimestamp)) ?? []) : []));
  return [...out, ...s.expire(endMs, 0)];
}

describe("the specification's chained example", () => {
  it('imports unchanged, with the outer correlation as the rule', () => {
    const r = parseRuleDefinition({ type: 'sigma', yaml: SPEC });
    expect(r).toMatchObject({
      ok: true,
      rule: { name: 'Correlation - Multiple Failed Logins Followed by Successful Login', severity: 'ERROR' },
    });
  });

  it('fires on 10 failed logons of a user followed by a successful logon of that user, with all 11 events', () => {
    const s = state(SPEC);
    const events = [...failures('bob', 10), logon(4624, 'bob', 60 * SEC)];
    const fired = run(s, events);
    expect(fired.map((f) => [f.groupKey, f.events.length])).toEqual([['bob', 11]]);
    expect(fired[0].events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    // Legacy event ids (529 failed, 528 success) are listed too.
    expect(
      run(state(SPEC), [
        ...Array.from({ length: 10 }, (_, i) => logon(529, 'eve', i * SEC)),
        logon(528, 'eve', 30 * SEC),
      ]).map((f) => f.groupKey),
    ).toEqual(['eve']);
  });

  it('does not fire for 9 failures, another user, the wrong order, or a success after the timespan', () => {
    expect(run(state(SPEC), [...failures('bob', 9), logon(4624, 'bob', 60 * SEC)])).toEqual([]);
    expect(run(state(SPEC), [...failures('alice', 10), logon(4624, 'bob', 60 * SEC)])).toEqual([]);
    expect(run(state(SPEC), [logon(4624, 'bob', 0), ...failures('bob', 10, SEC)])).toEqual([]);
    expect(run(state(SPEC), [...failures('bob', 10), logon(4624, 'bob', 9 * SEC + 10 * 60 * SEC + SEC)])).toEqual([]);
    // Events of another channel are not Security logons.
    const other = [...failures('bob', 10), logon(4624, 'bob', 60 * SEC)].map((e) => ({
      ...e,
      details: { ...e.details, Channel: 'System' },
    }));
    expect(run(state(SPEC), other)).toEqual([]);
  });
});

const base = (name: string, kind: string) =>
  `title: ${name}\nname: ${name}\ndetection:\n  s:\n    kind: ${kind}\n  condition: s\n`;
const ev = (kind: string, host: string, atMs: number, user = 'u') => {
  const e = testEvent(n++, { hostname: host, details: { kind, username: user } });
  e.utctimestamp = new Date(T0 + atMs).toISOString();
  return e;
};

describe('other chains', () => {
  it('event_count over a correlation counts its matches: two bursts of 3 within 10 minutes on one host', () => {
    const yaml = `${base('f', 'fail')}---\ntitle: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: {gte: 3}\n---\ntitle: Repeated bursts\ncorrelation:\n  type: event_count\n  rules: [burst]\n  group-by: [ComputerName]\n  timespan: 10m\n  condition: {gte: 2}\n`;
    const burst = (host: string, fromMs: number) => [0, 1, 2].map((i) => ev('fail', host, fromMs + i * SEC));
    const fired = run(state(yaml), [...burst('h1', 0), ...burst('h2', 0), ...burst('h1', 5 * 60 * SEC)]);
    expect(fired.map((f) => [f.groupKey, f.events.length])).toEqual([['h1', 6]]);
  });

  it('temporal over a correlation and a base rule, grouped through an alias', () => {
    const yaml = `${base('f', 'fail')}---\n${base('x', 'exfil')}---\ntitle: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: {gte: 2}\n---\ntitle: Burst and exfil\ncorrelation:\n  type: temporal\n  rules: [burst, x]\n  group-by: [host]\n  aliases:\n    host:\n      burst: ComputerName\n      x: ComputerName\n  timespan: 5m\n`;
    const fired = run(state(yaml), [
      ev('fail', 'h1', 0),
      ev('fail', 'h1', SEC),
      ev('exfil', 'h2', 2 * SEC),
      ev('exfil', 'h1', 3 * SEC),
    ]);
    expect(fired.map((f) => [f.groupKey, f.events.length, f.distinct])).toEqual([['h1', 3, 2]]);
  });

  it('an upper bound on the outer correlation is judged when its bucket closes', () => {
    const yaml = `${base('f', 'fail')}---\ntitle: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: {gte: 2}\n---\ntitle: Exactly one burst\ncorrelation:\n  type: event_count\n  rules: [burst]\n  group-by: [ComputerName]\n  timespan: 1h\n  condition: {eq: 1}\n`;
    const s = state(yaml);
    const events = [
      ev('fail', 'h1', 0),
      ev('fail', 'h1', SEC),
      ev('fail', 'h2', 0),
      ev('fail', 'h2', SEC),
      ev('fail', 'h2', 10 * 60 * SEC),
      ev('fail', 'h2', 10 * 60 * SEC + SEC),
    ];
    for (const e of events) expect(s.offer(e, Date.parse(e.utctimestamp))).toBeNull();
    expect(s.expire(T0 + 30 * 60 * SEC, 0)).toEqual([]);
    expect(s.expire(T0 + 3_600_000, 0).map((f) => [f.groupKey, f.events.length])).toEqual([['h1', 2]]);
  });
});

describe('chains Picket refuses', () => {
  const refused = (yaml: string) => {
    const r = parseRuleDefinition({ type: 'sigma', yaml });
    return r.ok ? 'accepted' : r.message;
  };
  const inner = `title: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: {gte: 2}\n`;
  it.each([
    [
      'a group-by the inner correlation does not have',
      `title: o\ncorrelation:\n  type: event_count\n  rules: [burst]\n  group-by: [User]\n  timespan: 5m\n  condition: {gte: 2}\n`,
      'groups by "User", which the correlation "burst" it lists does not group by',
    ],
    [
      'value_count over a correlation',
      `title: o\ncorrelation:\n  type: value_count\n  rules: [burst]\n  group-by: [ComputerName]\n  timespan: 5m\n  condition: {field: User, gte: 2}\n`,
      'a value_count correlation over another correlation is not supported',
    ],
    [
      'two unrelated correlations',
      `title: o\ncorrelation:\n  type: event_count\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 5m\n  condition: {gte: 2}\n`,
      'several correlations in one YAML that do not chain into one',
    ],
  ])('%s', (_what, outer, message) => {
    expect(refused(`${base('f', 'fail')}---\n${inner}---\n${outer}`)).toContain(message);
  });

  it('a cycle', () => {
    const a = `title: a\nname: a\ncorrelation:\n  type: event_count\n  rules: [b]\n  group-by: [ComputerName]\n  timespan: 5m\n  condition: {gte: 2}\n`;
    const b = `title: b\nname: b\ncorrelation:\n  type: event_count\n  rules: [a]\n  group-by: [ComputerName]\n  timespan: 5m\n  condition: {gte: 2}\n`;
    expect(refused(`${a}---\n${b}`)).toContain('list each other in a cycle');
  });
});
