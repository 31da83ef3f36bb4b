// Compiles a query AST to Elasticsearch/OpenSearch Query DSL over the document layout of
// event-document.ts, with the semantics compile-sql.ts and match-event.ts implement (the
// equivalence suite runs all three over the same fixtures). User text only travels as values.
import type {
  ExistsNode,
  PhraseNode,
  QueryNode,
  RangeNode,
  RegexNode,
  TermNode,
  WildcardNode,
  WildcardPart,
} from '../query/index.ts';
import { cidrTerm } from '../query/cidr.ts';
import { fieldInfo, type FieldInfo } from '../query/fields.ts';
import { toLuceneRegex } from '../query/lucene-regex.ts';
import { dateRangeResolvers, detailsTermValues, rangeMode, regexCaseInsensitive } from '../query/values.ts';
import { QueryRefusedError } from '../query-timeout.ts';

export type Dsl = Record<string, unknown>;

const MATCH_ALL: Dsl = { match_all: {} };
const MATCH_NONE: Dsl = { match_none: {} };

/** Lucene wildcard syntax: `*`, `?` and `\` are the only special characters. */
function wildcardValue(parts: WildcardPart[], substring: boolean): string {
  const body = parts
    .map((p) => (p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : p.text.replace(/[\\*?]/g, '\\$&')))
    .join('');
  return substring ? `*${body}*` : body;
}

const or = (should: Dsl[]): Dsl => (should.length === 1 ? should[0] : { bool: { should, minimum_should_match: 1 } });
const and = (filter: Dsl[]): Dsl => (filter.length === 1 ? filter[0] : { bool: { filter } });

/** Leaf documents of a details path: "some value at this path satisfies `cond`". */
function leafQuery(path: string[], cond: Dsl): Dsl {
  return { nested: { path: 'x.leaf', query: and([{ term: { 'x.leaf.p': path.join('.') } }, cond]) } };
}

/** The field holding a column's text for wildcard / regex / lexical matches. */
function textField(info: FieldInfo): string {
  switch (info.kind) {
    case 'text':
      return 'summary';
    case 'keyword':
      return info.upper ? 'x.sev' : info.column;
    case 'tags':
      return 'tags';
    case 'any':
      return unsupported('A keyword search over every field (Sigma keywords)');
    default:
      return unsupported(
        `This kind of match on ${info.kind === 'id' ? 'the event id' : info.kind === 'date' ? 'a timestamp' : 'this field'}`,
      );
  }
}

/** `make(field)` applied to the field's text values: the column, any tag, or any details leaf. */
function anyText(info: FieldInfo, make: (field: string) => Dsl): Dsl {
  return info.kind === 'details' ? leafQuery(info.path, make('x.leaf.s')) : make(textField(info));
}

function anyNumber(info: FieldInfo, make: (field: string) => Dsl): Dsl {
  switch (info.kind) {
    case 'text':
      return make('x.num.summary');
    case 'keyword':
      return make(`x.num.${info.column}`);
    case 'tags':
      return make('x.num.tags');
    case 'details':
      return leafQuery(info.path, make('x.leaf.n'));
    default:
      return unsupported(
        `This kind of match on ${info.kind === 'id' ? 'the event id' : info.kind === 'date' ? 'a timestamp' : 'this field'}`,
      );
  }
}

function dateRange(column: string, node: RangeNode, now: Date): Dsl {
  const { lower, upper } = dateRangeResolvers(node);
  const r: Dsl = { format: 'strict_date_optional_time' };
  if (lower && node.lower) r[node.lower.inclusive ? 'gte' : 'gt'] = lower(now).toISOString();
  if (upper && node.upper) r[node.upper.inclusive ? 'lte' : 'lt'] = upper(now).toISOString();
  return { range: { [column]: r } };
}

function term(node: TermNode | PhraseNode, now: Date): Dsl {
  const info = fieldInfo(node.field);
  const v = node.value;
  switch (info.kind) {
    case 'text':
      return {
        wildcard: { summary: { value: wildcardValue([{ kind: 'literal', text: v }], true), case_insensitive: true } },
      };
    case 'any':
      return unsupported('A keyword search over every field (Sigma keywords)');
    case 'keyword':
      return info.upper ? { term: { 'x.sev': v.toUpperCase() } } : { term: { [info.column]: v } };
    case 'tags':
      return { term: { tags: v } };
    case 'id':
      return { term: { id: v.toLowerCase() } };
    case 'date':
      return dateRange(
        info.column,
        {
          type: 'range',
          field: node.field,
          lower: { value: v, inclusive: true },
          upper: { value: v, inclusive: true },
        },
        now,
      );
    case 'details': {
      const cidr = node.type === 'term' ? cidrTerm(v) : null;
      if (cidr) {
        const ipField = cidr.version === 4 ? 'x.leaf.ip4' : 'x.leaf.ip6';
        return leafQuery(
          info.path,
          or([
            and([{ term: { 'x.leaf.k': 'string' } }, { term: { 'x.leaf.s': v } }]),
            { term: { [ipField]: `${cidr.addr}/${cidr.prefix}` } },
          ]),
        );
      }
      // Exact JSON value: the string, the number it spells, the boolean it spells.
      const alts = detailsTermValues(v).map((value) =>
        typeof value === 'number'
          ? and([{ term: { 'x.leaf.k': 'number' } }, { term: { 'x.leaf.n': value } }])
          : and([{ term: { 'x.leaf.k': typeof value } }, { term: { 'x.leaf.s': String(value) } }]),
      );
      return leafQuery(info.path, or(alts));
    }
  }
}

function wildcard(node: WildcardNode): Dsl {
  const info = fieldInfo(node.field);
  const value = wildcardValue(node.parts, info.kind === 'text');
  return anyText(info, (f) => ({ wildcard: { [f]: { value, case_insensitive: true } } }));
}

/**
 * Query shapes the search engine layout cannot express (mostly Sigma-only ones): refused, never
 * approximated, as the user's query to change (400), not a server failure.
 */
function unsupported(what: string): never {
  throw new QueryRefusedError(`${what} is not supported with the search-engine event store (it is with Postgres)`);
}

function regex(node: RegexNode): Dsl {
  const info = fieldInfo(node.field);
  if (node.flags?.multiline) unsupported('A multiline regex (Sigma |re|m)');
  const ci = regexCaseInsensitive(info) || node.flags?.ignoreCase === true;
  const value = toLuceneRegex(node.pattern, info.kind !== 'text', ci);
  // NONE: `&`, `~`, `<>`, `@`, `#` stay literal characters, as in the JS/Postgres dialect.
  return anyText(info, (f) => ({ regexp: { [f]: { value, flags: 'NONE', case_insensitive: ci } } }));
}

function range(node: RangeNode, now: Date): Dsl {
  const info = fieldInfo(node.field);
  if (info.kind === 'date') return dateRange(info.column, node, now);
  const mode = rangeMode(info, node);
  const fold = info.kind === 'keyword' && info.upper ? (s: string) => s.toUpperCase() : (s: string) => s;
  const conv = mode === 'numeric' ? (s: string) => Number(s) : fold;
  const r: Dsl = {};
  if (node.lower) r[node.lower.inclusive ? 'gte' : 'gt'] = conv(node.lower.value);
  if (node.upper) r[node.upper.inclusive ? 'lte' : 'lt'] = conv(node.upper.value);
  // Keyword ranges compare UTF-8 bytes, which is code point order, as the other back ends do.
  return mode === 'numeric'
    ? anyNumber(info, (f) => ({ range: { [f]: r } }))
    : anyText(info, (f) => ({ range: { [f]: r } }));
}

function exists(node: ExistsNode): Dsl {
  const info = fieldInfo(node.field);
  if (info.kind === 'tags') return { exists: { field: 'tags' } };
  if (info.kind !== 'details') return MATCH_ALL;
  return { term: { 'x.paths': info.path.join('.') } };
}

function compile(node: QueryNode, now: Date): Dsl {
  switch (node.type) {
    case 'matchAll':
      return MATCH_ALL;
    case 'and':
      if (node.children.length === 0) return MATCH_ALL;
      return and(node.children.map((c) => compile(c, now)));
    case 'or':
      if (node.children.length === 0) return MATCH_NONE;
      return or(node.children.map((c) => compile(c, now)));
    case 'not':
      return { bool: { must_not: [compile(node.child, now)] } };
    case 'term':
    case 'phrase':
      return term(node, now);
    case 'wildcard':
      return wildcard(node);
    case 'regex':
      return regex(node);
    case 'range':
      return range(node, now);
    case 'exists':
      return exists(node);
    case 'fieldRef':
      return unsupported('Comparing two fields (Sigma |fieldref)');
  }
}

/** A filter-context query (no scoring); relative dates resolve against `now`. */
export function compileToDsl(node: QueryNode, now = new Date()): Dsl {
  return compile(node, now);
}

/** The query plus the event-time window every search carries. */
export function windowedQuery(node: QueryNode, from: Date, to: Date): Dsl {
  return {
    bool: {
      filter: [
        {
          range: {
            utctimestamp: { gte: from.toISOString(), lte: to.toISOString(), format: 'strict_date_optional_time' },
          },
        },
        compileToDsl(node),
      ],
    },
  };
}
