import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { compileRule } from './compiled-rule.ts';
import { parseRuleDefinition, type RuleDefinition } from './rule-definition.ts';
import { RuleState } from './rule-state.ts';
import { renderSummary } from './summary-template.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
let n = 0;
function ev(secs: number, details: Record<string, unknown>, extra: Partial<PicketEvent> = {}): PicketEvent {
  n++;
  const ts = new Date(T0 + secs * 1000).toISOString();
  return {
    id: `id-${n}`,
    utctimestamp: ts,
    receivedtimestamp: ts,
    category: 'c',
    source: 's',
    hostname: 'h',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary: 'x',
    tags: [],
    details,
    ...extra,
  };
}

function def(rule: Record<string, unknown>): RuleDefinition {
  const r = parseRuleDefinition({ name: 'r', category: 'test', summary: 's', ...rule });
  if (!r.ok) throw new Error(r.message);
  return r.rule;
}

function feed(rule: RuleDefinition, events: PicketEvent[]) {
  const c = compileRule('r', 1, rule);
  const state = new RuleState(c);
  return events.filter((e) => c.accepts(e)).flatMap((e) => state.offer(e, Date.parse(e.utctimestamp)) ?? []);
}

describe('rule definitions', () => {
  it('apply defaults and normalize severity', () => {
    expect(def({ type: 'match', severity: 'warning' })).toMatchObject({
      query: '*',
      groupBy: [],
      tags: [],
      enabled: true,
      severity: 'WARNING',
    });
  });

  it('name the field in errors, and refuse what this build cannot run', () => {
    const bad = (rule: Record<string, unknown>) => {
      const r = parseRuleDefinition({ name: 'r', category: 'c', summary: 's', ...rule });
      return r.ok ? 'ok' : r.message;
    };
    expect(bad({ type: 'threshold', threshold: 3 })).toContain('window');
    expect(bad({ type: 'threshold', threshold: 3, window: '9d' })).toContain('between 1s and 7d');
    expect(bad({ type: 'cardinality', threshold: 3, window: '1m' })).toContain('distinct');
    expect(bad({ type: 'sequence', window: '1m', steps: [{ query: 'a' }] })).toContain('steps');
    expect(bad({ type: 'watchlist' })).toBe('ok');
    expect(bad({ type: 'watchlist', window: '1m' })).toContain('window');
    expect(bad({ type: 'nope' })).toContain('type');
    expect(bad({ type: 'match', groupBy: ['details'] })).toContain('groupBy');
    // Metadata a GET returned is ignored, so a client can send a fetched rule back.
    expect(bad({ type: 'match', id: 'x', version: 3, owner: 'o', createdAt: 'c' })).toBe('ok');
  });
});

describe('rule state', () => {
  it('threshold: the window slides, late events beyond it are ignored, a firing empties the group', () => {
    const rule = def({ type: 'threshold', threshold: 3, window: '1m', groupBy: ['details.u'] });
    const fired = feed(rule, [
      ev(0, { u: 'a' }),
      ev(30, { u: 'a' }),
      ev(90, { u: 'a' }),
      ev(100, { u: 'a' }),
      ev(5, { u: 'a' }),
      ev(110, { u: 'a' }),
      ev(111, { u: 'a' }),
    ]);
    expect(fired.map((f) => f.events.length)).toEqual([3]);
    // 90, 100, 110 (30 dropped at 90+60; the late ts=5 event is too old to count).
    expect(fired[0].events.map((e) => Date.parse(e.utctimestamp) / 1000 - T0 / 1000)).toEqual([90, 100, 110]);
  });

  it('threshold with several groupBy fields skips events missing one', () => {
    const rule = def({ type: 'threshold', threshold: 2, window: '1m', groupBy: ['details.u', 'hostname'] });
    const fired = feed(rule, [
      ev(0, { u: 'a' }),
      ev(1, {}),
      ev(2, { u: 'a' }, { hostname: 'other' }),
      ev(3, { u: 'a' }),
    ]);
    expect(fired.map((f) => f.groupKey)).toEqual(['a\u001fh']);
  });

  it('cardinality: values leaving the window stop counting', () => {
    const rule = def({ type: 'cardinality', threshold: 3, window: '1m', distinct: 'details.port' });
    expect(feed(rule, [ev(0, { port: 1 }), ev(10, { port: 2 }), ev(70, { port: 3 })])).toEqual([]);
    expect(
      feed(rule, [ev(0, { port: 1 }), ev(10, { port: 2 }), ev(20, { port: 2 }), ev(30, { port: 3 })]).map(
        (f) => f.distinct,
      ),
    ).toEqual([3]);
  });

  it('sequence: steps in order within the window of the first; a stale start is dropped', () => {
    const rule = def({
      type: 'sequence',
      window: '1m',
      groupBy: ['details.u'],
      steps: [{ query: 'details.s:a' }, { query: 'details.s:b' }, { query: 'details.s:c' }],
    });
    expect(feed(rule, [ev(0, { u: 'x', s: 'a' }), ev(10, { u: 'x', s: 'b' }), ev(70, { u: 'x', s: 'c' })])).toEqual([]);
    expect(
      feed(rule, [
        ev(0, { u: 'x', s: 'a' }),
        ev(10, { u: 'x', s: 'c' }),
        ev(20, { u: 'x', s: 'b' }),
        ev(30, { u: 'x', s: 'c' }),
      ]).map((f) => f.events.length),
    ).toEqual([3]);
    expect(
      feed(rule, [
        ev(0, { u: 'x', s: 'a' }),
        ev(50, { u: 'x', s: 'a' }),
        ev(80, { u: 'x', s: 'b' }),
        ev(90, { u: 'x', s: 'c' }),
      ]).map((f) => f.events.length),
    ).toEqual([3]);
  });

  it('summary templates: counts, aggregates, nested fields, missing fields', () => {
    const events = [
      ev(0, { ip: '1.2.3.4', a: { b: 'deep' } }, { hostname: 'h1' }),
      ev(1, { ip: '1.2.3.4' }, { hostname: 'h2' }),
      ev(2, { ip: '1.2.3.4' }, { hostname: 'h1' }),
    ];
    expect(
      renderSummary('{count} by {details.ip} on {hostnames} [{a.b}] [{details.none}] {values:details.ip} {rule}', {
        events,
        ruleName: 'R',
      }),
    ).toBe('3 by 1.2.3.4 on h1 h2 [deep] [] 1.2.3.4 R');
  });
});

describe('events delivered twice (queue mode redelivery)', () => {
  it('count once in a threshold window: 5 events offered twice do not reach a threshold of 10', () => {
    const rule = def({ type: 'threshold', query: '*', threshold: 10, window: '5m', severity: 'NOTICE' });
    const five = Array.from({ length: 5 }, (_, i) => ev(i, { ip: '1' }));
    expect(feed(rule, [...five, ...five])).toHaveLength(0);
    const ten = [...five, ...Array.from({ length: 5 }, (_, i) => ev(10 + i, { ip: '1' }))];
    const fired = feed(rule, [...five, ...ten]);
    expect(fired).toHaveLength(1);
    expect(new Set(fired[0].events.map((e) => e.id)).size).toBe(10);
  });

  it('count once in a cardinality window and a sequence', () => {
    const card = def({
      type: 'cardinality',
      query: '*',
      distinct: 'details.user',
      threshold: 3,
      window: '5m',
      severity: 'NOTICE',
    });
    const a = ev(1, { user: 'a' });
    const b = ev(2, { user: 'b' });
    expect(feed(card, [a, b, a, b])).toHaveLength(0);
    const seq = def({
      type: 'sequence',
      steps: [{ query: 'details.step:1' }, { query: 'details.step:1' }],
      window: '5m',
      severity: 'NOTICE',
    });
    const s1 = ev(1, { step: 1 });
    expect(feed(seq, [s1, s1])).toHaveLength(0);
  });
});

describe('windows under long, shuffled streams', () => {
  // The window keeps dropped entries until it cuts them off in bulk; this checks every firing
  // against a plain recomputation over the events offered so far.
  it('threshold and cardinality fire exactly when a naive window would, events out of order and repeated', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const events: PicketEvent[] = [];
    for (let i = 0; i < 4000; i++) {
      // Mostly in order, a tenth up to 50 s late, in a 60 s window.
      const late = rand() < 0.1 ? rand() * 50 : 0;
      events.push(ev(i * 0.2 - late, { v: `v${Math.floor(rand() * 90)}` }));
    }
    for (const [rule, threshold] of [
      [def({ type: 'threshold', threshold: 150, window: '60s' }), 150],
      [def({ type: 'cardinality', threshold: 85, window: '60s', distinct: 'details.v' }), 85],
    ] as const) {
      const c = compileRule('r', 1, rule);
      const state = new RuleState(c);
      // Reference: the window's events, kept by hand.
      let win: Array<{ ts: number; v: string; e: PicketEvent }> = [];
      let newest = -Infinity;
      let fired = 0;
      for (const e of events) {
        const ts = Date.parse(e.utctimestamp);
        const f = state.offer(e, ts);
        newest = Math.max(newest, ts);
        const horizon = newest - 60_000;
        if (ts > horizon) win.push({ ts, v: (e.details as { v: string }).v, e });
        win = win.filter((x) => x.ts > horizon);
        // Now and then an event still in the window is delivered again: it must change nothing.
        if (!f && win.length && rand() < 0.05) {
          const again = win[Math.floor(rand() * win.length)].e;
          expect(state.offer(again, Date.parse(again.utctimestamp)), `repeat of ${again.id}`).toBeNull();
        }
        const size = rule.type === 'threshold' ? win.length : new Set(win.map((x) => x.v)).size;
        const due = size >= threshold;
        expect(f !== null, `event ${e.id}`).toBe(due);
        if (f) {
          expect(f.events.length).toBe(win.length);
          expect(f.events.map((x) => Date.parse(x.utctimestamp))).toEqual(win.map((x) => x.ts).sort((a, b) => a - b));
          win = [];
          newest = -Infinity;
          fired++;
        }
      }
      expect(fired).toBeGreaterThan(3);
    }
  });
});
