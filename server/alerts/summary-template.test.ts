// Template alternatives and filters, the pieces MozDef's summaries are written with.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { parseRuleDefinition } from './rule-definition.ts';
import { checkSummaryTemplate, renderSummary } from './summary-template.ts';

const ev = (details: Record<string, unknown>, hostname = 'h1'): PicketEvent =>
  ({ id: String(Math.random()), utctimestamp: '2026-11-20T10:00:00Z', receivedtimestamp: '2026-11-20T10:00:00Z', category: 'c', source: 's', hostname, processname: 'p', processid: '1', severity: 'INFO', summary: 'Write: /etc/x more', tags: [], details }) as PicketEvent;
const render = (t: string, events: PicketEvent[]) => renderSummary(t, { events, ruleName: 'R' });

describe('summary template filters', () => {
  it('|sort and |join:SEP order and separate a list', () => {
    const events = [ev({ d: 'http://b/x.exe' }), ev({ d: 'http://a/y.sh' }), ev({ d: 'http://b/x.exe' })];
    expect(render('{values:details.d}', events)).toBe('http://b/x.exe http://a/y.sh');
    expect(render('{values:details.d|sort|join:,}', events)).toBe('http://a/y.sh,http://b/x.exe');
    expect(render('{hostnames|join:, }', [ev({}, 'b'), ev({}, 'a')])).toBe('b, a');
  });

  it('alternatives take the first field with a value; |default fills a missing one', () => {
    expect(render('{details.username,details.originaluser,details.user}', [ev({ originaluser: 'joe', user: 'root' })])).toBe('joe');
    expect(render('{details.username,details.user}', [ev({})])).toBe('');
    expect(render('{details.cwd|default:unknown} in {details.missing|default:n/a}', [ev({ cwd: '/tmp' })])).toBe('/tmp in n/a');
  });

  it('|prefix adds text only before a value', () => {
    expect(render('detected {details.u|prefix:by } {details.ip|prefix:from } on {hostname}', [ev({ ip: '1.2.3.4' })])).toBe('detected  from 1.2.3.4 on h1');
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
