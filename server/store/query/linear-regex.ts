// User-supplied patterns (Lucene /regex/ and wildcards) run on re2js, a linear-time engine with RE2
// semantics: a backtracking RegExp on the event loop lets one pattern like /(a|a)*b/ stall the
// whole process for seconds. Patterns are written in the JS dialect the parser validates
// (checkRegex); the few escapes RE2 spells differently are rewritten here.
import { RE2JS } from 're2js';
import { explicitClassEscapes } from './sql-regex.ts';

export interface LinearRegex {
  test(s: string): boolean;
}

/**
 * The JS-dialect pattern in RE2 syntax. Class escapes (\d \w \s and negations) are first spelled
 * out as explicit sets, exactly as the SQL back end does (sql-regex.ts), so both select the same
 * events; then `\uXXXX` becomes RE2's `\x{XXXX}`.
 */
export function toRe2Syntax(pattern: string): string {
  return explicitClassEscapes(pattern).replace(
    /\\(\\|u([0-9A-Fa-f]{4}))/g,
    (all, _esc: string, hex: string | undefined) => (hex ? `\\x{${hex}}` : all),
  );
}

/**
 * Compiles with JS `s` semantics (`.` spans newlines) and, if asked, case-insensitive or multiline
 * (`^`/`$` at line breaks, as Postgres's embedded option `(?w)`); throws on RE2 syntax errors.
 */
export function linearRegex(pattern: string, opts: { ignoreCase: boolean; multiline?: boolean }): LinearRegex {
  const flags = RE2JS.DOTALL | (opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (opts.multiline ? RE2JS.MULTILINE : 0);
  const re = RE2JS.compile(toRe2Syntax(pattern), flags);
  return { test: (s) => re.test(s) };
}

/** Why RE2 refuses a pattern, or null when it compiles. */
export function re2SyntaxError(pattern: string): string | null {
  // Only the class-escape rewrite makes lookarounds (users cannot write them): RE2 has none.
  if (/\(\?[=!]/.test(explicitClassEscapes(pattern))) {
    return 'a negated class escape (\\W, \\D, \\S) inside a negated bracket [^...] is not supported: write the characters out';
  }
  try {
    RE2JS.compile(toRe2Syntax(pattern), RE2JS.DOTALL);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^error parsing regexp: /, '');
  }
}
