// In-memory evaluation of a query, with the same semantics as compile-sql.ts (the equivalence
// test runs both over the same fixtures). compileMatcher does all parsing, regex building and
// lower-casing up front so the per-event closure only compares.
import type { PicketEvent } from '../../ingest/event.ts';
import { readOwnPath } from '../../ingest/own-path.ts';
import type {
  ExistsNode,
  FieldRefNode,
  PhraseNode,
  QueryNode,
  RangeNode,
  RegexNode,
  TermNode,
  WildcardNode,
} from './ast.ts';
import { anyEventText, asciiLower } from './any-value.ts';
import { cidrTerm } from './cidr.ts';
import { linearRegex } from './linear-regex.ts';
import { fieldInfo, type FieldInfo } from './fields.ts';
import {
  compareCodePoints,
  dateRangeResolvers,
  detailsTermValues,
  numericValue,
  rangeMode,
  regexCaseInsensitive,
  regexSource,
  scalarText,
  wildcardRegExp,
} from './values.ts';

export type EventMatcher = (e: PicketEvent) => boolean;

const TRUE: EventMatcher = () => true;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Any value of the field (column, any tag, details scalar or scalar array element) passing `pred`. */
function anyText(info: FieldInfo, pred: (s: string) => boolean): EventMatcher {
  switch (info.kind) {
    case 'text':
      return (e) => pred(str(e.summary));
    case 'any':
      return (e) => anyEventText(e, pred);
    case 'keyword': {
      const col = info.column;
      return info.upper ? (e) => pred(str(e[col]).toUpperCase()) : (e) => pred(str(e[col]));
    }
    case 'tags':
      return (e) => Array.isArray(e.tags) && e.tags.some((t) => typeof t === 'string' && pred(t));
    case 'details': {
      const path = info.path;
      return (e) => {
        const leaf = readOwnPath(e.details, path);
        if (Array.isArray(leaf)) {
          for (const el of leaf) {
            const t = scalarText(el);
            if (t !== undefined && pred(t)) return true;
          }
          return false;
        }
        const t = scalarText(leaf);
        return t !== undefined && pred(t);
      };
    }
    default:
      throw new Error(`unsupported field for this query: ${info.kind}`);
  }
}

function anyNumber(info: FieldInfo, pred: (n: number) => boolean): EventMatcher {
  const test = (v: unknown) => {
    const n = numericValue(v);
    return n !== undefined && pred(n);
  };
  switch (info.kind) {
    case 'text':
      return (e) => test(e.summary);
    case 'keyword': {
      const col = info.column;
      return (e) => test(e[col]);
    }
    case 'tags':
      return (e) => Array.isArray(e.tags) && e.tags.some((t) => typeof t === 'string' && test(t));
    case 'details': {
      const path = info.path;
      return (e) => {
        const leaf = readOwnPath(e.details, path);
        return Array.isArray(leaf) ? leaf.some(test) : test(leaf);
      };
    }
    default:
      throw new Error(`unsupported field for this query: ${info.kind}`);
  }
}

function dateMatcher(column: 'utctimestamp' | 'receivedtimestamp', node: RangeNode): EventMatcher {
  const { lower, upper } = dateRangeResolvers(node);
  const lo = node.lower;
  const hi = node.upper;
  const relative = (lower?.relative ?? false) || (upper?.relative ?? false);
  const fixedNow = new Date(0);
  const test = (t: number, now: Date) => {
    if (Number.isNaN(t)) return false;
    if (lower && lo) {
      const b = lower(now).getTime();
      if (lo.inclusive ? t < b : t <= b) return false;
    }
    if (upper && hi) {
      const b = upper(now).getTime();
      if (hi.inclusive ? t > b : t >= b) return false;
    }
    return true;
  };
  // Relative bounds (now-1h) move with the clock: a long-lived matcher re-evaluates them per event.
  return relative ? (e) => test(Date.parse(e[column]), new Date()) : (e) => test(Date.parse(e[column]), fixedNow);
}

function term(node: TermNode | PhraseNode): EventMatcher {
  const info = fieldInfo(node.field);
  const v = node.value;
  switch (info.kind) {
    case 'text': {
      const needle = v.toLowerCase();
      return (e) => str(e.summary).toLowerCase().includes(needle);
    }
    case 'any': {
      const needle = v.toLowerCase();
      return anyText(info, (s) => s.toLowerCase().includes(needle));
    }
    case 'keyword': {
      const col = info.column;
      if (info.upper) {
        const want = v.toUpperCase();
        return (e) => str(e[col]).toUpperCase() === want;
      }
      return (e) => e[col] === v;
    }
    case 'tags':
      return (e) => Array.isArray(e.tags) && e.tags.includes(v);
    case 'id': {
      const want = v.toLowerCase();
      return (e) => str(e.id).toLowerCase() === want;
    }
    case 'date':
      return dateMatcher(info.column, {
        type: 'range',
        field: node.field,
        lower: { value: v, inclusive: true },
        upper: { value: v, inclusive: true },
      });
    case 'details': {
      const values: unknown[] = detailsTermValues(v);
      const path = info.path;
      const cidr = node.type === 'term' ? cidrTerm(v) : null;
      if (cidr) {
        const hit = (el: unknown) => el === v || (typeof el === 'string' && cidr.contains(el));
        return (e) => {
          const leaf = readOwnPath(e.details, path);
          return Array.isArray(leaf) ? leaf.some(hit) : hit(leaf);
        };
      }
      return (e) => {
        const leaf = readOwnPath(e.details, path);
        if (leaf === undefined) return false;
        return Array.isArray(leaf) ? leaf.some((el) => values.includes(el)) : values.includes(leaf);
      };
    }
  }
}

function wildcard(node: WildcardNode): EventMatcher {
  const info = fieldInfo(node.field);
  const re = wildcardRegExp(node.parts, info.kind === 'text' || info.kind === 'any');
  return anyText(info, (s) => re.test(s));
}

function regex(node: RegexNode): EventMatcher {
  const info = fieldInfo(node.field);
  const re = linearRegex(regexSource(node.pattern, info), {
    ignoreCase: regexCaseInsensitive(info) || node.flags?.ignoreCase === true,
    multiline: node.flags?.multiline === true,
  });
  return anyText(info, (s) => re.test(s));
}

function range(node: RangeNode): EventMatcher {
  const info = fieldInfo(node.field);
  if (info.kind === 'date') return dateMatcher(info.column, node);
  const { lower, upper } = node;
  if (rangeMode(info, node) === 'numeric') {
    const lo = lower ? Number(lower.value) : undefined;
    const hi = upper ? Number(upper.value) : undefined;
    return anyNumber(info, (n) => {
      if (lo !== undefined && (lower!.inclusive ? n < lo : n <= lo)) return false;
      if (hi !== undefined && (upper!.inclusive ? n > hi : n >= hi)) return false;
      return true;
    });
  }
  const fold = info.kind === 'keyword' && info.upper ? (s: string) => s.toUpperCase() : (s: string) => s;
  const lo = lower ? fold(lower.value) : undefined;
  const hi = upper ? fold(upper.value) : undefined;
  return anyText(info, (s) => {
    if (lo !== undefined) {
      const c = compareCodePoints(s, lo);
      if (lower!.inclusive ? c < 0 : c <= 0) return false;
    }
    if (hi !== undefined) {
      const c = compareCodePoints(s, hi);
      if (upper!.inclusive ? c > 0 : c >= 0) return false;
    }
    return true;
  });
}

function exists(node: ExistsNode): EventMatcher {
  const info = fieldInfo(node.field);
  if (info.kind === 'tags') return (e) => Array.isArray(e.tags) && e.tags.length > 0;
  if (info.kind !== 'details') return TRUE;
  const path = info.path;
  return (e) => {
    const leaf = readOwnPath(e.details, path);
    return leaf !== undefined && leaf !== null;
  };
}

/** The text of the field's one scalar value (a column, or a details leaf that is no array), if any. */
function scalarOf(field: string): (e: PicketEvent) => string | undefined {
  const info = fieldInfo(field);
  switch (info.kind) {
    case 'text':
      return (e) => str(e.summary);
    case 'keyword': {
      const col = info.column;
      return (e) => str(e[col]);
    }
    case 'details': {
      const path = info.path;
      return (e) => scalarText(readOwnPath(e.details, path));
    }
    default:
      throw new Error(`unsupported field for a field comparison: ${info.kind}`);
  }
}

function fieldRef(node: FieldRefNode): EventMatcher {
  const a = scalarOf(node.field);
  const b = scalarOf(node.other);
  const fold = node.ignoreCase ? asciiLower : (s: string) => s;
  return (e) => {
    const x = a(e);
    const y = b(e);
    return x !== undefined && y !== undefined && fold(x) === fold(y);
  };
}

/** Builds a fast predicate for a parsed query (used per event by the alert engine and live tail). */
export function compileMatcher(node: QueryNode): EventMatcher {
  switch (node.type) {
    case 'matchAll':
      return TRUE;
    case 'and': {
      const fs = node.children.map(compileMatcher);
      if (fs.length === 1) return fs[0];
      if (fs.length === 2) {
        const [a, b] = fs;
        return (e) => a(e) && b(e);
      }
      return (e) => {
        for (const f of fs) if (!f(e)) return false;
        return true;
      };
    }
    case 'or': {
      const fs = node.children.map(compileMatcher);
      if (fs.length === 1) return fs[0];
      if (fs.length === 2) {
        const [a, b] = fs;
        return (e) => a(e) || b(e);
      }
      return (e) => {
        for (const f of fs) if (f(e)) return true;
        return false;
      };
    }
    case 'not': {
      const f = compileMatcher(node.child);
      return (e) => !f(e);
    }
    case 'term':
    case 'phrase':
      return term(node);
    case 'wildcard':
      return wildcard(node);
    case 'regex':
      return regex(node);
    case 'range':
      return range(node);
    case 'exists':
      return exists(node);
    case 'fieldRef':
      return fieldRef(node);
  }
}

const cache = new WeakMap<QueryNode, EventMatcher>();

/** One-off evaluation; the compiled matcher is cached per AST node, so repeated calls stay cheap. */
export function matchEvent(node: QueryNode, event: PicketEvent): boolean {
  let m = cache.get(node);
  if (!m) {
    m = compileMatcher(node);
    cache.set(node, m);
  }
  return m(event);
}
