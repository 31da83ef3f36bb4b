// Alert summaries from a template: "{count} ssh bruteforce attempts by {details.sourceipaddress} {top:hostname}".
// Placeholders: {count} events, {distinct} distinct values (cardinality rules), {hostnames} the
// distinct hostnames, {rule} the rule name, any field name ({details.x}, {hostname}) read from the
// first event ({field|text} gives text when the field is missing or empty), and over all the
// alert's events:
//   {values:field} distinct values in order of appearance, space-separated (at most 20, then "(+n more)")
//   {list:field}   distinct values sorted, comma-separated, the first 10, then "..." when there are 10 or more
//   {top:field}    the 5 most frequent values as "value (n hits)", space-separated
//   {count:field}  how many distinct values
// {list:} and {top:} are the two ways MozDef's alerts list values, so ported summaries read the same.
import type { PicketEvent } from '../ingest/event.ts';
import { fieldGetter, scalarString } from './field-value.ts';

const PLACEHOLDER = /\{(?:(values|list|top|count):)?([A-Za-z0-9_@.-]+)(?:\|([^{}]{0,100}))?\}/g;
const MAX_SUMMARY = 1000;
const MAX_LISTED = 20;
const MAX_SORTED = 10;
const MAX_TOP = 5;

/** Distinct values of a field over the events, with how many events carry each, in order of first appearance. */
function valueCounts(events: readonly PicketEvent[], field: string): Map<string, number> {
  const get = fieldGetter(field);
  const seen = new Map<string, number>();
  for (const e of events) {
    const v = get(e);
    for (const x of Array.isArray(v) ? v : [v]) {
      const s = scalarString(x);
      if (s !== undefined) seen.set(s, (seen.get(s) ?? 0) + 1);
    }
  }
  return seen;
}

function listed(values: string[]): string {
  const shown = values.slice(0, MAX_LISTED).join(' ');
  return values.length > MAX_LISTED ? `${shown} (+${values.length - MAX_LISTED} more)` : shown;
}

function sortedList(values: string[]): string {
  const sorted = values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.slice(0, MAX_SORTED).join(', ') + (sorted.length >= MAX_SORTED ? '...' : '');
}

function top(counts: Map<string, number>): string {
  // Stable sort: equal counts keep the order in which the values first appeared.
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  return ranked
    .slice(0, MAX_TOP)
    .map(([v, n]) => `${v} (${n} hits)`)
    .join(' ');
}

function aggregate(kind: string, events: readonly PicketEvent[], field: string): string {
  const counts = valueCounts(events, field);
  switch (kind) {
    case 'values':
      return listed([...counts.keys()]);
    case 'list':
      return sortedList([...counts.keys()]);
    case 'top':
      return top(counts);
    default:
      return String(counts.size);
  }
}

function fieldText(e: PicketEvent | undefined, name: string): string {
  if (!e) return '';
  const v = fieldGetter(name)(e);
  return scalarString(v) ?? (Array.isArray(v) ? v.map(scalarString).filter((x) => x !== undefined).join(' ') : '');
}

export function renderSummary(template: string, ctx: { events: readonly PicketEvent[]; ruleName: string; distinct?: number }): string {
  const first = ctx.events[0];
  let out = template.replace(PLACEHOLDER, (_, kind: string | undefined, name: string, fallback: string | undefined) => {
    if (kind) return aggregate(kind, ctx.events, name);
    if (fallback !== undefined) return fieldText(first, name) || fallback;
    if (name === 'count') return String(ctx.events.length);
    if (name === 'distinct') return String(ctx.distinct ?? 0);
    if (name === 'hostnames') return listed([...valueCounts(ctx.events, 'hostname').keys()]);
    if (name === 'rule') return ctx.ruleName;
    return fieldText(first, name);
  });
  // A list placeholder at the end with nothing to list leaves no dangling space (MozDef appended such lists).
  out = out.trimEnd();
  return out.length > MAX_SUMMARY ? `${out.slice(0, MAX_SUMMARY - 1)}…` : out;
}
