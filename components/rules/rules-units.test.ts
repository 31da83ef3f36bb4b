import { describe, expect, it } from 'vitest';
import { parseRuleDefinition } from '@/server/alerts/rule-definition';
import { renderSummary } from '@/server/alerts/summary-template';
import { caseSeverity, exceptionQuery } from '../alerts/alert-types';
import { diffLines } from './json-diff';
import {
  definitionOf,
  newDraft,
  parseDraftJson,
  RULE_TYPES,
  sampleEvents,
  withField,
  withType,
  type Draft,
} from './rule-draft';

describe('rule draft helpers', () => {
  it('switching type keeps a draft the server accepts, for every form type', () => {
    // Grouping is a threshold/cardinality key: switching to another type must drop it.
    let d: Draft = { ...newDraft(), name: 'x', category: 'c', query: 'category:x', grouping: { enabled: true } };
    for (const t of [...RULE_TYPES, 'threshold'] as const) {
      d = withType(d, t);
      if (t === 'sequence') d = withField(d, 'steps', [{ query: 'a:1' }, { query: 'a:2' }]);
      expect(parseRuleDefinition(d), t).toMatchObject({ ok: true });
    }
    expect(Object.keys(withType(newDraft(), 'match'))).not.toContain('window');
    expect(withType(newDraft(), 'deadman').window).toBe('5m');
  });

  it('drops record metadata and orders keys as people read them', () => {
    const d = definitionOf({
      tags: [],
      id: 'i',
      version: 3,
      name: 'n',
      owner: 'o',
      type: 'match',
      exceptions: [],
      hits: 2,
    });
    expect(Object.keys(d)).toEqual(['name', 'type', 'tags']);
  });

  it('reports invalid JSON and non-objects instead of a draft', () => {
    expect(parseDraftJson('{"a": 1,}')).toHaveProperty('error');
    expect(parseDraftJson('[1]')).toEqual({ error: 'A rule is a JSON object ({ … }).' });
    expect(parseDraftJson('{"a": 1}')).toEqual({ draft: { a: 1 } });
  });

  it('previews a summary with placeholders before any test ran', () => {
    const t = '{count} failures from {details.sourceipaddress} on {hostname} ({values:details.user.name})';
    expect(renderSummary(t, { events: sampleEvents(t, 3), ruleName: 'r' })).toBe(
      '3 failures from ‹details.sourceipaddress› on ‹hostname› (‹details.user.name›)',
    );
  });
});

describe('alert console helpers', () => {
  it('builds the false-positive exception from groupBy and the displayed group key, quoting what needs it', () => {
    expect(exceptionQuery(['details.sourceipaddress'], '203.0.113.9')).toBe('details.sourceipaddress:203.0.113.9');
    expect(exceptionQuery(['details.username', 'hostname'], 'bob smith / web1')).toBe(
      'details.username:"bob smith" AND hostname:web1',
    );
    expect(exceptionQuery([], '')).toBe('');
  });

  it('maps alert severities to case severities', () => {
    expect(['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'emergency'].map(caseSeverity)).toEqual([
      'low',
      'medium',
      'high',
      'critical',
      'critical',
    ]);
  });
});

describe('diffLines', () => {
  it('marks removed and added lines and keeps the common ones', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
    expect(diffLines('same', 'same')).toEqual([{ op: ' ', text: 'same' }]);
  });
});
