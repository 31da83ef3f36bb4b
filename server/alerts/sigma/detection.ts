// A Sigma detection item (`Field|mod|mod: value(s)`) → a node of Picket's query AST, so a Sigma
// rule runs on the same matcher as Lucene rules in the stream, and on the same SQL when a window is
// rebuilt or a draft is back-tested. Sigma semantics kept: plain values are case-insensitive and
// whole-value, lists are OR (AND with |all), maps are AND, wildcards * and ? with \ escaping,
// keywords search every text value of the event.
import { ANY_FIELD, type QueryNode, type WildcardPart } from '../../store/query/ast.ts';
import { cidrTerm } from '../../store/query/cidr.ts';
import { fieldInfo } from '../../store/query/fields.ts';
import { type FieldStyle, sigmaFields } from './field-mapping.ts';
import { encodeUtf16, UTF16_MODS } from './encoding.ts';
import { sigmaRegex } from './sigma-regex.ts';
import { expandPlaceholders } from './placeholders.ts';
import { SigmaError } from './sigma-error.ts';

const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_WINDASH_VARIANTS = 625;
/** Modifiers the Sigma spec defines that Picket does not evaluate, each with why. */
const TIME_MODS = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);
const TRANSFORMS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'base64',
  'base64offset',
  'windash',
  'cased',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'neq',
  'fieldref',
  ...UTF16_MODS,
]);
/** What a keyword (a value without a field) may carry: it is always a case-insensitive substring. */
const KEYWORD_MODS = new Set(['all', 'contains', 'windash', 'base64', 'base64offset', ...UTF16_MODS]);

type Scalar = string | number | boolean | null;

/** Sigma wildcard syntax → parts: `*`, `?`, and `\` escaping `*`, `?` and `\` (other backslashes are literal). */
export function sigmaParts(s: string): WildcardPart[] {
  const parts: WildcardPart[] = [];
  let lit = '';
  const flush = () => {
    if (lit) parts.push({ kind: 'literal', text: lit });
    lit = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && (s[i + 1] === '*' || s[i + 1] === '?' || s[i + 1] === '\\')) {
      lit += s[++i];
    } else if (c === '*' || c === '?') {
      flush();
      parts.push({ kind: c === '*' ? 'any' : 'one' });
    } else lit += c;
  }
  flush();
  return parts;
}

const literalOf = (parts: WildcardPart[]) =>
  parts.every((p) => p.kind === 'literal') ? parts.map((p) => (p as { text: string }).text).join('') : null;
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function partsRegex(parts: WildcardPart[]): string {
  return parts
    .map((p) => (p.kind === 'any' ? '.*' : p.kind === 'one' ? '.' : p.text.replace(REGEX_SYNTAX, '\\$&')))
    .join('');
}

function base64Variants(buf: Buffer, offsets: boolean): string[] {
  if (!offsets) return [buf.toString('base64')];
  // The three alignments of the value inside a longer base64 text (as Sigma/pySigma compute them).
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), buf]).toString('base64');
    return enc.slice(start[i], end[(buf.length + i) % 3]);
  });
}

/** Every spelling of a Windows command-line flag: `-x` also as `/x`, `–x`, `—x`, `―x`. */
function windashVariants(s: string): string[] {
  const positions: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if ((s[i] === '-' || s[i] === '/') && (i === 0 || !/\w/.test(s[i - 1])) && /\w/.test(s[i + 1] ?? ''))
      positions.push(i);
  }
  if (WINDASH.length ** positions.length > MAX_WINDASH_VARIANTS)
    throw new SigmaError(`Sigma: |windash on "${s}" has too many flag variants`);
  let out = [s];
  for (const pos of positions) out = out.flatMap((v) => WINDASH.map((d) => v.slice(0, pos) + d + v.slice(pos + 1)));
  return out;
}

const or = (children: QueryNode[]): QueryNode => (children.length === 1 ? children[0] : { type: 'or', children });
const and = (children: QueryNode[]): QueryNode => (children.length === 1 ? children[0] : { type: 'and', children });

/** The field names of a detection key mapped for its logsource. */
export type FieldMapper = (name: string) => string[];

export function fieldMapper(style: FieldStyle): FieldMapper {
  return (name) => sigmaFields(name, style);
}

function checkModifiers(key: string, mods: string[], keyword: boolean): void {
  for (const m of mods) {
    if (m === 'expand') {
      if (keyword) throw new SigmaError(`Sigma: |expand on "${key}" needs a field`);
      continue;
    }
    if (TIME_MODS.has(m)) throw new SigmaError(`Sigma: the time modifier |${m} on "${key}" is not supported`);
    if (!TRANSFORMS.has(m)) throw new SigmaError(`Sigma: unknown modifier |${m} on "${key}"`);
    if (keyword && !KEYWORD_MODS.has(m))
      throw new SigmaError(`Sigma: |${m} needs a field (keywords are matched as text anywhere in the event)`);
  }
  if (['i', 'm', 's'].some((f) => mods.includes(f)) && !mods.includes('re')) {
    throw new SigmaError(`Sigma: |i, |m and |s on "${key}" are flags of |re and need it`);
  }
  const utf = mods.findIndex((m) => UTF16_MODS.includes(m));
  if (utf >= 0) {
    const b64 = mods.findIndex((m) => m === 'base64' || m === 'base64offset');
    if (b64 < utf) {
      throw new SigmaError(
        `Sigma: |${mods[utf]} on "${key}" is supported only followed by |base64 or |base64offset (events hold text, not UTF-16 bytes)`,
      );
    }
  }
}

/**
 * One `field|mods: values` entry. A key with no field (a keyword list, or `'|all'`) searches every
 * text value of the event; a field standing for several Picket fields matches when any does.
 */
export function detectionItem(key: string | null, rawValues: Scalar | Scalar[], mapField: FieldMapper): QueryNode {
  const segments = key === null ? [''] : key.split('|');
  const fieldName = segments[0];
  const mods = segments.slice(1);
  const keyword = fieldName === '';
  const label = key ?? 'keywords';
  checkModifiers(label, mods, keyword);
  const has = (m: string) => mods.includes(m);
  const given = Array.isArray(rawValues) ? rawValues : [rawValues];
  // |expand: placeholders become the values an administrator defined for them (placeholders.ts).
  const values: Scalar[] = has('expand')
    ? given.flatMap((v): Scalar[] => (typeof v === 'string' ? expandPlaceholders(v, label) : [v]))
    : given;
  if (values.length === 0) throw new SigmaError(`Sigma: "${label}" has an empty list of values`);
  const fields = keyword ? [ANY_FIELD] : mapField(fieldName);
  let node: QueryNode;
  if (has('fieldref')) {
    node = fieldRefNode(label, fields, values, mods, mapField);
  } else {
    const perValue = values.map((v) => {
      // "Absent" must hold for every spelling of the field: not(any exists), never any not-exists.
      if (!keyword && (v === null || (has('exists') && v === false))) {
        return {
          type: 'not',
          child: or(fields.map((f) => or(valueNodes(f, label, true, ['exists'], (m) => m === 'exists')))),
        } as QueryNode;
      }
      return or(fields.map((f) => or(valueNodes(f === ANY_FIELD ? null : f, label, v, mods, has))));
    });
    node = has('all') ? and(perValue) : or(perValue);
  }
  return has('neq') ? { type: 'not', child: node } : node;
}

function fieldRefNode(
  key: string,
  fields: string[],
  values: Scalar[],
  mods: string[],
  mapField: FieldMapper,
): QueryNode {
  const extra = mods.filter((m) => !['fieldref', 'cased', 'neq', 'all'].includes(m));
  if (extra.length)
    throw new SigmaError(`Sigma: |fieldref on "${key}" cannot be combined with |${extra[0]} (only |cased and |neq)`);
  const comparable = (f: string) => ['text', 'keyword', 'details'].includes(fieldInfo(f).kind);
  const perValue = values.map((v) => {
    if (typeof v !== 'string' || v === '')
      throw new SigmaError(`Sigma: |fieldref on "${key}" needs field names as values`);
    const others = mapField(v);
    if (![...fields, ...others].every(comparable))
      throw new SigmaError(`Sigma: |fieldref on "${key}" compares single-valued fields only (not tags or dates)`);
    return or(
      fields.flatMap((field) =>
        others.map((other): QueryNode => ({ type: 'fieldRef', field, other, ignoreCase: !mods.includes('cased') })),
      ),
    );
  });
  return mods.includes('all') ? and(perValue) : or(perValue);
}

function valueNodes(
  field: string | null,
  key: string,
  v: Scalar,
  mods: string[],
  has: (m: string) => boolean,
): QueryNode[] {
  if (typeof v === 'object' && v !== null)
    throw new SigmaError(`Sigma: "${key}" holds a nested object; values must be scalars or lists of scalars`);
  if (has('exists')) {
    if (typeof v !== 'boolean' || field === null)
      throw new SigmaError(`Sigma: |exists on "${key}" needs a field and true or false`);
    const node: QueryNode = { type: 'exists', field };
    return [v ? node : { type: 'not', child: node }];
  }
  if (v === null) {
    if (field === null) throw new SigmaError('Sigma: a keyword cannot be null');
    return [{ type: 'not', child: { type: 'exists', field } }];
  }
  const cmp = ['gt', 'gte', 'lt', 'lte'].filter(has);
  if (cmp.length) {
    if (cmp.length > 1 || mods.length > 1 || field === null)
      throw new SigmaError(`Sigma: |${cmp[0]} on "${key}" cannot be combined with other modifiers`);
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw new SigmaError(`Sigma: |${cmp[0]} on "${key}" needs a number`);
    const bound = { value: String(n), inclusive: cmp[0].endsWith('e') };
    return [
      {
        type: 'range',
        field,
        lower: cmp[0].startsWith('g') ? bound : null,
        upper: cmp[0].startsWith('l') ? bound : null,
      },
    ];
  }
  if (has('cidr')) {
    if (field === null || fieldInfo(field).kind !== 'details')
      throw new SigmaError(`Sigma: |cidr on "${key}" needs a details field (mapped to ${field ?? 'keywords'})`);
    if (typeof v !== 'string' || !cidrTerm(v))
      throw new SigmaError(`Sigma: "${String(v)}" is not a CIDR network (|cidr on "${key}")`);
    return [{ type: 'term', field, value: v }];
  }
  if (has('re')) {
    if (field === null) throw new SigmaError('Sigma: |re needs a field');
    return [sigmaRegex(field, key, String(v), { i: has('i'), m: has('m'), s: has('s') })];
  }
  if (typeof v !== 'string' && (has('base64') || has('base64offset') || has('windash'))) {
    throw new SigmaError(
      `Sigma: |${mods.find((m) => ['base64', 'base64offset', 'windash'].includes(m))} on "${key}" needs a string`,
    );
  }
  // Numbers and booleans without string modifiers: exact (22 matches 22 and "22").
  const stringMods = mods.some((m) =>
    ['contains', 'startswith', 'endswith', 'base64', 'base64offset', 'windash'].includes(m),
  );
  if (typeof v !== 'string' && !stringMods) {
    if (field === null) return [{ type: 'phrase', field: ANY_FIELD, value: String(v) }];
    return [{ type: 'term', field, value: String(v) }];
  }
  let texts = [String(v)];
  if (has('windash')) texts = texts.flatMap(windashVariants);
  let partsList = texts.map(sigmaParts);
  if (has('base64') || has('base64offset')) {
    const utf16 = mods.find((m) => UTF16_MODS.includes(m));
    partsList = partsList.flatMap((parts) => {
      const lit = literalOf(parts);
      if (lit === null) throw new SigmaError(`Sigma: |base64 on "${key}" cannot be combined with wildcards`);
      const bytes = utf16 ? encodeUtf16(lit, utf16) : Buffer.from(lit, 'utf8');
      return base64Variants(bytes, has('base64offset')).map((t): WildcardPart[] => [{ kind: 'literal', text: t }]);
    });
  }
  const contains = has('contains') || (has('base64offset') && !has('startswith') && !has('endswith'));
  const any: WildcardPart = { kind: 'any' };
  return partsList.map((parts) => {
    let p = parts;
    if (contains || has('endswith')) p = [any, ...p];
    if (contains || has('startswith')) p = [...p, any];
    return leaf(field, p, has('cased'));
  });
}

function leaf(field: string | null, parts: WildcardPart[], cased: boolean): QueryNode {
  const lit = literalOf(parts);
  if (field === null) {
    // Keywords: a case-insensitive substring of any text value of the event.
    return lit !== null
      ? { type: 'phrase', field: ANY_FIELD, value: lit }
      : { type: 'wildcard', field: ANY_FIELD, parts };
  }
  if (!cased) return { type: 'wildcard', field, parts };
  if (lit !== null) return { type: 'phrase', field, value: lit };
  return { type: 'regex', field, pattern: partsRegex(parts) };
}
