// Postgres reads the class escapes \d \w \s through the database's locale: under a UTF-8 ctype
// (C.UTF-8, en_US.UTF-8) `\w` matches é and 東, while the in-memory matcher's \w is ASCII; and its
// \s misses U+00A0, U+FEFF and \v, which JavaScript's \s includes. Spelling the classes out as
// explicit sets makes a regex select the same events in SQL as in memory, whatever the collation.

const DIGIT = '0-9';
const WORD = '0-9A-Za-z_';
/** JavaScript's \s (WhiteSpace and LineTerminator), as literal characters and ranges. */
const SPACE = '\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

const SETS: Record<string, { set: string; negated: boolean }> = {
  d: { set: DIGIT, negated: false },
  D: { set: DIGIT, negated: true },
  w: { set: WORD, negated: false },
  W: { set: WORD, negated: true },
  s: { set: SPACE, negated: false },
  S: { set: SPACE, negated: true },
};

/**
 * The pattern with every \d \D \w \W \s \S replaced by an explicit bracket expression. A negated
 * class escape inside a bracket (`[a\W]`) becomes an alternation `(?:[a]|[^0-9A-Za-z_])`; inside a
 * negated bracket (`[^a\W]`: not a, and a word character) lookaheads intersect the sets.
 */
export function explicitClassEscapes(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      const cls = SETS[n];
      out += cls ? `[${cls.negated ? '^' : ''}${cls.set}]` : c + n;
      i++;
      continue;
    }
    if (c !== '[') {
      out += c;
      continue;
    }
    const end = bracketEnd(pattern, i);
    if (end < 0) return pattern; // unterminated: the parser rejects these anyway
    out += rewriteBracket(pattern.slice(i, end + 1));
    i = end;
  }
  return out;
}

/** Index of the `]` closing the bracket opened at `open`, or -1. */
function bracketEnd(p: string, open: number): number {
  let j = open + 1;
  if (p[j] === '^') j++;
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']') return j;
  }
  return -1;
}

function rewriteBracket(bracket: string): string {
  const negated = bracket[1] === '^';
  const body = bracket.slice(negated ? 2 : 1, -1);
  let kept = '';
  const alternatives: string[] = [];
  const required: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      kept += c;
      continue;
    }
    const n = body[i + 1] ?? '';
    i++;
    const cls = SETS[n];
    if (!cls) kept += c + n;
    else if (!cls.negated) kept += cls.set;
    else if (negated) required.push(`[${cls.set}]`);
    else alternatives.push(`[^${cls.set}]`);
  }
  if (required.length > 0) {
    // [^a\W\D] = not a, and a word character, and a digit: (?![a])(?=[word])[digit].
    const last = required.pop()!;
    return `(?:${kept === '' ? '' : `(?![${kept}])`}${required.map((r) => `(?=${r})`).join('')}${last})`;
  }
  const main = kept === '' ? null : `[${negated ? '^' : ''}${kept}]`;
  if (alternatives.length === 0) return main ?? bracket;
  return `(?:${[main, ...alternatives].filter((x) => x !== null).join('|')})`;
}
