// Elasticsearch _bulk bodies (MozDef shippers, Logstash, Beats post here) and the ES-shaped answer.
//
// NDJSON pairs: an action line ({"index":{"_index":"events"}}) then, for index/create, the
// document line; for update the line is {"doc": {...}} and doc is taken; delete has no second
// line. Unlike ES, a malformed line does not fail the request: it becomes an item with `error`
// (reported with status 400) and parsing goes on. After a malformed action line the next line
// is taken as its document and skipped, unless it is itself a valid action line.

import { decodeBody, jsonError, splitLines } from './parse-body.ts';

export type BulkAction = 'index' | 'create' | 'update' | 'delete';

export interface BulkItem {
  action: BulkAction;
  index?: string;
  id?: string;
  doc?: unknown;
  error?: string;
}

export type BulkResult = { ok: true; id: string } | { ok: false; error: string };

export interface BulkResponseEntry {
  _index: string;
  _id?: string;
  status: number;
  result?: 'created' | 'updated' | 'deleted';
  error?: { type: string; reason: string };
}

export interface BulkResponse {
  took: number;
  errors: boolean;
  items: Array<Partial<Record<BulkAction, BulkResponseEntry>>>;
}

const DEFAULT_INDEX = 'events';
const BAD_ACTION = 'malformed action line: expected {"index"|"create"|"update"|"delete": {...}}';

interface Action {
  action: BulkAction;
  index?: string;
  id?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A valid action line, or the reason it is not one. */
function parseAction(line: string): Action | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return `${jsonError(e)} (action line)`;
  }
  if (!isObject(v)) return BAD_ACTION;
  const keys = Object.keys(v);
  if (keys.length !== 1) return BAD_ACTION;
  const action = keys[0];
  if (action !== 'index' && action !== 'create' && action !== 'update' && action !== 'delete') return BAD_ACTION;
  const meta = v[action];
  if (!isObject(meta)) return BAD_ACTION;
  const out: Action = { action };
  if (typeof meta._index === 'string' && meta._index.length > 0) out.index = meta._index;
  if (typeof meta._id === 'string' || typeof meta._id === 'number') out.id = String(meta._id);
  return out;
}

/**
 * Items in body order, one per action (so index i of the items is the i-th action line, as in
 * the ES response). Fails as a whole only when the body is empty or has no valid action line.
 */
export function parseBulkBody(body: Buffer | string): { ok: true; items: BulkItem[] } | { ok: false; error: string } {
  const lines = splitLines(decodeBody(body));
  if (lines.length === 0) return { ok: false, error: 'empty body' };
  const items: BulkItem[] = [];
  let actions = 0;
  let i = 0;
  while (i < lines.length) {
    const act = parseAction(lines[i++]);
    if (typeof act === 'string') {
      items.push({ action: 'index', error: act });
      if (i < lines.length && typeof parseAction(lines[i]) === 'string') i++; // its presumed document
      continue;
    }
    actions++;
    const item: BulkItem = { action: act.action };
    if (act.index !== undefined) item.index = act.index;
    if (act.id !== undefined) item.id = act.id;
    items.push(item);
    if (act.action === 'delete') continue;
    if (i >= lines.length) {
      item.error = `missing document line after the ${act.action} action`;
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(lines[i++]);
    } catch (e) {
      item.error = jsonError(e);
      continue;
    }
    if (act.action !== 'update') item.doc = doc;
    else if (isObject(doc) && isObject(doc.doc)) item.doc = doc.doc;
    else item.error = 'update requires a {"doc": {...}} line (scripts and upserts are not supported)';
  }
  if (actions === 0) {
    return {
      ok: false,
      error: 'no valid bulk action line: expected {"index":{}} followed by the event, one JSON per line',
    };
  }
  return { ok: true, items };
}

function failure(
  index: string,
  id: string | undefined,
  status: number,
  type: string,
  reason: string,
): BulkResponseEntry {
  const e: BulkResponseEntry = { _index: index, status, error: { type, reason } };
  if (id !== undefined) e._id = id;
  return e;
}

/**
 * The ES _bulk response for items and their results (results[i] belongs to items[i]). An item
 * that already has a parse error is reported with it whatever its result says.
 */
export function bulkResponse(items: BulkItem[], results: BulkResult[], tookMs: number): BulkResponse {
  let errors = false;
  const out = new Array<BulkResponse['items'][number]>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const index = item.index ?? DEFAULT_INDEX;
    const r = results[i];
    let entry: BulkResponseEntry;
    if (item.error !== undefined) entry = failure(index, item.id, 400, 'mapper_parsing_exception', item.error);
    else if (r === undefined) entry = failure(index, item.id, 500, 'exception', 'no result for this item');
    else if (!r.ok) entry = failure(index, item.id, 400, 'mapper_parsing_exception', r.error);
    else if (item.action === 'index' || item.action === 'create') {
      entry = { _index: index, _id: r.id, status: 201, result: 'created' };
    } else {
      entry = { _index: index, _id: r.id, status: 200, result: item.action === 'update' ? 'updated' : 'deleted' };
    }
    if (entry.status >= 300) errors = true;
    out[i] = { [item.action]: entry };
  }
  return { took: Math.max(0, Math.round(tookMs)), errors, items: out };
}
