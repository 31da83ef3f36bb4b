// A Sigma detection item (`Field|mod|mod: value(s)`) → a node of Picket's query AST, so a Sigma
// rule runs on the same matcher as Lucene rules in the stream, and on the same SQL when a window is
// rebuilt or a draft is back-tested. Sigma semantics kept: plain values are case-insensitive and
// whole-value, lists are OR (AND with |all), maps are AND, wildcards * and ? with \ escaping.
import type { QueryNode, WildcardPart } from '../../store/query/ast.ts';
import { cidrTerm } from '../../store/query/cidr.ts';
import { fieldInfo } from '../../store/query/fields.ts';
import { checkRegex } from '../../store/query/values.ts';
import { mapSigmaField } from './field-mapping.ts';
import { SigmaError } from './sigma-error.ts';

const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_WINDASH_VARIANTS = 625;
/** Modifiers the Sigma spec defines that Picket does not evaluate: named in the error. */
const KNOWN_UNSUPPORTED = new Set(['expand', 'fieldref', 'utf16', 'utf16le', 'utf16be', 'wide', 'i', 'm', 's', 'minute', 'hour', 'day', 'week', 'month', 'year']);
const TRANSFORMS = new Set(['contains', 'startswith', 'endswith', 'all', 'base64', 'base64offset', 'windash', 'cased', 're', 'cidr', 'exists', 'gt', 'gte', 'lt', 'lte']);

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

const literalOf = (parts: WildcardPart[]) => (parts.every((p) => p.kind === 'literal') ? parts.map((p) => (p as { text: string }).text).join('') : null);
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function partsRegex(parts: WildcardPart[]): string {
  return parts.map((p) => (p.kind === 'any' ? '.*' : p.kind === 'one' ? '.' : p.text.replace(REGEX_SYNTAX, '\\$&'))).join('');
}

function base64Variants(text: string, offsets: boolean): string[] {
  const buf = Buffer.from(text, 'utf8');
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
    if ((s[i] === '-' || s[i] === '/') && (i === 0 || !/\w/.test(s[i - 1])) && /\w/.test(s[i + 1] ?? '')) positions.push(i);
  }
  if (WINDASH.length ** positions.length > MAX_WINDASH_VARIANTS) throw new SigmaError(`Sigma: |windash on "${s}" has too many flag variants`);
  let out = [s];
  for (const pos of positions) out = out.flatMap((v) => WINDASH.map((d) => v.slice(0, pos) + d + v.slice(pos + 1)));
  return out;
}

const or = (children: QueryNode[]): QueryNode => (children.length === 1 ? children[0] : { type: 'or', children });
const and = (children: QueryNode[]): QueryNode => (children.length === 1 ? children[0] : { type: 'and', children });

/** One `field|mods: values` entry (field null = keywords, searched in the summary). */
export function detectionItem(key: string | null, rawValues: Scalar | Scalar[]): QueryNode {
  const segments = key === null ? [] : key.split('|');
  const fieldName = key === null ? null : segments[0];
  const mods = segments.slice(1);
  for (const m of mods) {
    if (KNOWN_UNSUPPORTED.has(m)) throw new SigmaError(`Sigma: the |${m} modifier is not supported`);
    if (!TRANSFORMS.has(m)) throw new SigmaError(`Sigma: unknown modifier |${m}`);
  }
  let field: string | null = null;
  if (fieldName !== null) {
    if (fieldName === '') throw new SigmaError('Sigma: a detection key has an empty field name');
    const mapped = mapSigmaField(fieldName);
    if ('error' in mapped) throw new SigmaError(mapped.error);
    field = mapped.field;
  }
  const has = (m: string) => mods.includes(m);
  const values = Array.isArray(rawValues) ? rawValues : [rawValues];
  if (values.length === 0) throw new SigmaError(`Sigma: "${key}" has an empty list of values`);
  const nodes = values.flatMap((v) => valueNodes(field, key ?? 'keywords', v, mods, has));
  return has('all') ? and(nodes) : or(nodes);
}

function valueNodes(field: string | null, key: string, v: Scalar, mods: string[], has: (m: string) => boolean): QueryNode[] {
  if (typeof v === 'object' && v !== null) throw new SigmaError(`Sigma: "${key}" holds a nested object; values must be scalars or lists of scalars`);
  if (has('exists')) {
    if (typeof v !== 'boolean' || field === null) throw new SigmaError(`Sigma: |exists on "${key}" needs a field and true or false`);
    const node: QueryNode = { type: 'exists', field };
    return [v ? node : { type: 'not', child: node }];
  }
  if (v === null) {
    if (field === null) throw new SigmaError('Sigma: a keyword cannot be null');
    return [{ type: 'not', child: { type: 'exists', field } }];
  }
  const cmp = ['gt', 'gte', 'lt', 'lte'].filter(has);
  if (cmp.length) {
    if (cmp.length > 1 || mods.length > 1 || field === null) throw new SigmaError(`Sigma: |${cmp[0]} on "${key}" cannot be combined with other modifiers`);
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw new SigmaError(`Sigma: |${cmp[0]} on "${key}" needs a number`);
    const bound = { value: String(n), inclusive: cmp[0].endsWith('e') };
    return [{ type: 'range', field, lower: cmp[0].startsWith('g') ? bound : null, upper: cmp[0].startsWith('l') ? bound : null }];
  }
  if (has('cidr')) {
    if (field === null || fieldInfo(field).kind !== 'details') throw new SigmaError(`Sigma: |cidr on "${key}" needs a details field (mapped to ${field ?? 'keywords'})`);
    if (typeof v !== 'string' || !cidrTerm(v)) throw new SigmaError(`Sigma: "${String(v)}" is not a CIDR network (|cidr on "${key}")`);
    return [{ type: 'term', field, value: v }];
  }
  if (has('re')) {
    if (field === null) throw new SigmaError('Sigma: |re needs a field');
    const pattern = String(v);
    const why = checkRegex(pattern);
    if (why) throw new SigmaError(`Sigma: the regular expression of "${key}" is not supported: ${why}`);
    // Sigma regexes search anywhere in the value; Picket's are anchored to the whole value.
    return [{ type: 'regex', field, pattern: `.*(?:${pattern}).*` }];
  }
  if (typeof v !== 'string' && (has('base64') || has('base64offset') || has('windash'))) {
    throw new SigmaError(`Sigma: |${mods.find((m) => ['base64', 'base64offset', 'windash'].includes(m))} on "${key}" needs a string`);
  }
  // Numbers and booleans without string modifiers: exact (22 matches 22 and "22").
  const stringMods = mods.some((m) => ['contains', 'startswith', 'endswith', 'base64', 'base64offset', 'windash'].includes(m));
  if (typeof v !== 'string' && !stringMods) {
    if (field === null) return [{ type: 'term', field: null, value: String(v) }];
    return [{ type: 'term', field, value: String(v) }];
  }
  let texts = [String(v)];
  if (has('windash')) texts = texts.flatMap(windashVariants);
  let partsList = texts.map(sigmaParts);
  if (has('base64') || has('base64offset')) {
    partsList = partsList.flatMap((parts) => {
      const lit = literalOf(parts);
      if (lit === null) throw new SigmaError(`Sigma: |base64 on "${key}" cannot be combined with wildcards`);
      return base64Variants(lit, has('base64offset')).map((t): WildcardPart[] => [{ kind: 'literal', text: t }]);
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
    // Keywords: free text in the summary (a substring, case-insensitive, as Sigma keywords are).
    return lit !== null ? { type: 'phrase', field: null, value: lit } : { type: 'wildcard', field: null, parts };
  }
  if (!cased) return { type: 'wildcard', field, parts };
  if (lit !== null) return { type: 'phrase', field, value: lit };
  return { type: 'regex', field, pattern: partsRegex(parts) };
}
