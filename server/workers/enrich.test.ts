import { describe, expect, it, vi } from 'vitest';
import { eventIdTime } from '../ingest/event-id.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { Enricher } from './enrich.ts';
import type { EnrichmentPlugin } from './plugin.ts';

function event(over: Partial<PicketEvent> = {}): PicketEvent {
  return {
    id: 'e1',
    utctimestamp: '2026-01-01T00:00:00.000Z',
    receivedtimestamp: '2026-01-01T00:00:00.000Z',
    category: 'UNKNOWN',
    source: 'UNKNOWN',
    hostname: 'h',
    processname: 'UNKNOWN',
    processid: 'UNKNOWN',
    severity: 'INFO',
    summary: 's',
    tags: [],
    details: {},
    ...over,
  };
}

/** A plugin that appends its name to details.trace, so tests can see who ran and in what order. */
function tracer(name: string, priority: number, registration: string[] = ['*']): EnrichmentPlugin {
  return {
    name,
    priority,
    registration,
    onEvent(e) {
      ((e.details.trace as string[] | undefined) ?? (e.details.trace = [])).push(name);
      return e;
    },
  };
}
const trace = (e: PicketEvent | undefined) => e?.details.trace ?? [];

describe('Enricher', () => {
  it('runs plugins by ascending priority, stable for ties', () => {
    const en = new Enricher([tracer('c', 30), tracer('a', 10), tracer('b1', 20), tracer('b2', 20)]);
    expect(trace(en.enrich([event()])[0])).toEqual(['a', 'b1', 'b2', 'c']);
    expect(en.plugins.map((p) => p.name)).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it.each<[string, string[], Partial<PicketEvent>, boolean]>([
    ['detail leaf name', ['sourceipaddress'], { details: { sourceipaddress: '1.2.3.4' } }, true],
    ['case-insensitive name', ['sourceipaddress'], { details: { sourceIPAddress: '1.2.3.4' } }, true],
    ['nested leaf name', ['orig_h'], { details: { id: { orig_h: '1.2.3.4' } } }, true],
    ['dotted path', ['id.orig_h'], { details: { id: { orig_h: '1.2.3.4' } } }, true],
    ['dotted path with details. prefix', ['details.id.orig_h'], { details: { id: { orig_h: '1.2.3.4' } } }, true],
    ['flattened dotted key', ['id.orig_h'], { details: { 'id.orig_h': '1.2.3.4' } }, true],
    ['dotted path, wrong parent', ['id.orig_h'], { details: { other: { orig_h: '1.2.3.4' } } }, false],
    ['top-level value', ['sshd'], { processname: 'sshd' }, true],
    ['value, case-insensitive', ['sshd'], { processname: 'SSHD' }, true],
    ['detail value', ['consolelogin'], { details: { eventname: 'ConsoleLogin' } }, true],
    ['value inside an array', ['admin'], { details: { roles: ['user', 'Admin'] } }, true],
    ['tag value', ['cloudtrail'], { tags: ['cloudtrail'] }, true],
    ['top-level field name = every event', ['hostname'], {}, true],
    ['no match', ['sshd'], { processname: 'nginx', details: { a: 'b' } }, false],
    ['substring is not a match', ['sshd'], { processname: 'sshd-session' }, false],
    ['number values are not terms', ['22'], { details: { port: 22 } }, false],
    ['empty registration never runs', [], { processname: 'sshd' }, false],
  ])('registration: %s', (_name, registration, over, runs) => {
    const en = new Enricher([tracer('p', 1, registration)]);
    expect(trace(en.enrich([event(over)])[0])).toEqual(runs ? ['p'] : []);
  });

  it('computes terms once per event, before the first registered plugin', () => {
    // 'late' registers for a field that 'early' adds: terms are not recomputed, so it does not run.
    const early: EnrichmentPlugin = {
      name: 'early',
      priority: 1,
      registration: ['x'],
      onEvent: (e) => ((e.details.late_field = 1), e),
    };
    const en = new Enricher([early, tracer('late', 2, ['late_field']), tracer('other', 3, ['x'])]);
    const [a, b] = en.enrich([event({ details: { x: 1 } }), event({ details: { y: 1 } })]);
    expect(trace(a)).toEqual(['other']);
    expect(b.details).toEqual({ y: 1 });
  });

  it('drops an event when a plugin returns null and skips the rest', () => {
    const dropper: EnrichmentPlugin = { name: 'drop', priority: 5, registration: ['noise'], onEvent: () => null };
    const en = new Enricher([tracer('a', 1), dropper, tracer('z', 9)]);
    const out = en.enrich([event({ id: 'keep' }), event({ id: 'drop', category: 'noise' }), event({ id: 'keep2' })]);
    expect(out.map((e) => e.id)).toEqual(['keep', 'keep2']);
    expect(trace(out[1])).toEqual(['a', 'z']);
    expect(en.stats).toEqual({ dropped: 1, errors: 0 });
  });

  it('a throwing plugin keeps the event as it was before it, is counted, and logged once per state change', () => {
    const warn = vi.fn();
    const broken: EnrichmentPlugin = {
      name: 'broken',
      priority: 2,
      registration: ['*'],
      onEvent(e) {
        e.category = 'half-done';
        e.tags.push('half');
        e.details.partial = true;
        throw new Error('boom');
      },
    };
    const en = new Enricher([tracer('a', 1), broken, tracer('z', 3)], { warn });
    const out = en.enrich([event({ id: 'x1' }), event({ id: 'x2' }), event({ id: 'x3' })]);
    expect(out).toHaveLength(3);
    for (const e of out) {
      expect(e.category).toBe('UNKNOWN');
      expect(e.tags).toEqual([]);
      expect(e.details).toEqual({ trace: ['a', 'z'] });
    }
    expect(en.stats.errors).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ plugin: 'broken', eventId: 'x1' });
    const h = en.pluginHealth().find((p) => p.plugin.name === 'broken')!.health;
    expect(h).toMatchObject({ calls: 3, errors: 3, failing: true, lastError: { message: 'boom', eventId: 'x3' } });
    expect(en.pluginHealth().find((p) => p.plugin.name === 'a')!.health).toMatchObject({
      calls: 3,
      errors: 0,
      failing: false,
    });
  });

  it('a failing plugin is logged as recovered once, after a minute without failure', () => {
    vi.useFakeTimers();
    try {
      const warn = vi.fn();
      const info = vi.fn();
      const flaky: EnrichmentPlugin = {
        name: 'f',
        priority: 1,
        registration: ['*'],
        onEvent: (e) => {
          if (e.id === 'bad') throw new Error('x');
          return e;
        },
      };
      const en = new Enricher([flaky], { warn, info });
      en.enrich([event({ id: 'bad' }), event(), event({ id: 'bad' }), event()]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(info).not.toHaveBeenCalled();
      vi.advanceTimersByTime(61_000);
      en.enrich([event(), event()]);
      expect(info).toHaveBeenCalledTimes(1);
      expect(info.mock.calls[0][0]).toMatchObject({ plugin: 'f', failures: 2 });
      en.enrich([event({ id: 'bad' })]);
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('setPlugins swaps the set between batches; a kept plugin keeps its counters', () => {
    const a = tracer('a', 1);
    const en = new Enricher([a]);
    en.enrich([event()]);
    en.setPlugins([tracer('b', 0), a]);
    expect(trace(en.enrich([event()])[0])).toEqual(['b', 'a']);
    expect(en.pluginHealth().map((p) => [p.plugin.name, p.health.calls])).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('treats undefined or a Promise from onEvent as a plugin error, not a drop', () => {
    const bad = (name: string, r: unknown): EnrichmentPlugin =>
      ({ name, priority: 1, registration: ['*'], onEvent: () => r }) as unknown as EnrichmentPlugin;
    const en = new Enricher([bad('u', undefined), bad('p', Promise.resolve(null)), tracer('z', 2)]);
    const out = en.enrich([event()]);
    expect(trace(out[0])).toEqual(['z']);
    expect(en.stats).toEqual({ dropped: 0, errors: 2 });
  });

  it('an event the store cannot take (details or tags broken, id or time changed) is a plugin error, rolled back', () => {
    const breaking = (name: string, f: (e: PicketEvent) => PicketEvent): EnrichmentPlugin => ({
      name,
      priority: 1,
      registration: ['*'],
      onEvent: f,
    });
    const en = new Enricher([
      breaking('details', (e) => ({ ...e, details: null as unknown as Record<string, unknown> })),
      breaking('tags', (e) => Object.assign(e, { tags: 'x' as unknown as string[] })),
      breaking('id', (e) => ({ ...e, id: 'other' })),
      breaking('time', (e) => Object.assign(e, { utctimestamp: 'not a time', summary: 'changed' })),
      tracer('z', 2),
    ]);
    const [e] = en.enrich([event()]);
    expect(e).toMatchObject({
      id: 'e1',
      utctimestamp: '2026-01-01T00:00:00.000Z',
      summary: 's',
      tags: [],
      details: { trace: ['z'] },
    });
    expect(en.pluginHealth().map((p) => p.health.lastError?.message ?? null)).toEqual([
      'onEvent returned an event with details that is not an object',
      'onEvent returned an event with tags that is not an array',
      'onEvent returned an event with a changed id',
      'onEvent returned an event with a utctimestamp that is not a time',
      null,
    ]);
  });

  it('a plugin may set the event time; the id keeps its random part and moves its time part with it', () => {
    const id = '018c2a6e-1a00-7abc-8def-0123456789ab';
    const retime: EnrichmentPlugin = {
      name: 't',
      priority: 1,
      registration: ['*'],
      onEvent: (e) => Object.assign(e, { utctimestamp: '2023-11-14T22:13:20.250+00:00' }),
    };
    const [e] = new Enricher([retime]).enrich([{ ...event(), id }]);
    expect(e.utctimestamp).toBe('2023-11-14T22:13:20.250Z');
    expect(eventIdTime(e.id)).toBe(Date.parse('2023-11-14T22:13:20.250Z'));
    expect(e.id.slice(13)).toBe(id.slice(13));
  });

  it('a plugin may return a replacement event', () => {
    const replace: EnrichmentPlugin = {
      name: 'r',
      priority: 1,
      registration: ['*'],
      onEvent: (e) => ({ ...e, summary: 'new' }),
    };
    expect(new Enricher([replace]).enrich([event()])[0].summary).toBe('new');
  });
});
