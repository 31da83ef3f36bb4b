import type { PicketEvent } from '../../ingest/event.ts';

// COPY ... FROM STDIN text format: tab-separated, \N for NULL, backslash escapes.
// The fast path (no special characters) avoids a regex replace for most values.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyEscape(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

/** A Postgres text[] literal: every element quoted, so commas, braces and NULL-looking strings stay text. */
export function arrayLiteral(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += '"' + values[i].replace(/["\\]/g, (c) => '\\' + c) + '"';
  }
  return out + '}';
}

export const COPY_COLUMNS =
  'id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details';

export function copyRow(e: PicketEvent): string {
  return (
    e.id +
    '\t' +
    e.utctimestamp +
    '\t' +
    e.receivedtimestamp +
    '\t' +
    copyEscape(e.category) +
    '\t' +
    copyEscape(e.source) +
    '\t' +
    copyEscape(e.hostname) +
    '\t' +
    copyEscape(e.processname) +
    '\t' +
    copyEscape(e.processid) +
    '\t' +
    copyEscape(e.severity) +
    '\t' +
    copyEscape(e.summary) +
    '\t' +
    copyEscape(arrayLiteral(e.tags)) +
    '\t' +
    copyEscape(JSON.stringify(e.details)) +
    '\n'
  );
}
