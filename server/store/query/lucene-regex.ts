// Translates a regex of the query language (the JS/Postgres common subset that checkRegex accepts)
// to Lucene's regexp syntax for the search-engine store. Lucene regexps always match the whole
// term, so free-text (unanchored) patterns get `.*` on the sides that are not anchored.
import { QuerySyntaxError } from './parse-nodes.ts';

const ALNUM = /^[A-Za-z0-9]$/;
const CLASS_ESCAPES = 'dDwWsS';
const CONTROL: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };

function unsupported(what: string): never {
  throw new QuerySyntaxError(`${what} is not supported by the search-engine store at position 0`, 0);
}

/** One literal character: Lucene treats `\` + any character as that character. */
function literal(ch: string): string {
  return /^[\x20-\x7e\t\n\r\f\v]$/.test(ch) && !ALNUM.test(ch) ? `\\${ch}` : ch;
}

/** Reads `\uXXXX` (a surrogate pair written as two escapes is one code point) at i (the backslash). */
function unicodeEscape(p: string, i: number): { ch: string; next: number } {
  const hi = parseInt(p.slice(i + 2, i + 6), 16);
  if (hi >= 0xd800 && hi <= 0xdbff && p.slice(i + 6, i + 8) === '\\u') {
    const lo = parseInt(p.slice(i + 8, i + 12), 16);
    if (lo >= 0xdc00 && lo <= 0xdfff)
      return { ch: String.fromCodePoint((hi - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000), next: i + 12 };
  }
  return { ch: String.fromCharCode(hi), next: i + 6 };
}

/** An escape at i (the backslash), outside or inside a class. */
function escapeAt(p: string, i: number): { out: string; ch: string; next: number } {
  const n = p[i + 1];
  if (n === 'u') {
    const { ch, next } = unicodeEscape(p, i);
    return { out: literal(ch), ch, next };
  }
  if (CLASS_ESCAPES.includes(n)) return { out: `\\${n}`, ch: n, next: i + 2 };
  if (n in CONTROL) return { out: literal(CONTROL[n]), ch: CONTROL[n], next: i + 2 };
  const cp = p.codePointAt(i + 1)!;
  const ch = String.fromCodePoint(cp);
  return { out: literal(ch), ch, next: i + 1 + ch.length };
}

type ClassItem = { kind: 'char'; ch: string; out: string } | { kind: 'raw'; out: string };

/** The code points of [lo, hi] that are ASCII letters, as ranges of the other case. */
function otherCaseRanges(lo: number, hi: number): string[] {
  const out: string[] = [];
  const swap = (from: number, to: number, shift: number) => {
    const a = Math.max(lo, from);
    const b = Math.min(hi, to);
    if (a <= b) out.push(`${String.fromCharCode(a + shift)}-${String.fromCharCode(b + shift)}`);
  };
  swap(0x61, 0x7a, -32);
  swap(0x41, 0x5a, 32);
  return out;
}

/**
 * A character class. Lucene's case_insensitive flag does not reach inside classes, so for a
 * case-insensitive pattern the other case of every ASCII letter in the class is added.
 */
function charClass(p: string, start: number, caseInsensitive: boolean): { out: string; next: number } {
  let i = start + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  const items: ClassItem[] = [];
  const extra: string[] = [];
  const read = (): ClassItem => {
    if (p[i] === '\\') {
      const n = p[i + 1];
      const e = escapeAt(p, i);
      i = e.next;
      return CLASS_ESCAPES.includes(n) ? { kind: 'raw', out: e.out } : { kind: 'char', ch: e.ch, out: e.out };
    }
    const ch = String.fromCodePoint(p.codePointAt(i)!);
    i += ch.length;
    return { kind: 'char', ch, out: literal(ch) };
  };
  while (i < p.length && p[i] !== ']') {
    const item = read();
    // "x-y" is a range when both ends are characters; a "-" first or last in the class is literal.
    if (item.kind === 'char' && p[i] === '-' && p[i + 1] !== ']' && p[i + 1] !== undefined) {
      i++;
      const hi = read();
      if (hi.kind === 'char') {
        items.push({ kind: 'raw', out: `${item.out}-${hi.out}` });
        if (caseInsensitive) extra.push(...otherCaseRanges(item.ch.codePointAt(0)!, hi.ch.codePointAt(0)!));
        continue;
      }
      items.push(item, { kind: 'char', ch: '-', out: literal('-') }, hi);
      continue;
    }
    items.push(item);
    if (caseInsensitive && item.kind === 'char' && /^[A-Za-z]$/.test(item.ch)) {
      extra.push(item.ch === item.ch.toLowerCase() ? item.ch.toUpperCase() : item.ch.toLowerCase());
    }
  }
  return { out: out + items.map((it) => it.out).join('') + extra.join('') + ']', next: i + 1 };
}

interface Alternative {
  body: string;
  start: boolean;
  end: boolean;
}

/**
 * `anchored`: match the whole value (every field but free text). `^` and `$` are honoured at the
 * start and end of a top-level alternative, which is where they mean something in practice; a
 * pattern using them elsewhere is refused rather than run with a different meaning.
 */
export function toLuceneRegex(pattern: string, anchored: boolean, caseInsensitive = false): string {
  const alts: Alternative[] = [];
  let cur: Alternative = { body: '', start: false, end: false };
  let depth = 0;
  // True right after `(` or `|`, where an empty alternative would start.
  let atStart = true;
  let i = 0;
  const closeEmpty = () => {
    if (atStart) cur.body += '""';
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const e = escapeAt(pattern, i);
      cur.body += e.out;
      i = e.next;
      atStart = false;
    } else if (c === '[') {
      const cls = charClass(pattern, i, caseInsensitive);
      cur.body += cls.out;
      i = cls.next;
      atStart = false;
    } else if (c === '(') {
      i += pattern.startsWith('(?:', i) ? 3 : 1;
      cur.body += '(';
      depth++;
      atStart = true;
    } else if (c === ')') {
      closeEmpty();
      cur.body += ')';
      depth--;
      i++;
      atStart = false;
    } else if (c === '|') {
      closeEmpty();
      i++;
      if (depth === 0) {
        alts.push(cur);
        cur = { body: '', start: false, end: false };
      } else cur.body += '|';
      atStart = true;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      let q = c;
      if (c === '{') {
        const close = pattern.indexOf('}', i);
        q = pattern.slice(i, close + 1);
      }
      cur.body += q;
      i += q.length;
      // Lazy quantifiers match the same set of strings as greedy ones.
      if (pattern[i] === '?') i++;
    } else if (c === '^') {
      if (depth !== 0 || cur.body !== '' || cur.start)
        unsupported('"^" other than at the start of the pattern or of an alternative');
      cur.start = true;
      i++;
    } else if (c === '$') {
      const next = pattern[i + 1];
      if (depth !== 0 || (next !== undefined && next !== '|'))
        unsupported('"$" other than at the end of the pattern or of an alternative');
      cur.end = true;
      i++;
    } else if (c === '.') {
      cur.body += '.';
      i++;
      atStart = false;
    } else {
      const ch = String.fromCodePoint(pattern.codePointAt(i)!);
      cur.body += literal(ch);
      i += ch.length;
      atStart = false;
    }
  }
  alts.push(cur);
  return alts
    .map((a) => {
      const body = a.body === '' ? '""' : a.body;
      if (anchored) return `(${body})`;
      return `${a.start ? '' : '.*'}(${body})${a.end ? '' : '.*'}`;
    })
    .join('|');
}
