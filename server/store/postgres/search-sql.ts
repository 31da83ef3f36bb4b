import type { QueryNode } from '../query/index.ts';
import { compileToSql } from '../query/index.ts';
import type { SortSpec } from '../event-store.ts';
import { pgTimestamp } from '../time-range.ts';
import { avoidIndexOrder } from './plan-hints.ts';

export const EVENT_COLUMNS =
  'id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details';

/** Builds parameterized SQL; every user-supplied value travels as a parameter. */
export class SqlBuilder {
  readonly params: unknown[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(query: QueryNode, from: Date, to: Date): string {
    const parts = [
      `utctimestamp >= ${this.param(pgTimestamp(from))}::timestamptz`,
      `utctimestamp <= ${this.param(pgTimestamp(to))}::timestamptz`,
    ];
    const cond = this.condition(query);
    if (cond !== 'TRUE') parts.push(`(${cond})`);
    return parts.join(' AND ');
  }

  /**
   * The query alone as a boolean expression (no time range). Free text ANDed with another condition
   * leaves the summary trigram index alone: with a common phrase the planner ANDed a bitmap of
   * millions of index entries with the other condition's (1.6 s at 10M events, against 0.3 s without
   * it; docs/storage.md, "Free text").
   */
  condition(query: QueryNode): string {
    const compiled = compileToSql(query, this.params.length, { summaryIndex: !avoidIndexOrder(query) });
    this.params.push(...compiled.params);
    return compiled.sql.trim();
  }
}

export interface Cursor {
  /** Sort-field value of the last row returned. */
  v: string;
  ts: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.ts, c.id])).toString('base64url');
}

export function decodeCursor(s: string): Cursor | null {
  try {
    const arr = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(arr) || arr.length !== 3 || !arr.every((x) => typeof x === 'string')) return null;
    if (!/^[0-9a-f-]{36}$/i.test(arr[2]) || Number.isNaN(Date.parse(arr[1]))) return null;
    return { v: arr[0], ts: arr[1], id: arr[2] };
  } catch {
    return null;
  }
}

/** Keyset pagination: rows strictly after the cursor in (sortField, utctimestamp, id) order. */
export function keysetCondition(b: SqlBuilder, sort: SortSpec, c: Cursor): string {
  const op = sort.order === 'desc' ? '<' : '>';
  const ts = `${b.param(c.ts)}::timestamptz`;
  const id = `${b.param(c.id)}::uuid`;
  if (sort.field === 'utctimestamp') return `(utctimestamp, id) ${op} (${ts}, ${id})`;
  const cast = sort.field === 'receivedtimestamp' ? '::timestamptz' : '';
  return `(${sort.field}, utctimestamp, id) ${op} (${b.param(c.v)}${cast}, ${ts}, ${id})`;
}

/** `avoidIndex` orders by an expression the utctimestamp index cannot supply (see plan-hints.ts). */
export function orderBy(sort: SortSpec, avoidIndex = false): string {
  const dir = sort.order === 'desc' ? 'DESC' : 'ASC';
  const ts = avoidIndex ? `(utctimestamp + interval '0 s')` : 'utctimestamp';
  return sort.field === 'utctimestamp' ? `${ts} ${dir}, id ${dir}` : `${sort.field} ${dir}, ${ts} ${dir}, id ${dir}`;
}

const DETAILS_PATH_RE = /^details((?:\.[^.]+)+)$/;

/** The SQL expression an aggregation groups by. Field names are matched against a whitelist or become a parameterized JSON path. */
export function groupExpression(b: SqlBuilder, field: string): { expr: string; unnest: boolean } {
  const columns = ['category', 'source', 'hostname', 'processname', 'processid', 'severity', 'summary'];
  if (columns.includes(field)) return { expr: field, unnest: false };
  if (field === 'tags') return { expr: 'unnest(tags)', unnest: true };
  const m = DETAILS_PATH_RE.exec(field.startsWith('details.') ? field : `details.${field}`);
  if (!m) throw new Error(`unsupported aggregation field ${field}`);
  const path = m[1].slice(1).split('.');
  return { expr: `details #>> ${b.param(path)}::text[]`, unnest: false };
}
