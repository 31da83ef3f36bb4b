// ANY_FIELD (Sigma keywords): every text value of an event, the text columns, each tag, and every
// scalar anywhere in `details` (strings, numbers and booleans as `#>> '{}'` prints them; object
// keys are not values). Both back ends walk the same set; the SQL side is in compile-sql.ts.
import type { PicketEvent } from '../../ingest/event.ts';
import type { WildcardPart } from './ast.ts';
import { scalarText } from './values.ts';

/** The columns searched, in the order SQL ORs them. */
export const ANY_TEXT_COLUMNS = [
  'summary',
  'category',
  'source',
  'hostname',
  'processname',
  'processid',
  'severity',
] as const;

/** Deeper than ingest ever stores; a bound keeps a hostile in-memory object from recursing forever. */
const MAX_DEPTH = 100;

function anyScalar(v: unknown, pred: (s: string) => boolean, depth: number): boolean {
  if (v === null || typeof v !== 'object') {
    const t = scalarText(v);
    return t !== undefined && pred(t);
  }
  if (depth > MAX_DEPTH) return false;
  const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
  for (const c of children) if (anyScalar(c, pred, depth + 1)) return true;
  return false;
}

export function anyEventText(e: PicketEvent, pred: (s: string) => boolean): boolean {
  for (const col of ANY_TEXT_COLUMNS) {
    const v = e[col];
    if (typeof v === 'string' && pred(v)) return true;
  }
  if (Array.isArray(e.tags) && e.tags.some((t) => typeof t === 'string' && pred(t))) return true;
  return anyScalar(e.details, pred, 0);
}

/** Case folding of ASCII letters only: what Postgres `lower(x COLLATE "C")` does. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * An ILIKE pattern that `details::text` must match whenever some scalar inside `details` matches
 * the (substring) wildcard, or null when none can be given. The JSON text holds each string as
 * written except for `"`, `\` and control characters, so a literal free of those appears verbatim;
 * `?` (one character, maybe one that JSON escapes into several) is widened to `%`. Being only a
 * necessary condition, it lets Postgres skip the walk of `details` for most rows.
 */
export function detailsTextPrefilter(parts: WildcardPart[]): string | null {
  let body = '';
  for (const p of parts) {
    if (p.kind !== 'literal') {
      body += '%';
      continue;
    }
    // eslint-disable-next-line no-control-regex
    if (/["\\\u0000-\u001f]/.test(p.text)) return null;
    body += p.text.replace(/[%_]/g, '\\$&');
  }
  return `%${body}%`;
}
