// Compiles a query AST to a parameterized boolean SQL expression over the `events` columns.
// User text only ever travels as a parameter; the SQL text is built from constants.
//
// Every leaf yields TRUE or FALSE, never NULL (missing JSON paths are COALESCEd), so NOT behaves
// like the in-memory matcher. Shapes are chosen for the indexes in db/migrations/0001_events.sql:
// details terms are `details @> $n::jsonb` (GIN jsonb_path_ops), tags terms `tags @> ARRAY[$n]`
// (GIN), category/hostname terms `col = $n` (btree), date ranges `utctimestamp >= $n` (btree and
// partition pruning).
import type {
  ExistsNode,
  FieldRefNode,
  QueryNode,
  RangeNode,
  RegexNode,
  TermNode,
  PhraseNode,
  WildcardNode,
  WildcardPart,
} from './ast.ts';
import { ANY_TEXT_COLUMNS, detailsTextPrefilter } from './any-value.ts';
import { cidrTerm, V4_SQL_RE, V6_SQL_RE } from './cidr.ts';
import { fieldInfo, type FieldInfo } from './fields.ts';
import { explicitClassEscapes } from './sql-regex.ts';
import { pgTimestamp } from '../time-range.ts';
import {
  DECIMAL_SQL_RE,
  dateRangeResolvers,
  detailsTermValues,
  likePattern,
  rangeMode,
  regexCaseInsensitive,
  regexSource,
} from './values.ts';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly offset: number) {}

  /** Registers a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.offset + this.values.length}`;
  }
}

interface Ctx {
  params: Params;
  /** Relative dates (now-1h) are resolved once per compilation. */
  now: Date;
  /** Whether free text may use the summary trigram index (CompileOptions.summaryIndex). */
  summaryIndex: boolean;
}

export interface CompileOptions {
  /**
   * false: free text on `summary` is compiled as `(summary || '')`, an expression the trigram index
   * does not cover, so the planner narrows by the query's other conditions. Same rows (the column
   * is NOT NULL). Default true.
   */
  summaryIndex?: boolean;
}

/** The column a text field's predicate reads; summary unindexed when the options ask for it. */
function textColumn(column: string, ctx: Ctx): string {
  return column === 'summary' && !ctx.summaryIndex ? "(summary || '')" : column;
}

// Alias for array elements inside EXISTS sub-selects; the outer columns stay unqualified.
const EL = 'q_el';

/** Text of a JSON scalar (as `#>>` prints it); NULL for objects, arrays and null. */
function jsonText(v: string): string {
  return `(CASE WHEN jsonb_typeof(${v}) IN ('string', 'number', 'boolean') THEN ${v} #>> '{}' END)`;
}

/** A JSON number, or a string that is a plain decimal; the CASE guards the cast so it cannot fail. */
function jsonNumeric(v: string): string {
  return (
    `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v} #>> '{}')::numeric` +
    ` WHEN jsonb_typeof(${v}) = 'string' AND (${v} #>> '{}') ~ '${DECIMAL_SQL_RE}' THEN (${v} #>> '{}')::numeric END)`
  );
}

function textNumeric(e: string): string {
  return `(CASE WHEN ${e} ~ '${DECIMAL_SQL_RE}' THEN (${e})::numeric END)`;
}

type ValueKind = 'text' | 'numeric';

/**
 * `#>` indexes into arrays for integer path elements, but the query language walks objects only
 * (as `@>` containment does), so require an object before every element that could be an index.
 */
function objectGuards(path: string[], ctx: Ctx): string[] {
  const guards: string[] = [];
  path.forEach((seg, i) => {
    if (i > 0 && /^-?\d/.test(seg)) {
      guards.push(`COALESCE(jsonb_typeof(details #> ${ctx.params.add(path.slice(0, i))}::text[]) = 'object', false)`);
    }
  });
  return guards;
}

function guarded(guards: string[], sql: string): string {
  return guards.length ? `(${[...guards, sql].join(' AND ')})` : sql;
}

/**
 * TRUE when any value of the field satisfies `pred`: the column value, any tag, or the details leaf
 * (a scalar, or any scalar element when it is an array). `pred` must only use placeholders that
 * were registered before the call, since it is expanded more than once.
 */
function anyValue(
  info: FieldInfo,
  kind: ValueKind,
  ctx: Ctx,
  pred: (e: string) => string,
  likeParts?: WildcardPart[],
): string {
  switch (info.kind) {
    case 'any': {
      if (kind !== 'text') throw new Error('unsupported comparison on every field');
      // Every scalar at any depth (strict: no lax-mode array unwrapping, so none is seen twice).
      // The details walk is costly, so a cheap necessary test on the JSON text guards it.
      const hint = likeParts ? detailsTextPrefilter(likeParts) : null;
      const walk = `EXISTS (SELECT 1 FROM jsonb_path_query(details, 'strict $.**') AS ${EL}(v) WHERE ${pred(jsonText(`${EL}.v`))})`;
      const details = hint === null ? walk : `(details::text ILIKE ${ctx.params.add(hint)} AND ${walk})`;
      const tags = `EXISTS (SELECT 1 FROM unnest(tags) AS ${EL}(v) WHERE ${pred(`${EL}.v`)})`;
      return `(${[...ANY_TEXT_COLUMNS.map((c) => pred(c)), tags, details].join(' OR ')})`;
    }
    case 'text':
    case 'keyword': {
      const col = info.kind === 'keyword' && info.upper ? `upper(${info.column})` : textColumn(info.column, ctx);
      return kind === 'text' ? pred(col) : `COALESCE(${pred(textNumeric(col))}, false)`;
    }
    case 'tags': {
      const e = kind === 'text' ? `${EL}.v` : textNumeric(`${EL}.v`);
      return `EXISTS (SELECT 1 FROM unnest(tags) AS ${EL}(v) WHERE ${pred(e)})`;
    }
    case 'details': {
      const guards = objectGuards(info.path, ctx);
      const leaf = `(details #> ${ctx.params.add(info.path)}::text[])`;
      const conv = kind === 'text' ? jsonText : jsonNumeric;
      const elements = `jsonb_array_elements(CASE WHEN jsonb_typeof(${leaf}) = 'array' THEN ${leaf} END)`;
      return guarded(
        guards,
        `(COALESCE(${pred(conv(leaf))}, false) OR EXISTS (SELECT 1 FROM ${elements} AS ${EL}(v) WHERE ${pred(conv(`${EL}.v`))}))`,
      );
    }
    default:
      throw new Error(`unsupported field for this query: ${info.kind}`);
  }
}

/** Containment object for a details path: ['a','b'] + v → {"a":{"b":v}}. */
function nest(path: string[], leaf: unknown): unknown {
  // Computed keys define own properties, so even "__proto__" serializes as a plain key.
  return path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), leaf);
}

function dateRange(column: string, node: RangeNode, ctx: Ctx): string {
  const { lower, upper } = dateRangeResolvers(node);
  const conds: string[] = [];
  if (lower && node.lower) {
    conds.push(
      `${column} ${node.lower.inclusive ? '>=' : '>'} ${ctx.params.add(pgTimestamp(lower(ctx.now)))}::timestamptz`,
    );
  }
  if (upper && node.upper) {
    conds.push(
      `${column} ${node.upper.inclusive ? '<=' : '<'} ${ctx.params.add(pgTimestamp(upper(ctx.now)))}::timestamptz`,
    );
  }
  return conds.length === 1 ? conds[0] : `(${conds.join(' AND ')})`;
}

function term(node: TermNode | PhraseNode, ctx: Ctx): string {
  const info = fieldInfo(node.field);
  const v = node.value;
  const p = ctx.params;
  switch (info.kind) {
    case 'text':
      return `${textColumn(info.column, ctx)} ILIKE ${p.add(likePattern([{ kind: 'literal', text: v }], true))}`;
    case 'any': {
      const parts: WildcardPart[] = [{ kind: 'literal', text: v }];
      const ph = p.add(likePattern(parts, true));
      return anyValue(info, 'text', ctx, (e) => `${e} ILIKE ${ph}`, parts);
    }
    case 'keyword':
      return info.upper ? `upper(${info.column}) = ${p.add(v.toUpperCase())}` : `${info.column} = ${p.add(v)}`;
    case 'tags':
      return `tags @> ARRAY[${p.add(v)}]::text[]`;
    case 'id':
      return `id = ${p.add(v.toLowerCase())}::uuid`;
    case 'date':
      return dateRange(
        info.column,
        {
          type: 'range',
          field: node.field,
          lower: { value: v, inclusive: true },
          upper: { value: v, inclusive: true },
        },
        ctx,
      );
    case 'details': {
      const cidr = node.type === 'term' ? cidrTerm(v) : null;
      if (cidr) {
        // The literal text, or an address inside the network; the shape regex guards the cast.
        const lit = p.add(v);
        const shape = p.add(cidr.version === 4 ? V4_SQL_RE : V6_SQL_RE);
        const net = `network(set_masklen(${p.add(cidr.addr)}::inet, ${p.add(cidr.prefix)}::int))`;
        return anyValue(
          info,
          'text',
          ctx,
          (e) => `(${e} = ${lit} OR (${e} ~ ${shape} AND COALESCE(picket_try_inet(${e}) <<= ${net}, false)))`,
        );
      }
      // Each alternative is its own containment so the GIN index serves every branch of the OR;
      // the [v] forms match arrays holding v ({"a":[1,2]} does not contain {"a":1}).
      const alts = detailsTermValues(v).flatMap((value) => [nest(info.path, value), nest(info.path, [value])]);
      return `(${alts.map((a) => `details @> ${p.add(JSON.stringify(a))}::jsonb`).join(' OR ')})`;
    }
  }
}

function wildcard(node: WildcardNode, ctx: Ctx): string {
  const info = fieldInfo(node.field);
  const substring = info.kind === 'text' || info.kind === 'any';
  const ph = ctx.params.add(likePattern(node.parts, substring));
  return anyValue(info, 'text', ctx, (e) => `${e} ILIKE ${ph}`, node.parts);
}

function regex(node: RegexNode, ctx: Ctx): string {
  const info = fieldInfo(node.field);
  // Class escapes spelled out, so the database's ctype cannot widen \w or narrow \s. The embedded
  // option (?w) makes ^ and $ match at newlines while `.` still spans them, as RE2's DOTALL|MULTILINE.
  const multiline = node.flags?.multiline === true ? '(?w)' : '';
  const ph = ctx.params.add(multiline + explicitClassEscapes(regexSource(node.pattern, info)));
  const op = regexCaseInsensitive(info) || node.flags?.ignoreCase === true ? '~*' : '~';
  return anyValue(info, 'text', ctx, (e) => `${e} ${op} ${ph}`);
}

function range(node: RangeNode, ctx: Ctx): string {
  const info = fieldInfo(node.field);
  const mode = rangeMode(info, node);
  if (info.kind === 'date') return dateRange(info.column, node, ctx);
  const fold = info.kind === 'keyword' && info.upper ? (s: string) => s.toUpperCase() : (s: string) => s;
  const bounds: Array<[string, string]> = [];
  const cast = mode === 'numeric' ? '::numeric' : '::text';
  if (node.lower) bounds.push([node.lower.inclusive ? '>=' : '>', ctx.params.add(fold(node.lower.value)) + cast]);
  if (node.upper) bounds.push([node.upper.inclusive ? '<=' : '<', ctx.params.add(fold(node.upper.value)) + cast]);
  // Lexical order is code point order (C collation), whatever the database's collation is.
  const lhs = mode === 'numeric' ? (e: string) => e : (e: string) => `(${e} COLLATE "C")`;
  return anyValue(info, mode === 'numeric' ? 'numeric' : 'text', ctx, (e) => {
    const conds = bounds.map(([op, ph]) => `${lhs(e)} ${op} ${ph}`);
    // Parenthesized: the result may be negated or AND/OR-ed as one operand.
    return conds.length === 1 ? conds[0] : `(${conds.join(' AND ')})`;
  });
}

function exists(node: ExistsNode, ctx: Ctx): string {
  const info = fieldInfo(node.field);
  if (info.kind === 'tags') return 'cardinality(tags) > 0';
  if (info.kind !== 'details') return 'TRUE'; // the columns are NOT NULL
  const guards = objectGuards(info.path, ctx);
  // A JSON null counts as absent, as in Elasticsearch.
  return guarded(guards, `COALESCE(jsonb_typeof(details #> ${ctx.params.add(info.path)}::text[]) <> 'null', false)`);
}

/** The text of the field's one scalar value, or NULL (arrays, objects, absent). */
function scalarSql(field: string, ctx: Ctx): string {
  const info = fieldInfo(field);
  switch (info.kind) {
    case 'text':
    case 'keyword':
      return info.column;
    case 'details': {
      const guards = objectGuards(info.path, ctx);
      const text = jsonText(`(details #> ${ctx.params.add(info.path)}::text[])`);
      return guards.length ? `(CASE WHEN ${guards.join(' AND ')} THEN ${text} END)` : text;
    }
    default:
      throw new Error(`unsupported field for a field comparison: ${info.kind}`);
  }
}

function fieldRef(node: FieldRefNode, ctx: Ctx): string {
  const a = scalarSql(node.field, ctx);
  const b = scalarSql(node.other, ctx);
  return node.ignoreCase
    ? `COALESCE(lower(${a} COLLATE "C") = lower(${b} COLLATE "C"), false)`
    : `COALESCE(${a} = ${b}, false)`;
}

function compile(node: QueryNode, ctx: Ctx): string {
  switch (node.type) {
    case 'matchAll':
      return 'TRUE';
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.type === 'and' ? 'TRUE' : 'FALSE';
      const parts = node.children.map((c) => compile(c, ctx));
      return parts.length === 1 ? parts[0] : `(${parts.join(node.type === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `(NOT ${compile(node.child, ctx)})`;
    case 'term':
    case 'phrase':
      return term(node, ctx);
    case 'wildcard':
      return wildcard(node, ctx);
    case 'regex':
      return regex(node, ctx);
    case 'range':
      return range(node, ctx);
    case 'exists':
      return exists(node, ctx);
    case 'fieldRef':
      return fieldRef(node, ctx);
  }
}

/**
 * A boolean SQL expression (no table alias) for `WHERE`, with placeholders numbered from
 * `$<paramOffset + 1>` so it can be spliced after other parameters.
 */
export function compileToSql(node: QueryNode, paramOffset = 0, opts: CompileOptions = {}): SqlFragment {
  if (!Number.isInteger(paramOffset) || paramOffset < 0) throw new RangeError(`invalid paramOffset ${paramOffset}`);
  const ctx: Ctx = { params: new Params(paramOffset), now: new Date(), summaryIndex: opts.summaryIndex ?? true };
  const sql = compile(node, ctx);
  return { sql, params: ctx.params.values };
}
