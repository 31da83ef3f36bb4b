// Request bodies for POST/PUT /events and friends: one JSON object, a JSON array of objects, or
// NDJSON. Detected by content because shippers and `curl -d` send any Content-Type; the header
// only chooses which interpretation is tried first.
//
// Item indexes: for an array body, index i is the array position; for NDJSON, the i-th
// non-blank line (0-based, blank lines are not counted). `curl -d @file` strips newlines, so
// objects glued together (`{...}{...}`) or pretty-printed one after another are also accepted;
// there index i is the i-th top-level JSON value in the body.

export type BodyItem = { ok: true; value: unknown } | { ok: false; error: string };
export type ParsedBody = { ok: true; items: BodyItem[] } | { ok: false; error: string };

const NON_BLANK = /\S/;
const NDJSON_TYPE = /ndjson|jsonl|json-seq|json-stream|x-json-lines/i;
const MAX_ERROR_LENGTH = 200;
const NOT_EVENTS = 'body must be a JSON object, an array of JSON objects, or NDJSON (one object per line)';
const NOT_OBJECT = 'event must be a JSON object';

/** UTF-8 text of a body without a leading BOM (invalid UTF-8 decodes to U+FFFD). */
export function decodeBody(body: Buffer | string): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Non-blank lines, with \r\n handled and a BOM at the start of a line (concatenated files) removed. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    let first = start;
    if (text.charCodeAt(first) === 0xfeff) first++;
    if (stop > first) {
      const line = text.slice(first, stop);
      if (NON_BLANK.test(line)) lines.push(line);
    }
    start = end + 1;
  }
  return lines;
}

/** "invalid JSON: <parser message>", bounded so a huge line never ends up in a response. */
export function jsonError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const full = `invalid JSON: ${msg}`;
  return full.length > MAX_ERROR_LENGTH ? `${full.slice(0, MAX_ERROR_LENGTH - 1)}…` : full;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

interface Parsed {
  items: BodyItem[];
  objects: number; // items holding a JSON object
  failed: number; // items that are not valid JSON
}

function parseEach(chunks: string[]): Parsed {
  const items = new Array<BodyItem>(chunks.length);
  let objects = 0;
  let failed = 0;
  for (let i = 0; i < chunks.length; i++) {
    let v: unknown;
    try {
      v = JSON.parse(chunks[i]);
    } catch (e) {
      items[i] = { ok: false, error: jsonError(e) };
      failed++;
      continue;
    }
    if (isObject(v)) {
      items[i] = { ok: true, value: v };
      objects++;
    } else items[i] = { ok: false, error: NOT_OBJECT };
  }
  return { items, objects, failed };
}

/**
 * Splits a body made only of top-level objects/arrays placed one after another (any or no
 * whitespace between). null when the body has anything else at top level or is unterminated.
 */
function splitConcatenated(text: string): string[] | null {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c !== 123 && c !== 91) return null; // { [
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (inString) {
        if (d === 92)
          i++; // backslash: skip the escaped char
        else if (d === 34) inString = false;
      } else if (d === 34) inString = true;
      else if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) {
        i++;
        break;
      }
    }
    if (depth !== 0) return null;
    out.push(text.slice(start, i));
  }
  return out;
}

type Whole = { ok: true; items: BodyItem[] } | { ok: false; error: string; scalar: boolean };

function parseWhole(text: string): Whole {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: jsonError(e), scalar: false };
  }
  if (Array.isArray(v)) {
    const items = new Array<BodyItem>(v.length);
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      items[i] = isObject(e) ? { ok: true, value: e } : { ok: false, error: NOT_OBJECT };
    }
    return { ok: true, items };
  }
  if (isObject(v)) return { ok: true, items: [{ ok: true, value: v }] };
  return { ok: false, error: NOT_EVENTS, scalar: true };
}

/**
 * Parses an events body into per-event items. Fails as a whole (HTTP 400) only when the body is
 * empty, a JSON scalar, or contains no JSON object at all; otherwise bad events are per-item
 * errors and the others are kept. An empty array gives zero items.
 */
export function parseEventsBody(body: Buffer | string, contentType?: string): ParsedBody {
  const text = decodeBody(body);
  if (!NON_BLANK.test(text)) return { ok: false, error: 'empty body' };

  const ndjsonHint = contentType !== undefined && NDJSON_TYPE.test(contentType);
  let lines: Parsed | undefined;
  if (ndjsonHint) {
    lines = parseEach(splitLines(text));
    if (lines.failed === 0 && lines.objects > 0) return { ok: true, items: lines.items };
  }

  const whole = parseWhole(text);
  if (whole.ok) return whole;
  if (whole.scalar) return { ok: false, error: whole.error };

  lines ??= parseEach(splitLines(text));
  let best = lines;
  if (lines.failed > 0) {
    const chunks = splitConcatenated(text);
    if (chunks !== null && chunks.length > 1) {
      const glued = parseEach(chunks);
      if (glued.objects > best.objects) best = glued;
    }
  }
  if (best.objects === 0) {
    // Nothing usable: report the parser's view of the whole body, unless it was valid JSON lines.
    return { ok: false, error: lines.failed > 0 ? whole.error : NOT_EVENTS };
  }
  return { ok: true, items: best.items };
}
