import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileMatcher, matchEvent, parseQuery } from './index.ts';

function event(over: Partial<PicketEvent> = {}): PicketEvent {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    utctimestamp: '2026-11-22T10:00:00.000Z',
    receivedtimestamp: '2026-11-22T10:00:01.000Z',
    category: 'authentication',
    source: 'syslog',
    hostname: 'web-01',
    processname: 'sshd',
    processid: '1234',
    severity: 'WARNING',
    summary: 'Failed password for root from 1.2.3.4 port 22 ssh2',
    tags: ['sshd'],
    details: { sourceipaddress: '1.2.3.4', sourceport: 22, username: 'root' },
    ...over,
  };
}

const matches = (q: string, e: PicketEvent = event()) => matchEvent(parseQuery(q), e);

describe('matchEvent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['category:authentication', true],
    ['category:Authentication', false],
    ['severity:warning', true],
    ['FAILED PASSWORD', true],
    ['"password for root"', true],
    ['"root for password"', false],
    ['details.sourceport:22', true],
    ['details.sourceport:"22"', true],
    ['details.sourceport:[20 TO 30]', true],
    ['details.sourceport:>22', false],
    ['sourceipaddress:1.2.3.*', true],
    ['details.username:ROOT', false],
    ['details.username:RO*', true],
    ['tags:sshd AND NOT tags:other', true],
    ['_exists_:details.username AND NOT _exists_:details.missing', true],
    ['id:00000000-0000-4000-8000-000000000001', true],
    ['utctimestamp:2026-11-22', true],
    ['utctimestamp:[2026-11-22T10:00:00.001Z TO *]', false],
  ])('%s → %s', (q, expected) => {
    expect(matches(q)).toBe(expected);
  });

  it('re-evaluates relative times against the clock for long-lived matchers', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T10:30:00Z'));
    const recent = compileMatcher(parseQuery('utctimestamp:>now-1h'));
    const e = event();
    expect(recent(e)).toBe(true);
    vi.setSystemTime(new Date('2026-11-22T11:30:00Z'));
    expect(recent(e)).toBe(false);
  });

  it('only follows own properties of the details object', () => {
    const e = event({ details: JSON.parse('{"__proto__": {"x": 1}, "plain": {}}') as Record<string, unknown> });
    expect(matches('details.__proto__.x:1', e)).toBe(true);
    expect(matches('details.constructor:*', e)).toBe(false);
    expect(matches('details.plain.toString:*', e)).toBe(false);
    expect(matches('details.plain.hasOwnProperty:/.*/', e)).toBe(false);
  });

  it('tolerates malformed events instead of throwing', () => {
    const broken = { ...event(), details: undefined, tags: undefined, summary: undefined } as unknown as PicketEvent;
    for (const q of [
      'details.a:1',
      'tags:x',
      'tags:x*',
      'summary:x',
      'x',
      '_exists_:tags',
      'details.a:>1',
      'utctimestamp:>now-1h',
    ]) {
      expect(() => matches(q, broken)).not.toThrow();
    }
    expect(matches('NOT details.a:1', broken)).toBe(true);
  });

  it('caches the compiled matcher per AST node', () => {
    const node = parseQuery('hostname:web*');
    expect(matchEvent(node, event())).toBe(true);
    expect(matchEvent(node, event({ hostname: 'db-01' }))).toBe(false);
  });

  it('is fast enough for the streaming engine', () => {
    const m = compileMatcher(
      parseQuery(
        'category:authentication AND (details.sourceport:[1 TO 1024] OR tags:sshd) AND NOT hostname:db* AND failed AND utctimestamp:>now-1d',
      ),
    );
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T12:00:00Z'));
    const events = Array.from({ length: 1000 }, (_, i) => event({ hostname: i % 2 ? 'web-01' : 'db-01' }));
    const start = performance.now();
    let hits = 0;
    for (let round = 0; round < 50; round++) for (const e of events) if (m(e)) hits++;
    const perSecond = 50_000 / ((performance.now() - start) / 1000);
    expect(hits).toBe(25_000);
    // The alert engine needs 5k events/s; leave a wide margin for slow CI machines.
    expect(perSecond).toBeGreaterThan(50_000);
  });
});
