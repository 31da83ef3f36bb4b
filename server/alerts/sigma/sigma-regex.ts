// Sigma `|re` → a regex node both back ends run alike. Sigma's regexes are PCRE-like: they search
// anywhere in the value, are case-sensitive, `.` stops at a newline and `^`/`$` are the value's
// edges, unless the flags say otherwise (`|re|i`, `|re|m`, `|re|s`, or the same letters as a
// leading `(?ims)`). Picket's engines run `.` across newlines (RE2 DOTALL, Postgres's default), so
// without `s` every `.` of the pattern is spelled `[^\n]`; `i` and `m` travel as node flags (RE2's
// CASE_INSENSITIVE/MULTILINE, Postgres's `~*` and embedded option `(?w)`).
import type { QueryNode } from '../../store/query/ast.ts';
import { checkRegex } from '../../store/query/values.ts';
import { SigmaError } from './sigma-error.ts';

export interface SigmaRegexFlags {
  i: boolean;
  m: boolean;
  s: boolean;
}

/** Every `.` outside a bracket expression (and not escaped) → `[^\n]`. */
function dotStopsAtNewline(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is refused by checkRegex, so no literal-`]` case here.
      if (pattern[i + 1] === '^') out += pattern[++i];
    } else out += c === '.' ? '[^\\n]' : c;
  }
  return out;
}

export function sigmaRegex(field: string, key: string, raw: string, given: SigmaRegexFlags): QueryNode {
  const flags = { ...given };
  let pattern = raw;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (inline) {
    for (const f of inline[1]) {
      if (f !== 'i' && f !== 'm' && f !== 's')
        throw new SigmaError(`Sigma: the inline regex flag (?${f}) in "${key}" is not supported (only i, m and s)`);
      flags[f] = true;
    }
    pattern = pattern.slice(inline[0].length);
  }
  if (/\(\?[a-zA-Z-]+[:)]/.test(pattern)) {
    throw new SigmaError(
      `Sigma: the regular expression of "${key}" sets flags inside the pattern; only a leading (?i), (?m), (?s) or the |i |m |s modifiers are supported`,
    );
  }
  const why = checkRegex(pattern);
  if (why) throw new SigmaError(`Sigma: the regular expression of "${key}" is not supported: ${why}`);
  const body = flags.s ? pattern : dotStopsAtNewline(pattern);
  // Sigma regexes search anywhere in the value; Picket's are anchored to the whole value.
  return { type: 'regex', field, pattern: `.*(?:${body}).*`, flags: { ignoreCase: flags.i, multiline: flags.m } };
}
