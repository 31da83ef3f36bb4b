// Template alternatives and filters, the pieces MozDef's summaries are written with.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { parseRuleDefinition } from './rule-definition.ts';
import { checkSummaryTemplate, renderSummary } from './summary-template.ts';

const ev = (details: Record<string, unknown>, hostname = 'h1'): PicketEvent =>
  ({
    id: String(Math.random()),
    utctimestamp: '2026-11-20T10:00:00Z',
    receivedtimestamp: '2026-11-20T10:00:00Z',
    category: 'c',
    source: 's',
    hostname,
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary: 'Write: /etc/x more',
    tags: [],
    details,
  }) as PicketEvent;
const render = (t: string, events: PicketEvent[]) => renderSummary(t, { events, ruleName: 'R' });

describe('summary template filters', () => {
  it('|sort and |join:SEP order and separate a list', () => {
    const events = [ev({ d: 'http://b/x.exe' }), ev({ d: 'http://a/y.sh' }), ev({ d: 'http://b/x.exe' })];
    expect(render('{values:details.d}', events)).toBe('http://b/x.exe http://a/y.sh');
    expect(render('{values:details.d|sort|join:,}', events)).toBe('http://a/y.sh,http://b/x.exe');
    expect(render('{hostnames|join:, }', [ev({}, 'b'), ev({}, 'a')])).toBe('b, a');
  });

  it('alternatives take the first field with a value; |default fills a missing one', () => {
    expect(
      render('{details.username,details.originaluser,details.user}', [ev({ originaluser: 'joe', user: 'root' })]),
    ).toBe('joe');
    expect(render('{details.username,details.user}', [ev({})])).toBe('');
    expect(render('{details.cwd|default:unknown} in {details.missing|default:n/a}', [ev({ cwd: '/tmp' })])).toBe(
      '/tmp in n/a',
    );
  });

  it('|prefix adds text only before a value', () => {
    expect(
      render('detected {details.u|prefix:by } {details.ip|prefix:from } on {hostname}', [ev({ ip: '1.2.3.4' })]),
    ).toBe('detected  from 1.2.3.4 on h1');
    expect(render('detected {details.u|prefix:by } on {hostname}', [ev({ u: 'bob' })])).toBe('detected by bob on h1');
  });

  it('an unknown filter or a filter missing its text is refused when the rule is parsed', () => {
    expect(checkSummaryTemplate('{count|upper}')).toMatch(/unknown filter "\|upper"/);
    expect(checkSummaryTemplate('{values:x|join}')).toMatch(/\|join needs a text/);
    expect(checkSummaryTemplate('{values:x|join:,|sort} {a,b|default:-}')).toBeNull();
    const r = parseRuleDefinition({ name: 'n', type: 'match', category: 'c', summary: 'x {hostname|shout}' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^summary: unknown filter/);
  });

  it('text without placeholders and plain braces render as written', () => {
    expect(render('a {not a placeholder} b', [ev({})])).toBe('a {not a placeholder} b');
  });
});

// The aggregate placeholders ported MozDef alerts depend on.
let n = 0;
const hostEv = (hostname: string, details: Record<string, unknown> = {}): PicketEvent => ({
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
const renderOne = (template: string, events: PicketEvent[]) => renderSummary(template, { events, ruleName: 'r' });

describe('summary template', () => {
  it('{top:field}: the 5 most frequent values with their hit counts, ties in order of appearance', () => {
    const events = [...['b', 'a', 'a', 'c', 'd', 'e', 'f', 'a', 'b'].map((h) => hostEv(h))];
    expect(renderOne('{top:hostname}', events)).toBe('a (3 hits) b (2 hits) c (1 hits) d (1 hits) e (1 hits)');
    // Nothing to list at the end: no dangling space.
    expect(renderOne('x {top:details.missing}', events)).toBe('x');
  });

  it('{list:field}: sorted distinct values, comma-separated, cut at 10 with "..." from 10 values on', () => {
    expect(
      renderOne('{list:details.ip}', [
        hostEv('h', { ip: '9.9.9.9' }),
        hostEv('h', { ip: '1.1.1.1' }),
        hostEv('h', { ip: '9.9.9.9' }),
      ]),
    ).toBe('1.1.1.1, 9.9.9.9');
    const ten = Array.from({ length: 10 }, (_, i) => hostEv('h', { ip: `10.0.0.${i}` }));
    expect(renderOne('{list:details.ip}', ten)).toBe(`${ten.map((_, i) => `10.0.0.${i}`).join(', ')}...`);
    const eleven = [...ten, hostEv('h', { ip: '0.0.0.0' })];
    expect(renderOne('{list:details.ip}', eleven)).toBe(
      `0.0.0.0, ${ten
        .slice(0, 9)
        .map((_, i) => `10.0.0.${i}`)
        .join(', ')}...`,
    );
  });

  it('{count:field}: distinct values, next to {count} (events) which keeps its meaning', () => {
    const events = [
      hostEv('h', { u: 'a', ip: '1' }),
      hostEv('h', { u: 'b', ip: '1' }),
      hostEv('h', { u: 'a', ip: '1' }),
    ];
    expect(renderOne('{count} events, {count:details.u} users from {count:details.ip} ip(s)', events)).toBe(
      '3 events, 2 users from 1 ip(s)',
    );
  });

  it('array values count each element; objects are not values', () => {
    const events = [hostEv('h', { t: ['x', 'y'] }), hostEv('h', { t: ['x'] }), hostEv('h', { t: { o: 1 } })];
    expect(renderOne('{top:details.t} / {values:details.t} / {count:details.t}', events)).toBe(
      'x (2 hits) y (1 hits) / x y / 2',
    );
  });

  it('{field|default:text}: the text when the field is missing or empty, the value otherwise', () => {
    expect(
      renderOne('as {details.username|default:UNKNOWN}, on {hostname|default:unknown}', [
        hostEv('', { username: 'bob' }),
      ]),
    ).toBe('as bob, on unknown');
    expect(renderOne('as {details.username|default:UNKNOWN}', [hostEv('h')])).toBe('as UNKNOWN');
  });
});
