import { describe, expect, it } from 'vitest';
import type { CaseDetail, TimelineEntry } from '@/server/cases/case-model';
import { mergeCaseDelta } from './case-delta';
import { authorLabel, formatDuration } from './case-format';
import { flattenEvent } from './event-fields';
import { explorerHref, indicatorQuery, quoteLucene } from './lucene-query';
import { safeUrl } from './markdown-text';

const entry = (id: string, occurredAt: string, caseVersion: number, text = id): TimelineEntry => ({
  id,
  caseVersion,
  caseId: 'c',
  occurredAt,
  createdAt: occurredAt,
  author: 'user:ana',
  kind: 'note',
  text,
  eventId: null,
  evidenceId: null,
});
const detail = (version: number, sinceVersion: number, timeline: TimelineEntry[], summary = 's'): CaseDetail =>
  ({
    id: 'c',
    kind: 'incident',
    summary,
    version,
    sinceVersion,
    phaseHistory: [],
    timeline,
    evidence: [],
    hypotheses: [],
    indicators: [],
    tasks: [],
  }) as unknown as CaseDetail;

describe('indicator explorer links', () => {
  it('quotes and escapes values so they stay one phrase', () => {
    expect(quoteLucene('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(indicatorQuery('url', 'javascript:alert(1)')).toBe('details.url:"javascript:alert(1)"');
    expect(indicatorQuery('ip', '203.0.113.9')).toBe(
      'details.sourceipaddress:"203.0.113.9" OR details.destinationipaddress:"203.0.113.9"',
    );
    const u = new URL(explorerHref('user', 'x" OR *:* OR "y&from=0'), 'http://h');
    expect(u.pathname).toBe('/events');
    expect([...u.searchParams.keys()]).toEqual(['q']);
    expect(u.searchParams.get('q')).toBe('details.username:"x\\" OR *:* OR \\"y&from=0"');
  });
});

describe('merging a sinceVersion delta', () => {
  it('adds and replaces children by id, keeps time order, and takes the case record whole', () => {
    const held = detail(3, 0, [entry('a', '2026-01-01T10:00:00Z', 1), entry('b', '2026-01-01T12:00:00Z', 2)]);
    const merged = mergeCaseDelta(
      held,
      detail(5, 3, [entry('c', '2026-01-01T11:00:00Z', 4), entry('b', '2026-01-01T12:00:00Z', 5, 'b2')], 'new'),
    );
    expect(merged.timeline.map((e) => e.id)).toEqual(['a', 'c', 'b']);
    expect(merged.timeline[2].text).toBe('b2');
    expect(merged).toMatchObject({ version: 5, summary: 'new' });
  });

  it('ignores an answer older than what is held, and a full read replaces everything', () => {
    const held = detail(5, 0, [entry('a', '2026-01-01T10:00:00Z', 1)]);
    expect(mergeCaseDelta(held, detail(4, 3, [entry('z', '2026-01-01T10:00:00Z', 4)]))).toBe(held);
    expect(mergeCaseDelta(held, detail(6, 0, [])).timeline).toEqual([]);
  });
});

describe('display helpers', () => {
  it('flattens an event into dotted rows of text', () => {
    expect(
      flattenEvent({
        summary: '<b>x</b>',
        details: { ip: '1.2.3.4', nested: { deep: [1, 2] }, list: [{ a: 1 }] },
        tags: ['ssh'],
      }),
    ).toEqual([
      ['summary', '<b>x</b>'],
      ['details.ip', '1.2.3.4'],
      ['details.nested.deep', '[1,2]'],
      ['details.list[0].a', '1'],
      ['tags', '["ssh"]'],
    ]);
  });
  it('keeps only http(s) and mailto link targets in notes', () => {
    expect(safeUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeUrl('mailto:soc@example.org')).toBe('mailto:soc@example.org');
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<b>',
      'vbscript:x',
      '//evil.example/x',
      '/internal',
    ])
      expect(safeUrl(bad)).toBe('');
  });
  it('labels authors and durations', () => {
    expect(authorLabel('user:ana@example.org')).toBe('ana@example.org');
    expect(authorLabel('token:soar')).toBe('soar (API token)');
    expect(formatDuration(90 * 60_000)).toBe('1 h 30 min');
    expect(formatDuration(null)).toBe('—');
  });
});
