// Search results as a download: CSV (the explorer's columns) or NDJSON (the same projection),
// produced page by page from the event store so memory stays flat whatever the row cap. Each page
// is an ordinary search, so it runs under the user's query time limit like any other.
import type { PicketEvent } from '../ingest/event.ts';
import { readOwnPath, writeOwnPath } from '../ingest/own-path.ts';
import type { EventStore, SortSpec } from './event-store.ts';
import type { QueryNode } from './query/index.ts';

export { EXPORT_MAX_ROWS } from './export-limit.ts';
const PAGE_SIZE = 1000;

export type ExportFormat = 'csv' | 'ndjson';

/** Top-level event fields a column may name; anything else is a path in details (`details.` optional). */
const TOP_FIELDS = new Set([
  'receivedtimestamp',
  'category',
  'source',
  'hostname',
  'processname',
  'processid',
  'severity',
  'summary',
  'tags',
]);

/** The value a column shows for an event (undefined when the event lacks it). */
export function columnValue(e: PicketEvent, column: string): unknown {
  if (column === 'utctimestamp' || column === 'id' || TOP_FIELDS.has(column)) return e[column as keyof PicketEvent];
  if (column === 'details') return e.details;
  return readOwnPath(e.details, (column.startsWith('details.') ? column.slice(8) : column).split('.'));
}

/** Keeps id, utctimestamp and the chosen columns; `details.a.b` / bare `a.b` keep that path of details. */
export function projectEvent(
  e: PicketEvent,
  columns: readonly string[],
): Partial<PicketEvent> & { id: string; utctimestamp: string } {
  const out: Record<string, unknown> = { id: e.id, utctimestamp: e.utctimestamp };
  let details: Record<string, unknown> | undefined;
  for (const c of columns) {
    if (TOP_FIELDS.has(c)) {
      out[c] = e[c as keyof PicketEvent];
      continue;
    }
    if (c === 'details') {
      details = e.details;
      out.details = details;
      continue;
    }
    const path = (c.startsWith('details.') ? c.slice(8) : c).split('.');
    const src = readOwnPath(e.details, path);
    if (src === undefined) continue;
    details ??= {};
    writeOwnPath(details, path, src);
    out.details = details;
  }
  return out as Partial<PicketEvent> & { id: string; utctimestamp: string };
}

// A spreadsheet evaluates a cell starting with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  let s =
    v === null || v === undefined
      ? ''
      : typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export interface ExportRequest {
  query: QueryNode;
  from: Date;
  to: Date;
  sort: SortSpec;
  columns: readonly string[];
  format: ExportFormat;
  /** At most EXPORT_MAX_ROWS. */
  limit: number;
}

export interface PreparedExport {
  /** How many rows the download will hold, when known up front (the store counts up to its cap). */
  rows: number | null;
  /** True when matches exceed `limit`: the file holds the first `limit` rows in sort order. */
  truncated: boolean | null;
  chunks: AsyncIterable<string>;
}

/**
 * Runs the first page before anything is sent, so a bad query or a timeout is still a 4xx answer;
 * later pages stream. A later failure ends the stream with an error (the download is then visibly
 * incomplete, never silently short).
 */
export async function prepareExport(store: EventStore, r: ExportRequest): Promise<PreparedExport> {
  const columns = ['utctimestamp', ...r.columns.filter((c) => c !== 'utctimestamp')];
  const page = (cursor?: string) =>
    store.search({ query: r.query, from: r.from, to: r.to, sort: r.sort, size: Math.min(PAGE_SIZE, r.limit), cursor });
  const first = await page();
  const known = first.totalExact ? first.total : null;
  const line = (e: PicketEvent) =>
    r.format === 'csv'
      ? `${columns.map((c) => csvCell(columnValue(e, c))).join(',')}\r\n`
      : `${JSON.stringify(projectEvent(e, r.columns))}\n`;
  async function* chunks(): AsyncIterable<string> {
    if (r.format === 'csv') yield `${columns.map(csvCell).join(',')}\r\n`;
    let result = first;
    let sent = 0;
    for (;;) {
      const take = result.events.slice(0, r.limit - sent);
      if (take.length) yield take.map(line).join('');
      sent += take.length;
      if (sent >= r.limit || !result.nextCursor) return;
      result = await page(result.nextCursor);
    }
  }
  return {
    rows: known === null ? null : Math.min(known, r.limit),
    truncated: known === null ? (first.total > r.limit ? true : null) : known > r.limit,
    chunks: chunks(),
  };
}
