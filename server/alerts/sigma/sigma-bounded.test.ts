// Correlation counts with an upper bound (lt, lte, eq, ranges): each group's events fill fixed,
// epoch-aligned buckets of `timespan`, and a bucket alerts when it closes with a count inside the
// bounds. Lower-bound-only conditions still alert the moment they are reached.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileRule } from '../compiled-rule.ts';
import { parseRuleDefinition } from '../rule-definition.ts';
import { RuleState, type Firing } from '../rule-state.ts';
import { testEvent } from './sigma-test-db.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T10:00:00Z'); // a bucket boundary for 1m, 5m and 1h
let n = 0;
const ev = (offsetMs: number, user: string, host = 'h1'): PicketEvent => {
  const e = testEvent(n++, { hostname: host, details: { username: user, kind: 'fail' } });
  e.utctimestamp = new Date(T0 + offsetMs).toISOString();
  return e;
};

function correlation(condition: string, type = 'event_count', extra = ''): RuleState {
  const yaml = `title: f\nname: f\ndetection:\n  s:\n    kind: fail\n  condition: s\n---\ntitle: c\ncorrelation:\n  type: ${type}\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: ${condition}\n${extra}`;
  const r = parseRuleDefinition({ type: 'sigma', yaml });
  if (!r.ok) throw new Error(r.message);
  return new RuleState(compileRule('r', 1, r.rule));
}

function run(state: RuleState, events: PicketEvent[], endMs: number): Firing[] {
  const out = events.flatMap((e) => state.offer(e, Date.parse(e.utctimestamp)) ?? []);
  return [...out, ...state.expire(endMs, 0)];
}
const summary = (fs: Firing[]) =>
  fs.map((f) => [f.groupKey, f.events.length, new Date(f.at).toISOString().slice(11, 19)]).sort();

describe('bounded correlation counts', () => {
  it('{gte: 2, lte: 3}: a closed bucket with 2 or 3 events alerts; 1 or 4 do not', () => {
    const s = correlation('{gte: 2, lte: 3}');
    const events = [
      ev(1000, 'a', 'two'),
      ev(2000, 'a', 'two'),
      ev(1000, 'a', 'four'),
      ev(2000, 'a', 'four'),
      ev(3000, 'a', 'four'),
      ev(4000, 'a', 'four'),
      ev(5000, 'a', 'one'),
      // The next bucket of "two": three events, closing when the run ends.
      ev(MIN + 1000, 'a', 'two'),
      ev(MIN + 2000, 'a', 'two'),
      ev(MIN + 3000, 'a', 'two'),
    ];
    expect(summary(run(s, events, T0 + 2 * MIN))).toEqual([
      ['two', 2, '10:01:00'],
      ['two', 3, '10:02:00'],
    ]);
  });

  it('an open bucket is not judged yet, and its events are judged once it closes', () => {
    const s = correlation('{lt: 3}');
    const events = [ev(1000, 'a'), ev(2000, 'a')];
    expect(run(s, events, T0 + 30_000)).toEqual([]);
    expect(summary(s.expire(T0 + MIN, 0))).toEqual([['h1', 2, '10:01:00']]);
    // A late event of the judged bucket does not reopen it.
    expect(s.offer(ev(3000, 'a'), T0 + 3000)).toBeNull();
    expect(s.expire(T0 + 5 * MIN, 0)).toEqual([]);
  });

  it('{eq: 2} and value_count {lte: 1} (the same user every time)', () => {
    expect(summary(run(correlation('{eq: 2}'), [ev(1000, 'a'), ev(2000, 'b'), ev(1000, 'a', 'h2')], T0 + MIN))).toEqual(
      [['h1', 2, '10:01:00']],
    );
    const vc = correlation('{field: User, lte: 1}', 'value_count');
    const got = run(vc, [ev(1000, 'a'), ev(2000, 'a'), ev(1000, 'a', 'h2'), ev(2000, 'b', 'h2')], T0 + MIN);
    expect(summary(got)).toEqual([['h1', 2, '10:01:00']]);
    expect(got[0].distinct).toBe(1);
  });

  it('a lower bound alone still alerts as soon as it is reached (sliding window)', () => {
    const s = correlation('{gte: 2}');
    expect(s.offer(ev(1000, 'a'), T0 + 1000)).toBeNull();
    expect(s.offer(ev(2000, 'a'), T0 + 2000)).toMatchObject({ groupKey: 'h1' });
  });

  it('{neq: 2}: a closed bucket alerts unless it holds exactly 2 events; with gte it is a range with a hole', () => {
    const events = [
      ev(1000, 'a', 'one'),
      ev(1000, 'a', 'two'),
      ev(2000, 'a', 'two'),
      ev(1000, 'a', 'three'),
      ev(2000, 'a', 'three'),
      ev(3000, 'a', 'three'),
    ];
    expect(summary(run(correlation('{neq: 2}'), events, T0 + MIN))).toEqual([
      ['one', 1, '10:01:00'],
      ['three', 3, '10:01:00'],
    ]);
    expect(
      summary(
        run(
          correlation('{gte: 2, neq: 2}'),
          events.map((e) => ({ ...e, id: `${e.id}b` })),
          T0 + MIN,
        ),
      ),
    ).toEqual([['three', 3, '10:01:00']]);
  });

  it('each bound alone, positive and negative: gt, gte (sliding); lt, lte, eq, neq (at the bucket end)', () => {
    const counts = (cond: string) => {
      const hosts = { one: 1, two: 2, three: 3 };
      const events = Object.entries(hosts).flatMap(([h, k]) =>
        Array.from({ length: k }, (_, i) => ev(1000 * (i + 1), 'a', h)),
      );
      return run(correlation(cond), events, T0 + MIN)
        .map((f) => f.groupKey)
        .sort();
    };
    expect(counts('{gt: 2}')).toEqual(['three']);
    expect(counts('{gte: 2}')).toEqual(['three', 'two']);
    expect(counts('{lt: 2}')).toEqual(['one']);
    expect(counts('{lte: 2}')).toEqual(['one', 'two']);
    expect(counts('{eq: 2}')).toEqual(['two']);
    expect(counts('{neq: 3}')).toEqual(['one', 'two']);
  });

  it('temporal with an upper bound: {lte: 1} of two rules alerts for a bucket where only one of them matched', () => {
    const yaml = (cond: string) =>
      `title: a\nname: a\ndetection:\n  s:\n    kind: a\n  condition: s\n---\ntitle: b\nname: b\ndetection:\n  s:\n    kind: b\n  condition: s\n---\ntitle: c\ncorrelation:\n  type: temporal\n  rules: [a, b]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: ${cond}\n`;
    const state = (cond: string) => {
      const r = parseRuleDefinition({ type: 'sigma', yaml: yaml(cond) });
      if (!r.ok) throw new Error(r.message);
      return new RuleState(compileRule('t', 1, r.rule));
    };
    const kinds = (host: string, ks: string[]) =>
      ks.map((k, i) => {
        const e = testEvent(n++, { hostname: host, details: { kind: k } });
        e.utctimestamp = new Date(T0 + 1000 * (i + 1)).toISOString();
        return e;
      });
    const events = [...kinds('only-a', ['a', 'a']), ...kinds('both', ['a', 'b'])];
    expect(run(state('{lte: 1}'), events, T0 + MIN).map((f) => [f.groupKey, f.distinct])).toEqual([['only-a', 1]]);
    expect(run(state('{eq: 2}'), events, T0 + MIN).map((f) => [f.groupKey, f.distinct])).toEqual([['both', 2]]);
    expect(run(state('{neq: 2}'), events, T0 + MIN).map((f) => f.groupKey)).toEqual(['only-a']);
  });

  it('value_count {neq: 1}: a bucket alerts when its users are not exactly one', () => {
    const got = run(
      correlation('{field: User, neq: 1}', 'value_count'),
      [ev(1000, 'a'), ev(2000, 'a'), ev(1000, 'a', 'h2'), ev(2000, 'b', 'h2')],
      T0 + MIN,
    );
    expect(got.map((f) => [f.groupKey, f.distinct])).toEqual([['h2', 2]]);
  });

  it('temporal_ordered with {gte: 2} or {eq: 2} over two rules alerts on the full order (sliding, as without a condition)', () => {
    const yaml = (cond: string) =>
      `title: a\nname: a\ndetection:\n  s:\n    kind: a\n  condition: s\n---\ntitle: b\nname: b\ndetection:\n  s:\n    kind: b\n  condition: s\n---\ntitle: c\ncorrelation:\n  type: temporal_ordered\n  rules: [a, b]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: ${cond}\n`;
    for (const cond of ['{gte: 2}', '{eq: 2}']) {
      const r = parseRuleDefinition({ type: 'sigma', yaml: yaml(cond) });
      if (!r.ok) throw new Error(r.message);
      const s = new RuleState(compileRule('o', 1, r.rule));
      const e = (k: string, host: string, at: number) => {
        const x = testEvent(n++, { hostname: host, details: { kind: k } });
        x.utctimestamp = new Date(T0 + at).toISOString();
        return x;
      };
      const fired = run(
        s,
        [e('a', 'in-order', 1000), e('b', 'in-order', 2000), e('b', 'reversed', 1000), e('a', 'reversed', 2000)],
        T0 + MIN,
      );
      expect(
        fired.map((f) => f.groupKey),
        cond,
      ).toEqual(['in-order']);
    }
  });

  it.each([
    ['{gt: 5, lt: 5}', 'event_count', 'can never hold'],
    ['{eq: 3, neq: 3}', 'event_count', 'can never hold'],
    ['{lt: 1}', 'temporal', 'can never hold'],
    ['{range: 2}', 'event_count', 'the correlation condition "range" is not supported (gt, gte, lt, lte, eq, neq)'],
  ])('%s on %s is refused', (cond, type, message) => {
    expect(() => correlation(cond, type)).toThrow(message);
  });
});
