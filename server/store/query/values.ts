// Value semantics shared by the parser and both back ends, so SQL and in-memory matching agree.
import type { RangeNode, WildcardPart } from './ast.ts';
import type { FieldInfo } from './fields.ts';
import { compileTime, type TimeResolver } from '../time-range.ts';
import { type LinearRegex, linearRegex, re2SyntaxError } from './linear-regex.ts';

/**
 * What counts as a number: plain decimals only (no exponent, no `+`, no spaces). The SQL back end
 * uses the same pattern (DECIMAL_SQL_RE) to decide when a string may be cast to numeric, so a cast
 * can never fail on arbitrary data.
 */
export const DECIMAL_RE = /^-?[0-9]+(\.[0-9]+)?$/;
export const DECIMAL_SQL_RE = '^-?[0-9]+([.][0-9]+)?$';

/**
 * The JSON values a term on a details field stands for: the string itself, plus the number when it
 * looks like one (`22` matches 22 and "22") and the boolean for `true`/`false`.
 */
export function detailsTermValues(value: string): Array<string | number | boolean> {
  const out: Array<string | number | boolean> = [value];
  if (DECIMAL_RE.test(value)) {
    const n = Number(value);
    if (Number.isFinite(n)) out.push(n);
  }
  if (value === 'true') out.push(true);
  else if (value === 'false') out.push(false);
  return out;
}

/** ILIKE pattern: `\` is the (default) escape character, so literal `%`, `_` and `\` get one. */
export function likePattern(parts: WildcardPart[], substring: boolean): string {
  const body = parts
    .map((p) => (p.kind === 'any' ? '%' : p.kind === 'one' ? '_' : p.text.replace(/[\\%_]/g, '\\$&')))
    .join('');
  return substring ? `%${body}%` : body;
}

/** Characters that must be escaped to be literal in a JS `u`-mode regex (and only those: `u` mode rejects other escapes). */
const JS_SYNTAX_RE = /[\\^$.*+?()[\]{}|/]/g;

/** The in-memory twin of likePattern + ILIKE: case-insensitive, `*` spans newlines like `%`; linear time. */
export function wildcardRegExp(parts: WildcardPart[], substring: boolean): LinearRegex {
  const body = parts
    .map((p) => (p.kind === 'any' ? '.*' : p.kind === 'one' ? '.' : p.text.replace(JS_SYNTAX_RE, '\\$&')))
    .join('');
  return linearRegex(substring ? body : `^${body}$`, { ignoreCase: true });
}

/**
 * Regexes run as Postgres ARE (`~`) in SQL and as JS RegExp (flags `su`) in memory, so only their
 * common subset is accepted. Returns why a pattern is outside it, or null.
 */
export function checkRegex(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return 'it ends with a lone backslash';
      if (n === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(pattern.slice(i + 2, i + 6))) return '\\u needs exactly 4 hex digits';
        i += 5;
        continue;
      }
      // \b is a word boundary in JS but a backspace in Postgres; \1, \x, \A ... differ likewise.
      if (/[A-Za-z0-9]/.test(n) && !'dDwWsStnrfv'.includes(n)) return `the escape \\${n} is not supported`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[' && /[:=.]/.test(pattern[i + 1] ?? ''))
        return 'POSIX bracket classes like [:alpha:] are not supported';
      continue;
    }
    if (c === '[') {
      inClass = true;
      let j = i + 1;
      if (pattern[j] === '^') j++;
      // Postgres reads []a] as "] or a", JavaScript as an empty class followed by "a]".
      if (pattern[j] === ']') return 'a "]" right after "[" must be escaped as \\]';
      i = j - 1;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?' && pattern[i + 2] !== ':') {
      return 'only (?:...) groups are supported (no lookaround, named groups or inline flags)';
    }
    if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (m && (Number(m[1]) > 255 || (m[2] !== undefined && m[2] !== '' && Number(m[2]) > 255))) {
        return 'repetition counts above 255 are not supported';
      }
    }
  }
  try {
    // Compiled only, never run: the JS dialect is what users write and what Postgres shares.
    new RegExp(pattern, 'su');
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
  // Matching runs on RE2 (linear-regex.ts), which refuses a few things JS allows.
  return re2SyntaxError(pattern);
}

/**
 * Escaped punctuation is literal in both dialects, but JS `u` mode rejects escapes of characters
 * that are not regex syntax (`\:`, `\@`, `\"`); drop those backslashes so users may escape freely.
 */
export function normalizeRegex(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, (all, ch: string) =>
    /[A-Za-z0-9]/.test(ch) || /[\\^$.*+?()[\]{}|/-]/.test(ch) ? all : ch,
  );
}

/**
 * Regexes on free text (summary, default field) are unanchored and case-insensitive, like the other
 * free-text matches; on every other field they are anchored to the whole value, as in Lucene.
 * `(?:...)` also keeps a Postgres "director" prefix (`***=`) from being honoured.
 */
export function regexSource(pattern: string, info: FieldInfo): string {
  return info.kind === 'text' ? `(?:${pattern})` : `^(?:${pattern})$`;
}

export function regexCaseInsensitive(info: FieldInfo): boolean {
  return info.kind === 'text' || (info.kind === 'keyword' && info.upper);
}

export type RangeMode = 'date' | 'numeric' | 'lexical';

/** Dates on timestamp columns; numeric when every given bound is a decimal; otherwise lexical. */
export function rangeMode(info: FieldInfo, node: RangeNode): RangeMode {
  if (info.kind === 'date') return 'date';
  const bounds = [node.lower, node.upper].filter((b) => b !== null);
  return bounds.every((b) => DECIMAL_RE.test(b.value)) ? 'numeric' : 'lexical';
}

/**
 * Date bounds round like Elasticsearch: `gte`/`lt` round down, `gt`/`lte` round up, so
 * `[now-1d/d TO now/d]` covers whole days and `utctimestamp:<=2026-11-22` includes that day.
 */
export function dateRangeResolvers(node: RangeNode): { lower: TimeResolver | null; upper: TimeResolver | null } {
  return {
    lower: node.lower ? compileTime(node.lower.value, { roundUp: !node.lower.inclusive }) : null,
    upper: node.upper ? compileTime(node.upper.value, { roundUp: node.upper.inclusive }) : null,
  };
}

/** Postgres "C" collation order is code point order; JS `<` compares UTF-16 code units instead. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF, so it sorts after any BMP character.
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** How Postgres prints a jsonb number that came from JS: never in exponent notation. */
export function pgNumberText(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exp = Number(s.slice(e + 1));
  let mant = s.slice(0, e);
  const neg = mant.startsWith('-');
  if (neg) mant = mant.slice(1);
  const [ip, fp = ''] = mant.split('.');
  const digits = ip + fp;
  const point = ip.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + out;
}

/** Text of a JSON scalar as `#>> '{}'` prints it; objects, arrays and null have none. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? pgNumberText(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** Numeric value of a JSON number or a decimal string (see DECIMAL_RE). */
export function numericValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && DECIMAL_RE.test(v)) return Number(v);
  return undefined;
}
