// Fuzzing the query parser and both compilers in process (no database): whatever a user types,
// parsing either succeeds or throws the typed QuerySyntaxError, and a parsed query always compiles
// (SQL and matcher) and evaluates without throwing. Generated ASTs print to text that parses back
// to the same AST. See test/fuzz-config.ts for seeds and budgets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, prototypeChanges } from '../../../test/fuzz-config.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileMatcher, compileToSql, formatQuery, parseQuery, QuerySyntaxError } from './index.ts';
import { eventArb, printQuery, queryArb } from './fuzz-arbitraries.ts';

const NOW = Date.now();
const SAMPLE_EVENTS: PicketEvent[] = fc
  .sample(eventArb(NOW), { seed: 7, numRuns: 40 })
  .map((e, i) => ({ ...e, id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}` }));

// Text that looks like queries: syntax characters, operators, field names, escapes, odd unicode.
const TOKENS = [
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '(',
  ')',
  '"',
  '\\',
  '/',
  '[',
  ']',
  '{',
  '}',
  ':',
  '*',
  '?',
  '-',
  '+',
  '!',
  '^',
  '~',
  '>',
  '<',
  '=',
  '&&',
  '||',
  'AND',
  'OR',
  'NOT',
  'TO',
  'a',
  'b',
  'x1',
  '22',
  '1.5',
  '-3',
  'now-1h',
  '2026-11-20',
  '10.0.0.0/8',
  '::1/128',
  '_exists_',
  'details',
  'details.',
  'category',
  'summary',
  'tags',
  'id',
  'severity',
  'utctimestamp',
  'receivedtimestamp',
  'hostname',
  'processid',
  'details.a.b',
  '__proto__',
  'constructor',
  'prototype',
  '00000000-0000-4000-8000-000000000001',
  '東京',
  '🎉',
  '\u00a0',
  '\u200b',
  '\ud800',
  '\u0000',
  '\uffff',
  'İ',
  'ß',
  '(?:',
  '(?=',
  '[:alpha:]',
  '\\b',
  '\\1',
  '{300}',
  '{2,}',
  '.*',
  '\\u00',
  '8000000000000000',
  '99999-01-01',
  '0000-01-01',
  'now+1000y',
  'now/M',
];
const queryTextArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((xs) => xs.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'()[]{}"\\/:*?-+!^~ <>=TOADNRa1'), maxLength: 80 }) },
);

/** Parse; a syntax error is an answer, anything else thrown fails the property. */
function parseOrNull(q: string) {
  try {
    return parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      expect(err.position).toBeGreaterThanOrEqual(0);
      expect(err.position).toBeLessThanOrEqual(q.length);
      return null;
    }
    throw err;
  }
}

describe('query parser fuzz', { timeout: fuzzTimeout(6_000) }, () => {
  it('random text: only QuerySyntaxError, and what parses compiles and evaluates', () => {
    fc.assert(
      fc.property(queryTextArb, (q) => {
        const node = parseOrNull(q);
        if (!node) return;
        formatQuery(node);
        const frag = compileToSql(node, 3);
        // Every placeholder refers to a parameter, and none is past the end.
        for (const m of frag.sql.matchAll(/\$(\d+)/g)) expect(Number(m[1])).toBeLessThanOrEqual(3 + frag.params.length);
        const match = compileMatcher(node);
        for (const e of SAMPLE_EVENTS) match(e);
      }),
      fuzzParams(3000, 6_000),
    );
    expect(prototypeChanges()).toEqual([]);
  });

  it('nesting and length limits hold for long inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('(', 'NOT ', '-', '!', '(a OR ', 'a AND '),
        fc.integer({ min: 40, max: 3000 }),
        (open, n) => {
          parseOrNull(open.repeat(n) + 'x' + ')'.repeat(open.includes('(') ? n : 0));
        },
      ),
      fuzzParams(60, 3_000),
    );
  });

  it('generated ASTs print to text that parses back to the same AST', () => {
    fc.assert(
      fc.property(queryArb, fc.nat(5), (node, style) => {
        const text = printQuery(node, style);
        expect(parseQuery(text), text).toEqual(node);
      }),
      fuzzParams(2000, 6_000),
    );
  });

  it('generated queries compile and evaluate on events with hostile keys without changing prototypes', () => {
    fc.assert(
      fc.property(queryArb, fc.array(eventArb(NOW), { minLength: 1, maxLength: 5 }), (node, events) => {
        const match = compileMatcher(node);
        for (const e of events) match({ ...e, id: '00000000-0000-4000-8000-000000000000' });
        compileToSql(node);
      }),
      fuzzParams(1000, 4_000),
    );
    expect(prototypeChanges()).toEqual([]);
  });
});
