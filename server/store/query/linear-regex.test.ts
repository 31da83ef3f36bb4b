import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { linearRegex, toRe2Syntax } from './linear-regex.ts';
import { compileMatcher } from './match-event.ts';
import { parseQuery } from './index.ts';

function event(summary: string): PicketEvent {
  return {
    id: '00000000-0000-0000-0000-000000000000',
    utctimestamp: new Date().toISOString(),
    receivedtimestamp: new Date().toISOString(),
    category: 'c',
    source: 's',
    hostname: 'h',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary,
    tags: [],
    details: { host: 'a'.repeat(24) },
  };
}

describe('linear-time regexes', () => {
  // A backtracking engine takes seconds on these (exponential in the input length); RE2 does not.
  // The 1 s cap is no performance target, only a bound that exponential time cannot meet.
  it('user regexes and wildcards cannot stall the event loop', () => {
    const started = performance.now();
    for (const q of [
      '/(a|a)*b/',
      'details.host:/(a|a)*b/',
      'details.host:/(a+)+b/',
      'details.host:*a*a*a*a*a*a*a*a*a*a*a*b',
    ]) {
      const m = compileMatcher(parseQuery(q));
      expect(m(event('a'.repeat(24))), q).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('keeps the JS dialect the parser accepts', () => {
    expect(toRe2Syntax('\\u0041\\\\u0042')).toBe('\\x{0041}\\\\u0042');
    const cases: Array<[string, string, boolean]> = [
      ['^\\u0041$', 'A', true],
      ['^a\\sb$', 'a\u00a0b', true],
      ['^a\\sb$', 'a\u000bb', true],
      ['^a\\Sb$', 'a b', false],
      ['^a.b$', 'a\nb', true],
      ['^.$', '😀', true],
      ['^[^x]$', '😀', true],
      ['^É$', 'é', false],
      ['^a[\\S]b$', 'a\u00a0b', false],
      ['^a[x\\S]b$', 'ayb', true],
    ];
    for (const [p, s, want] of cases) {
      expect(linearRegex(p, { ignoreCase: false }).test(s), `${p} on ${JSON.stringify(s)}`).toBe(want);
      expect(linearRegex(p, { ignoreCase: false }).test(s), 'JS agrees').toBe(new RegExp(p, 'su').test(s));
    }
    expect(linearRegex('^É$', { ignoreCase: true }).test('é')).toBe(true);
  });

  it('refuses at parse time what RE2 cannot run', () => {
    expect(() => parseQuery('details.x:/a{1001}/')).toThrow();
    expect(() => parseQuery('details.x:/[^a\\W]/')).toThrow(/negated class escape/);
  });
});
