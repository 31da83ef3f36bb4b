// Field names of the query language and how each kind of field is matched.
import { ANY_FIELD, type FieldRef } from './ast.ts';

export type KeywordColumn = 'category' | 'source' | 'hostname' | 'processname' | 'processid' | 'severity';
export type DateColumn = 'utctimestamp' | 'receivedtimestamp';

export type FieldInfo =
  /** `summary` and the default field: case-insensitive free text. */
  | { kind: 'text'; column: 'summary' }
  /** Exact, case-sensitive keyword; `severity` is the one case-insensitive keyword (`upper`). */
  | { kind: 'keyword'; column: KeywordColumn; upper: boolean }
  | { kind: 'tags' }
  | { kind: 'id' }
  | { kind: 'date'; column: DateColumn }
  /** A JSON path inside `details`, never empty. */
  | { kind: 'details'; path: string[] }
  /** ANY_FIELD: the text columns, every tag and every scalar anywhere in `details`; free text like summary. */
  | { kind: 'any' };

const KEYWORDS = new Set<string>(['category', 'source', 'hostname', 'processname', 'processid', 'severity']);
const DATES = new Set<string>(['utctimestamp', 'receivedtimestamp']);
const COLUMNS = new Set<string>([...KEYWORDS, ...DATES, 'summary', 'tags', 'id']);

/** What may appear before the `:` of a clause. */
export const FIELD_NAME_RE = /[A-Za-z0-9_@.-]+/y;

/**
 * The canonical name for a field as typed, or an error message. Anything that is not a column lives
 * under `details` (MozDef keeps every other field there), so `sourceipaddress` is
 * `details.sourceipaddress` and `a.b` is `details.a.b`.
 */
export function normalizeField(name: string): { field: string } | { error: string } {
  if (COLUMNS.has(name)) return { field: name };
  if (name === 'details') return { error: 'Field "details" needs a sub-field, e.g. details.username,' };
  const path = name.startsWith('details.') ? name.slice('details.'.length) : name;
  if (path.split('.').some((seg) => seg === '')) return { error: `Invalid field name "${name}"` };
  return { field: `details.${path}` };
}

export function fieldInfo(field: FieldRef): FieldInfo {
  if (field === null || field === 'summary') return { kind: 'text', column: 'summary' };
  if (field === ANY_FIELD) return { kind: 'any' };
  if (KEYWORDS.has(field)) return { kind: 'keyword', column: field as KeywordColumn, upper: field === 'severity' };
  if (DATES.has(field)) return { kind: 'date', column: field as DateColumn };
  if (field === 'tags') return { kind: 'tags' };
  if (field === 'id') return { kind: 'id' };
  if (field.startsWith('details.') && field.length > 'details.'.length) {
    return { kind: 'details', path: detailsPath(field.slice('details.'.length)) };
  }
  throw new Error(`not a canonical query field: ${JSON.stringify(field)}`);
}

/**
 * `a.b` → ['a', 'b']; `id\.orig_h` → ['id.orig_h']: a backslash makes the next character part of
 * the key, so a key holding dots (Zeek's flat JSON) can be named. The Lucene parser never produces
 * a backslash in a field name; Sigma's field mapping does.
 */
function detailsPath(rest: string): string[] {
  if (!rest.includes('\\')) return rest.split('.');
  const path: string[] = [];
  let seg = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\' && i + 1 < rest.length) seg += rest[++i];
    else if (c === '.') {
      path.push(seg);
      seg = '';
    } else seg += c;
  }
  path.push(seg);
  return path;
}
