// User-supplied patterns (Lucene /regex/ and wildcards) run on re2js, a linear-time engine with RE2
// semantics: a backtracking RegExp on the event loop lets one pattern like /(a|a)*b/ stall the
// whole process for seconds. Patterns are written in the JS dialect the parser validates
// (checkRegex); the few escapes RE2 spells differently are rewritten here.
import { RE2JS } from 're2js';

export interface LinearRegex {
  test(s: string): boolean;
}

// JS `\s` (WhiteSpace + LineTerminator); RE2's `\s` is ASCII only and lacks \v.
const JS_SPACE = '\\t\\n\\v\\f\\r\\x{a0}\\x{feff}\\x{2028}\\x{2029}\\p{Zs}';

/** The JS-dialect pattern in RE2 syntax: `\uXXXX` → `\x{XXXX}`, `\s`/`\S` → JS's whitespace set. */
export function toRe2Syntax(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (n === 'u' && /^[0-9A-Fa-f]{4}$/.test(pattern.slice(i + 2, i + 6))) {
        out += `\\x{${pattern.slice(i + 2, i + 6)}}`;
        i += 5;
      } else if (n === 's') {
        out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
        i++;
      } else if (n === 'S' && !inClass) {
        out += `[^${JS_SPACE}]`;
        i++;
      } else {
        out += c + n;
        i++;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A leading `^` or `]` belongs to the class syntax, not its end.
      if (pattern[i + 1] === '^') {
        out += '[^';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Compiles with JS `s` semantics (`.` spans newlines) and, if asked, case-insensitive; throws on RE2 syntax errors. */
export function linearRegex(pattern: string, opts: { ignoreCase: boolean }): LinearRegex {
  const flags = RE2JS.DOTALL | (opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  const re = RE2JS.compile(toRe2Syntax(pattern), flags);
  return { test: (s) => re.test(s) };
}

/** Why RE2 refuses a pattern, or null when it compiles. */
export function re2SyntaxError(pattern: string): string | null {
  try {
    RE2JS.compile(toRe2Syntax(pattern), RE2JS.DOTALL);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^error parsing regexp: /, '');
  }
}
