// A recursive-descent parser for the Lucene query_string syntax as Kibana users type it.
//
// Grammar (lowest precedence first):
//   query   := or EOF                       ('' / whitespace / '*' = match all)
//   or      := and (('OR' | '||') and)*
//   and     := not (('AND' | '&&')? not)*   implicit operator between clauses is AND
//   not     := ('NOT' | '!' | '-' | '+') not | clause
//   clause  := '(' or ')' | field ':' value | value
//   value   := '(' or ')' | '"phrase"' | '/regex/' | range | ('>'|'>='|'<'|'<=') bound | word
// So NOT binds tighter than AND, which binds tighter than OR: `a b OR c` is `(a AND b) OR c`, and
// `-x` / `+x` are plain NOT x / x (boolean algebra, not Lucene's SHOULD/MUST scoring clauses).
import type { FieldRef, QueryNode, RangeBound, WildcardPart } from './ast.ts';
import { FIELD_NAME_RE, normalizeField } from './fields.ts';
import { combine, QuerySyntaxError, rangeNode, validate } from './parse-nodes.ts';
import { checkRegex, normalizeRegex } from './values.ts';

export { QuerySyntaxError } from './parse-nodes.ts';

export const MAX_QUERY_LENGTH = 10_000;
export const MAX_QUERY_DEPTH = 50;

type Operator = 'AND' | 'OR' | 'NOT';

interface Word {
  text: string; // escapes removed
  parts: WildcardPart[];
  wild: boolean; // has an unescaped * or ?
}

// Characters that end an unquoted word (unless escaped). `:` is allowed inside values so that
// `utctimestamp:2026-11-22T08:00:00Z` and `details.url:http://x` work without escaping.
const WORD_END = /[\s()"[\]{}^~]/;
const RANGE_WORD_END = /[\s\]}]/;
const KEYWORD_END = /[\s()"]/;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): QueryNode {
    this.skipWs();
    if (this.eof()) return { type: 'matchAll' };
    const node = this.parseOr(null);
    this.skipWs();
    if (!this.eof()) {
      const ch = this.src[this.pos];
      if (ch === ')') this.fail(`Unbalanced ")"`);
      this.fail(`Unexpected "${ch}"`);
    }
    return node;
  }

  private fail(message: string, at = this.pos): never {
    throw new QuerySyntaxError(`${message} at position ${at}`, at);
  }

  private eof(): boolean {
    return this.pos >= this.src.length;
  }

  private skipWs(): void {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_QUERY_DEPTH) this.fail(`Query nests deeper than ${MAX_QUERY_DEPTH} levels`, at);
  }

  /** The operator at the cursor (without consuming it) and its length. */
  private peekOperator(): { op: Operator; len: number } | null {
    const s = this.src;
    const p = this.pos;
    if (s.startsWith('&&', p)) return { op: 'AND', len: 2 };
    if (s.startsWith('||', p)) return { op: 'OR', len: 2 };
    if (s[p] === '!') return { op: 'NOT', len: 1 };
    for (const op of ['AND', 'OR', 'NOT'] as const) {
      if (s.startsWith(op, p)) {
        const next = s[p + op.length];
        if (next === undefined || KEYWORD_END.test(next)) return { op, len: op.length };
      }
    }
    return null;
  }

  private parseOr(ctx: FieldRef): QueryNode {
    const children = [this.parseAnd(ctx)];
    for (;;) {
      this.skipWs();
      const op = this.peekOperator();
      if (op?.op !== 'OR') break;
      const at = this.pos;
      this.pos += op.len;
      this.expectClause(this.src.slice(at, at + op.len));
      children.push(this.parseAnd(ctx));
    }
    return combine('or', children);
  }

  private parseAnd(ctx: FieldRef): QueryNode {
    const children = [this.parseNot(ctx)];
    for (;;) {
      this.skipWs();
      if (this.eof() || this.src[this.pos] === ')') break;
      const op = this.peekOperator();
      if (op?.op === 'OR') break;
      if (op?.op === 'AND') {
        const at = this.pos;
        this.pos += op.len;
        this.expectClause(this.src.slice(at, at + op.len));
      }
      children.push(this.parseNot(ctx));
    }
    return combine('and', children);
  }

  /** After a binary or prefix operator: something that can start a clause must follow. */
  private expectClause(after: string, touching = false): void {
    // A prefix must touch its clause: `-x`, not `- x`.
    if (touching && isSpace(this.src[this.pos])) this.fail(`Expected a clause right after "${after}"`);
    this.skipWs();
    if (this.eof() || this.src[this.pos] === ')') this.fail(`Expected a clause after "${after}"`);
    const op = this.peekOperator();
    if (op && op.op !== 'NOT') {
      this.fail(`Expected a clause after "${after}" but found "${this.src.slice(this.pos, this.pos + op.len)}"`);
    }
  }

  private parseNot(ctx: FieldRef): QueryNode {
    this.skipWs();
    const at = this.pos;
    const op = this.peekOperator();
    if (op?.op === 'NOT') {
      this.pos += op.len;
      this.expectClause(this.src.slice(at, at + op.len));
      return this.unary(at, ctx, true);
    }
    if (op) this.fail(`Unexpected "${this.src.slice(at, at + op.len)}"`);
    const ch = this.src[this.pos];
    if (ch === '-' || ch === '+') {
      this.pos++;
      this.expectClause(ch, true);
      return this.unary(at, ctx, ch === '-');
    }
    return this.parseClause(ctx);
  }

  private unary(at: number, ctx: FieldRef, negate: boolean): QueryNode {
    this.enter(at);
    const child = this.parseNot(ctx);
    this.depth--;
    return negate ? { type: 'not', child } : child;
  }

  private parseClause(ctx: FieldRef): QueryNode {
    const start = this.pos;
    const ch = this.src[start];
    if (ch === '(') return this.parseGroup(ctx);
    if (ch === ')') this.fail('Unexpected ")"');
    FIELD_NAME_RE.lastIndex = start;
    const m = FIELD_NAME_RE.exec(this.src);
    if (m && this.src[start + m[0].length] === ':') {
      const name = m[0];
      this.pos = start + name.length + 1;
      if (name === '_exists_') return this.parseExists();
      const norm = normalizeField(name);
      if ('error' in norm) this.fail(norm.error, start);
      this.skipWs();
      return this.parseValue(norm.field, `${name}:`);
    }
    return this.parseValue(ctx, null);
  }

  private parseGroup(ctx: FieldRef): QueryNode {
    const open = this.pos;
    this.enter(open);
    this.pos++;
    this.skipWs();
    if (this.src[this.pos] === ')') this.fail('Empty group "()"', open);
    if (this.eof()) this.fail('Missing ")" to close the "("', open);
    const node = this.parseOr(ctx);
    this.skipWs();
    if (this.src[this.pos] !== ')') this.fail('Missing ")" to close the "("', open);
    this.pos++;
    this.depth--;
    this.skipSuffix();
    return node;
  }

  private parseExists(): QueryNode {
    this.skipWs();
    FIELD_NAME_RE.lastIndex = this.pos;
    const m = FIELD_NAME_RE.exec(this.src);
    if (!m) this.fail('Expected a field name after "_exists_:"');
    const norm = normalizeField(m[0]);
    if ('error' in norm) this.fail(norm.error, this.pos);
    this.pos += m[0].length;
    if (!this.eof() && !WORD_END.test(this.src[this.pos])) this.fail(`Invalid field name after "_exists_:"`, this.pos);
    this.skipSuffix();
    return { type: 'exists', field: norm.field };
  }

  /** `label` is the typed `field:` (for messages), null for default-field values. */
  private parseValue(field: FieldRef, label: string | null): QueryNode {
    const at = this.pos;
    const op = this.peekOperator();
    const ch = this.src[at];
    // An operator keyword is not a value (`category:AND`); `!x` after a colon is just text.
    if (this.eof() || ch === ')' || (op && ch !== '!')) {
      this.fail(label ? `Expected a value after "${label}"` : 'Expected a value');
    }
    if (ch === '(') return this.parseGroup(field);
    let node: QueryNode;
    if (ch === '"') {
      node = { type: 'phrase', field, value: this.scanQuoted() };
    } else if (ch === '/') {
      node = this.parseRegex(field);
    } else if (ch === '[' || ch === '{') {
      node = this.parseRange(field);
    } else if (ch === '>' || ch === '<') {
      node = this.parseComparison(field);
    } else {
      const word = this.scanWord(WORD_END);
      if (word.text === '' && !word.wild)
        this.fail(label ? `Expected a value after "${label}"` : 'Expected a value', at);
      node = this.wordNode(field, word);
    }
    this.skipSuffix();
    return validate(node, at);
  }

  private wordNode(field: FieldRef, w: Word): QueryNode {
    if (w.wild && w.parts.every((p) => p.kind === 'any')) {
      // `*` alone: "has any value"; on the default field, everything.
      return field === null ? { type: 'matchAll' } : { type: 'exists', field };
    }
    if (w.wild) return { type: 'wildcard', field, parts: w.parts };
    return { type: 'term', field, value: w.text };
  }

  /** Boosts (`^2`) only affect scoring, which a filter does not have: accepted and ignored. */
  private skipSuffix(): void {
    if (this.src[this.pos] === '^') {
      const m = /\^\d+(\.\d+)?/y;
      m.lastIndex = this.pos;
      if (!m.exec(this.src)) this.fail('Expected a number after "^"', this.pos + 1);
      this.pos = m.lastIndex;
    }
    if (this.src[this.pos] === '~') this.fail('Fuzzy and proximity searches ("~") are not supported');
  }

  private scanWord(ends: RegExp): Word {
    const parts: WildcardPart[] = [];
    let text = '';
    let literal = '';
    let wild = false;
    while (!this.eof() && !ends.test(this.src[this.pos])) {
      const ch = this.src[this.pos];
      if (ch === '\\') {
        if (this.pos + 1 >= this.src.length) this.fail('Dangling escape "\\"');
        // Escape a whole code point, so `\` before an emoji keeps it intact.
        const cp = String.fromCodePoint(this.src.codePointAt(this.pos + 1)!);
        text += cp;
        literal += cp;
        this.pos += 1 + cp.length;
        continue;
      }
      if (ch === '*' || ch === '?') {
        wild = true;
        if (literal) parts.push({ kind: 'literal', text: literal });
        literal = '';
        parts.push(ch === '*' ? { kind: 'any' } : { kind: 'one' });
      } else {
        literal += ch;
      }
      text += ch;
      this.pos++;
    }
    if (literal) parts.push({ kind: 'literal', text: literal });
    return { text, parts, wild };
  }

  private scanQuoted(): string {
    const open = this.pos;
    let out = '';
    this.pos++;
    for (;;) {
      if (this.eof()) this.fail('Unterminated quoted phrase starting', open);
      const ch = this.src[this.pos];
      if (ch === '"') break;
      if (ch === '\\' && this.pos + 1 < this.src.length) {
        out += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    this.pos++;
    return out;
  }

  private parseRegex(field: FieldRef): QueryNode {
    const open = this.pos;
    let raw = '';
    this.pos++;
    for (;;) {
      if (this.eof()) this.fail('Unterminated regular expression starting', open);
      const ch = this.src[this.pos];
      if (ch === '/') break;
      if (ch === '\\' && this.src[this.pos + 1] === '/') {
        raw += '/';
        this.pos += 2;
        continue;
      }
      if (ch === '\\' && this.pos + 1 < this.src.length) {
        raw += ch + this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      raw += ch;
      this.pos++;
    }
    this.pos++;
    const pattern = normalizeRegex(raw);
    const why = checkRegex(pattern);
    if (why) this.fail(`Unsupported regular expression /${raw}/ (${why})`, open);
    return { type: 'regex', field, pattern };
  }

  private scanBound(ends: RegExp, what: string): RangeBound['value'] | null {
    const at = this.pos;
    if (this.src[at] === '"') return this.scanQuoted();
    const w = this.scanWord(ends);
    if (w.text === '') this.fail(`Expected ${what}`, at);
    if (w.text === '*' && w.wild) return null;
    if (w.wild) this.fail(`Wildcards are not allowed in range bounds`, at);
    return w.text;
  }

  private parseRange(field: FieldRef): QueryNode {
    const open = this.pos;
    const lowerInclusive = this.src[open] === '[';
    this.pos++;
    this.skipWs();
    if (this.src.startsWith('TO', this.pos) && /^\s$/.test(this.src[this.pos + 2] ?? ''))
      this.fail('Expected a lower bound in the range');
    const lower = this.scanBound(RANGE_WORD_END, 'a lower bound in the range');
    this.skipWs();
    const afterTo = this.src[this.pos + 2];
    if (!(this.src.startsWith('TO', this.pos) && (afterTo === undefined || isSpace(afterTo) || afterTo === '"'))) {
      this.fail('Expected "TO" in range');
    }
    this.pos += 2;
    this.skipWs();
    if (this.src[this.pos] === ']' || this.src[this.pos] === '}' || this.eof())
      this.fail('Expected an upper bound in the range');
    const upper = this.scanBound(RANGE_WORD_END, 'an upper bound in the range');
    this.skipWs();
    const close = this.src[this.pos];
    if (close !== ']' && close !== '}') this.fail('Expected "]" or "}" to close the range');
    this.pos++;
    return rangeNode(field, lower, lowerInclusive, upper, close === ']');
  }

  private parseComparison(field: FieldRef): QueryNode {
    const at = this.pos;
    const op =
      this.src.startsWith('>=', at) || this.src.startsWith('<=', at) ? this.src.slice(at, at + 2) : this.src[at];
    this.pos += op.length;
    if (this.eof() || (WORD_END.test(this.src[this.pos]) && this.src[this.pos] !== '"'))
      this.fail(`Expected a value after "${op}"`);
    const value = this.scanBound(WORD_END, `a value after "${op}"`);
    if (value === null) this.fail(`Expected a value after "${op}", not "*"`, at + op.length);
    const inclusive = op.length === 2;
    return op[0] === '>'
      ? rangeNode(field, value, inclusive, null, false)
      : rangeNode(field, null, false, value, inclusive);
  }
}

/** Parses a Lucene query string. '' / whitespace / '*' match everything. */
export function parseQuery(q: string): QueryNode {
  if (typeof q !== 'string') throw new QuerySyntaxError('Query must be a string at position 0', 0);
  if (q.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(
      `Query is too long (${q.length} characters, the limit is ${MAX_QUERY_LENGTH}) at position ${MAX_QUERY_LENGTH}`,
      MAX_QUERY_LENGTH,
    );
  }
  // Postgres text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8: neither could match.
  const bad = /\u0000|\p{Cs}/u.exec(q);
  if (bad)
    throw new QuerySyntaxError(
      `Invalid character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index}`,
      bad.index,
    );
  return new Parser(q).parse();
}
