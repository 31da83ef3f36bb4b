// Alert summaries from a template: "{count} ssh bruteforce attempts by {details.sourceipaddress} {top:hostname}".
// Placeholders: {count} events, {distinct} distinct values (cardinality rules), {hostnames} the
// distinct hostnames, {rule} the rule name, any field name ({details.x}, {hostname}) read from the
// first event, and over all the alert's events:
//   {values:field} distinct values in order of appearance, space-separated (at most 20, then "(+n more)")
//   {list:field}   distinct values sorted, comma-separated, the first 10, then "..." when there are 10 or more
//   {top:field}    the 5 most frequent values as "value (n hits)", space-separated
//   {count:field}  how many distinct values
// A placeholder may name alternatives ({details.username,details.user}: the first that has a value)
// and end in filters: |sort, |join:SEP (for {values:} and {hostnames}), |default:TEXT, |prefix:TEXT.
// {list:} and {top:} are the two ways MozDef's alerts list values; with the filters, ported
// summaries ("… destination(s): a,b,c", "SFTP Event by unknown …") read exactly as MozDef's did.
import type { PicketEvent } from '../ingest/event.ts';
import { fieldGetter, scalarString } from './field-value.ts';

const PLACEHOLDER =
  /\{(?:(values|list|top|count):)?([A-Za-z0-9_@.-]+(?:,[A-Za-z0-9_@.-]+)*)((?:\|[a-z]+(?::[^|{}]*)?)*)\}/g;
const FILTER = /\|([a-z]+)(?::([^|{}]*))?/g;
const FILTERS = new Set(['sort', 'join', 'default', 'prefix']);
const MAX_SUMMARY = 1000;
const MAX_LISTED = 20;
const MAX_SORTED = 10;
const MAX_TOP = 5;

interface Filter {
  name: string;
  arg: string;
}

function parseFilters(s: string): Filter[] {
  return [...s.matchAll(FILTER)].map((m) => ({ name: m[1], arg: m[2] ?? '' }));
}

/** Why a summary template cannot render (an unknown filter, a filter without its text), or null. */
export function checkSummaryTemplate(template: string): string | null {
  for (const m of template.matchAll(PLACEHOLDER)) {
    for (const f of parseFilters(m[3])) {
      if (!FILTERS.has(f.name))
        return `unknown filter "|${f.name}" in ${m[0]} (filters: |sort, |join:SEP, |default:TEXT, |prefix:TEXT)`;
      if ((f.name === 'join' || f.name === 'prefix' || f.name === 'default') && f.arg === '')
        return `|${f.name} needs a text after a colon in ${m[0]}`;
    }
  }
  return null;
}

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

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function listed(values: string[], sep: string): string {
  const shown = values.slice(0, MAX_LISTED).join(sep);
  return values.length > MAX_LISTED ? `${shown} (+${values.length - MAX_LISTED} more)` : shown;
}

function sortedList(values: string[]): string {
  const sorted = values.sort(byText);
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

function aggregate(kind: string, events: readonly PicketEvent[], field: string, sort: boolean, sep: string): string {
  const counts = valueCounts(events, field);
  switch (kind) {
    case 'values': {
      const values = [...counts.keys()];
      return listed(sort ? values.sort(byText) : values, sep);
    }
    case 'list':
      return sortedList([...counts.keys()]);
    case 'top':
      return top(counts);
    default:
      return String(counts.size);
  }
}

function firstValue(e: PicketEvent | undefined, field: string): string {
  if (!e) return '';
  const v = fieldGetter(field)(e);
  return (
    scalarString(v) ??
    (Array.isArray(v)
      ? v
          .map(scalarString)
          .filter((x) => x !== undefined)
          .join(' ')
      : '')
  );
}

export function renderSummary(
  template: string,
  ctx: { events: readonly PicketEvent[]; ruleName: string; distinct?: number },
): string {
  const first = ctx.events[0];
  const render = (kind: string | undefined, names: string[], filters: Filter[]): string => {
    const sort = filters.some((f) => f.name === 'sort');
    const sep = filters.findLast((f) => f.name === 'join')?.arg ?? ' ';
    let out = '';
    for (const name of names) {
      if (kind) out = aggregate(kind, ctx.events, name, sort, sep);
      else if (name === 'hostnames') out = aggregate('values', ctx.events, 'hostname', sort, sep);
      else if (name === 'count') out = String(ctx.events.length);
      else if (name === 'distinct') out = String(ctx.distinct ?? 0);
      else if (name === 'rule') out = ctx.ruleName;
      else out = firstValue(first, name);
      if (out !== '') break;
    }
    for (const f of filters) {
      if (f.name === 'default' && out === '') out = f.arg;
      else if (f.name === 'prefix' && out !== '') out = f.arg + out;
    }
    return out;
  };
  // A list placeholder at the end with nothing to list leaves no dangling space (MozDef appended such lists).
  const out = template
    .replace(PLACEHOLDER, (_, kind: string | undefined, names: string, filters: string) =>
      render(kind, names.split(','), parseFilters(filters)),
    )
    .trimEnd();
  return out.length > MAX_SUMMARY ? `${out.slice(0, MAX_SUMMARY - 1)}…` : out;
}
