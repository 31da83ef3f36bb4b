// fast-check generators for the query fuzz suites: events shaped like stored MozDef events, query
// ASTs in the parser's canonical form, and a printer that renders such an AST as Lucene text the
// parser reads back to the same AST. Test support only (fast-check is a dev dependency).
import fc from 'fast-check';
import type { PicketEvent } from '../../ingest/event.ts';
import type { FieldRef, QueryNode, WildcardPart } from './ast.ts';

/** Object keys attackers like, keys that look like indexes, and keys with punctuation. */
export const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '0',
  '1',
  'source-ip',
  '@timestamp',
  'user_name',
  'a',
  'b',
  'x-y',
];

// Non-ASCII text is limited to caseless characters: case folding of non-ASCII letters is the one
// documented difference between the back ends (it follows the database collation).
export const TEXTS = [
  'a',
  'ab',
  'abc',
  'A',
  'Ab',
  'admin',
  'ADMIN',
  'root',
  'web-01',
  'x.y',
  'a b',
  'a  b',
  'failed password for root',
  '22',
  '22.0',
  '022',
  '-3',
  '0',
  '0.5',
  '1e3',
  '1024',
  '-0',
  '12345678901234567890',
  'true',
  'false',
  'null',
  'TRUE',
  '10.0.0.5',
  '1.2.3.4',
  '010.0.0.5',
  '10.0.0.0/8',
  '1.2.0.0/16',
  '::1',
  '2001:db8::1',
  '2001:db8::/32',
  '::ffff:1.2.3.4',
  "O'Brien",
  'say "hi"',
  'C:\\Windows',
  'a\\b',
  '\\',
  '100%',
  'a_c',
  'a*b?c',
  '*',
  '?',
  'line1\nline2',
  ' lead',
  'trail ',
  'tab\tx',
  '東京',
  '🎉',
  'x🎉y',
  '√2',
  'ن',
  'nb\u00a0sp',
  "'; DROP TABLE events; --",
  '$1',
  '(a)',
  '[x]',
  '{y}',
  'AND',
  'OR',
  'NOT',
  'TO',
];
const NUMBERS = [0, 1, 22, 22.5, -3, 0.5, 1024, 1e21, 1e-7, Number('12345678901234567890'), 0.1];

const textArb = fc.constantFrom(...TEXTS);
const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: textArb },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** An object built with own properties only, so "__proto__" is a plain key, as JSON.parse makes it. */
function own(entries: Array<[string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries);
}

const { details: detailsArb } = fc.letrec<{ value: unknown; details: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: scalarArb },
    {
      weight: 2,
      arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: scalarArb }, { weight: 1, arbitrary: tie('details') }), {
        maxLength: 3,
      }),
    },
    { weight: 2, arbitrary: tie('details') },
  ),
  details: fc.array(fc.tuple(fc.constantFrom(...ODD_KEYS), tie('value')), { maxLength: 4 }).map(own),
}));

const BASE = Date.parse('2026-11-20T00:00:00.000Z');
const HOUR = 3_600_000;

/** Timestamps on whole minutes plus 30 s, so relative bounds (now-1h) never fall within a few ms of one. */
function timestampArb(now: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 0, max: 72 * 60 }).map((m) => new Date(BASE + m * 60_000).toISOString()),
    fc
      .integer({ min: 1, max: 72 * 60 })
      .map((m) => new Date(Math.floor(now / 60_000) * 60_000 - m * 60_000 + 30_000).toISOString()),
  );
}

/** A stored event (as the store writes it: JSON round-tripped), with an id the caller assigns. */
export function eventArb(now: number): fc.Arbitrary<Omit<PicketEvent, 'id'>> {
  return fc
    .record({
      utctimestamp: timestampArb(now),
      receivedtimestamp: timestampArb(now),
      category: fc.constantFrom('authentication', 'Authentication', 'event', 'a', 'a b', '東京', "O'Brien", '22'),
      source: fc.constantFrom('syslog', 'test', 'ab'),
      hostname: fc.constantFrom('web-01', 'WEB-01', 'web-02', 'db', 'x.y', 'a*b?c', '10.0.0.5'),
      processname: fc.constantFrom('sshd', 'proc', 'a_c'),
      processid: fc.constantFrom('1', '22', '1024', '-3', 'UNKNOWN', '0.5'),
      severity: fc.constantFrom('INFO', 'WARNING', 'warning', 'NOTICE', 'Critical', 'ab'),
      summary: fc.array(textArb, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(' ')),
      tags: fc.array(textArb, { maxLength: 3 }),
      details: detailsArb,
    })
    .map((e) => JSON.parse(JSON.stringify(e)) as Omit<PicketEvent, 'id'>);
}

// ---- queries -------------------------------------------------------------------------------

const KEYWORD_FIELDS = ['category', 'source', 'hostname', 'processname', 'processid', 'severity'];
const segmentArb = fc.constantFrom(...ODD_KEYS);
// Mostly short paths, so that generated queries often hit generated events.
const pathArb = fc
  .oneof(
    { weight: 6, arbitrary: fc.tuple(segmentArb) },
    { weight: 3, arbitrary: fc.tuple(segmentArb, segmentArb) },
    { weight: 1, arbitrary: fc.tuple(segmentArb, segmentArb, segmentArb) },
  )
  .map((p) => `details.${p.join('.')}`);

// Bounds stay within double precision: beyond it the back ends disagree (known-divergences.test.ts).
const DECIMALS = ['-3', '0', '0.5', '1', '10', '22', '22.0', '1000', '1024', '-0.25', '0.1', '1000000000000000000000'];
const DATES = [
  '2026-11-20',
  '2026-11-20T01',
  '2026-11-20T01:30',
  '2026-11-20T01:00:00Z',
  '2026-11-21T05:00:00.250+02:00',
  '2026-11-22',
  'now',
  'now-1h',
  'now-30m',
  'now-2d/d',
  'now/h',
  '1795000000000',
  '8000000000000000',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  'now+9000y',
];

/**
 * Safe regexes: inside the Postgres ARE / JS common subset, without nested quantifiers. `[\S]` is
 * left out while it is a known divergence (known-divergences.test.ts).
 */
export const regexArb: fc.Arbitrary<string> = (() => {
  const atom = fc.constantFrom(
    'a',
    'b',
    'A',
    '0',
    '2',
    '_',
    '-',
    ' ',
    '.',
    '\\d',
    '\\w',
    '\\s',
    '\\D',
    '[a-c]',
    '[^0-9]',
    '[0-9.]',
    '(?:ab|c)',
    '(?:0|1)',
    '東',
    '🎉',
    '\\.',
    '\\*',
    "'",
    '"',
    ':',
    '[\\w-]',
    '[\\s\\d]',
    '[^\\W]',
    '[^\\s]',
    '[x\\W]',
    '\\S',
    '\\W',
    '\\u00a0',
  );
  const quant = fc.constantFrom('', '', '', '*', '+', '?', '{1,2}', '{2}');
  const seq = fc
    .array(
      fc.tuple(atom, quant).map(([a, q]) => a + q),
      { minLength: 1, maxLength: 4 },
    )
    .map((xs) => xs.join(''));
  return fc.oneof(
    { weight: 4, arbitrary: seq },
    { weight: 1, arbitrary: fc.tuple(seq, seq).map(([a, b]) => `${a}|${b}`) },
    { weight: 1, arbitrary: seq.map((s) => `.*${s}.*`) },
  );
})();

const wildcardArb: fc.Arbitrary<WildcardPart[]> = fc
  .array(
    fc.oneof(
      fc.constant<WildcardPart>({ kind: 'any' }),
      fc.constant<WildcardPart>({ kind: 'one' }),
      textArb.filter((t) => t !== '').map((text): WildcardPart => ({ kind: 'literal', text })),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => {
    // The parser's form: adjacent literals merged, at least one wildcard, not only `*`s.
    const out: WildcardPart[] = [];
    for (const p of parts) {
      const last = out[out.length - 1];
      if (p.kind === 'literal' && last?.kind === 'literal')
        out[out.length - 1] = { kind: 'literal', text: last.text + p.text };
      else out.push(p);
    }
    if (!out.some((p) => p.kind !== 'literal')) out.push({ kind: 'one' });
    if (!out.some((p) => p.kind !== 'any')) out.push({ kind: 'literal', text: 'a' });
    return out;
  });

function bounds(values: string[]): fc.Arbitrary<{
  lower: { value: string; inclusive: boolean } | null;
  upper: { value: string; inclusive: boolean } | null;
}> {
  const b = fc.record({ value: fc.constantFrom(...values), inclusive: fc.boolean() });
  return fc.oneof(
    fc.record({ lower: b, upper: b }),
    fc.record({ lower: b, upper: fc.constant(null) }),
    fc.record({ lower: fc.constant(null), upper: b }),
  );
}

function leafArb(field: FieldRef): fc.Arbitrary<QueryNode> {
  const isDate = field === 'utctimestamp' || field === 'receivedtimestamp';
  if (isDate) {
    return fc.oneof(
      fc.constantFrom(...DATES).map((value): QueryNode => ({ type: 'term', field, value })),
      bounds(DATES).map((b): QueryNode => ({ type: 'range', field, ...b })),
    );
  }
  const lexical = TEXTS.filter((t) => !/^-?[0-9]+(\.[0-9]+)?$/.test(t));
  const options: Array<fc.Arbitrary<QueryNode>> = [
    textArb.filter((v) => v !== '').map((value): QueryNode => ({ type: 'term', field, value })),
    textArb.map((value): QueryNode => ({ type: 'phrase', field, value })),
    wildcardArb.map((parts): QueryNode => ({ type: 'wildcard', field, parts })),
    regexArb.map((pattern): QueryNode => ({ type: 'regex', field, pattern })),
    bounds(DECIMALS).map((b): QueryNode => ({ type: 'range', field, ...b })),
    bounds(lexical).map((b): QueryNode => ({ type: 'range', field, ...b })),
  ];
  if (field !== null) options.push(fc.constant<QueryNode>({ type: 'exists', field }));
  return fc.oneof(...options);
}

const fieldArb: fc.Arbitrary<FieldRef> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('summary', 'tags', 'utctimestamp', 'receivedtimestamp', ...KEYWORD_FIELDS) },
  { weight: 4, arbitrary: pathArb },
);

/** Leaves and NOT/AND/OR trees in the parser's canonical form (and/or flattened, 2+ children). */
export const queryArb: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: fieldArb.chain(leafArb) },
    { weight: 1, arbitrary: tie('node').map((child): QueryNode => ({ type: 'not', child })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('node'), { minLength: 2, maxLength: 3 }))
        .map(([type, cs]) => flatten(type, cs)),
    },
  ),
})).node;

function flatten(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  return { type, children: children.flatMap((c) => (c.type === type ? c.children : [c])) };
}

// ---- printing ------------------------------------------------------------------------------

/** An unquoted word for `text`: every character other than an ASCII letter or digit escaped. */
function word(text: string): string {
  return [...text]
    .map((ch) => (/[A-Za-z0-9]/.test(ch) ? ch : `\\${ch}`))
    .join('')
    .replace(/^(AND|OR|NOT|TO)$/, '\\$1');
}

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** Printing choices (operator spellings, `-x` vs `NOT x`) come from `style`, so both forms get parsed. */
export function printQuery(node: QueryNode, style = 0): string {
  const pick = <T>(xs: T[]): T => xs[style % xs.length];
  const prefix = (field: FieldRef) => (field === null ? '' : `${field}:`);
  switch (node.type) {
    case 'matchAll':
      return '*';
    case 'and':
    case 'or': {
      const op = node.type === 'and' ? pick([' AND ', ' && ', ' ']) : pick([' OR ', ' || ']);
      return `(${node.children.map((c, i) => printQuery(c, style + i)).join(op)})`;
    }
    case 'not':
      return `${pick(['NOT ', '-', '!'])}${printQuery(node.child, style + 1)}`;
    case 'term':
      return prefix(node.field) + word(node.value);
    case 'phrase':
      return prefix(node.field) + quoted(node.value);
    case 'wildcard':
      return (
        prefix(node.field) +
        node.parts.map((p) => (p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : word(p.text))).join('')
      );
    case 'regex':
      return `${prefix(node.field)}/${node.pattern.replace(/\//g, '\\/')}/`;
    case 'range': {
      const { lower, upper } = node;
      if (lower && upper) {
        return `${prefix(node.field)}${lower.inclusive ? '[' : '{'}${quoted(lower.value)} TO ${quoted(upper.value)}${upper.inclusive ? ']' : '}'}`;
      }
      if (lower)
        return `${prefix(node.field)}${pick([true, false]) ? `${lower.inclusive ? '>=' : '>'}${quoted(lower.value)}` : `${lower.inclusive ? '[' : '{'}${quoted(lower.value)} TO *]`}`;
      return `${prefix(node.field)}${pick([true, false]) ? `${upper!.inclusive ? '<=' : '<'}${quoted(upper!.value)}` : `[* TO ${quoted(upper!.value)}${upper!.inclusive ? ']' : '}'}`}`;
    }
    case 'exists':
      return pick([true, false]) ? `_exists_:${node.field}` : `${node.field}:*`;
    case 'fieldRef':
      throw new Error('field comparisons have no Lucene syntax');
  }
}
