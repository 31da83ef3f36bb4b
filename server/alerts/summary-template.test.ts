// Summary placeholders, in particular the aggregate ones ported MozDef alerts depend on.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { renderSummary } from './summary-template.ts';

let n = 0;
const ev = (hostname: string, details: Record<string, unknown> = {}): PicketEvent => ({
  id: `e${++n}`,
  utctimestamp: '2026-11-20T10:00:00.000Z',
  receivedtimestamp: '2026-11-20T10:00:00.000Z',
  category: 'c',
  source: 's',
  hostname,
  processname: 'p',
  processid: '1',
  severity: 'INFO',
  summary: 's',
  tags: [],
  details,
});
const render = (template: string, events: PicketEvent[]) => renderSummary(template, { events, ruleName: 'r' });

describe('summary template', () => {
  it('{top:field}: the 5 most frequent values with their hit counts, ties in order of appearance', () => {
    const events = [...['b', 'a', 'a', 'c', 'd', 'e', 'f', 'a', 'b'].map((h) => ev(h))];
    expect(render('{top:hostname}', events)).toBe('a (3 hits) b (2 hits) c (1 hits) d (1 hits) e (1 hits)');
    // Nothing to list at the end: no dangling space.
    expect(render('x {top:details.missing}', events)).toBe('x');
  });

  it('{list:field}: sorted distinct values, comma-separated, cut at 10 with "..." from 10 values on', () => {
    expect(render('{list:details.ip}', [ev('h', { ip: '9.9.9.9' }), ev('h', { ip: '1.1.1.1' }), ev('h', { ip: '9.9.9.9' })])).toBe('1.1.1.1, 9.9.9.9');
    const ten = Array.from({ length: 10 }, (_, i) => ev('h', { ip: `10.0.0.${i}` }));
    expect(render('{list:details.ip}', ten)).toBe(`${ten.map((_, i) => `10.0.0.${i}`).join(', ')}...`);
    const eleven = [...ten, ev('h', { ip: '0.0.0.0' })];
    expect(render('{list:details.ip}', eleven)).toBe(`0.0.0.0, ${ten.slice(0, 9).map((_, i) => `10.0.0.${i}`).join(', ')}...`);
  });

  it('{count:field}: distinct values, next to {count} (events) which keeps its meaning', () => {
    const events = [ev('h', { u: 'a', ip: '1' }), ev('h', { u: 'b', ip: '1' }), ev('h', { u: 'a', ip: '1' })];
    expect(render('{count} events, {count:details.u} users from {count:details.ip} ip(s)', events)).toBe('3 events, 2 users from 1 ip(s)');
  });

  it('array values count each element; objects are not values', () => {
    const events = [ev('h', { t: ['x', 'y'] }), ev('h', { t: ['x'] }), ev('h', { t: { o: 1 } })];
    expect(render('{top:details.t} / {values:details.t} / {count:details.t}', events)).toBe('x (2 hits) y (1 hits) / x y / 2');
  });

  it('{field|text}: the text when the field is missing or empty, the value otherwise', () => {
    expect(render('as {details.username|UNKNOWN}, on {hostname|unknown}', [ev('', { username: 'bob' })])).toBe('as bob, on unknown');
    expect(render('as {details.username|UNKNOWN}', [ev('h')])).toBe('as UNKNOWN');
    expect(render('{details.username|}', [ev('h')])).toBe('');
  });
});
