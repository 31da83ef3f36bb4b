// Alert summaries from a template: "{count} ssh bruteforce attempts by {details.sourceipaddress} {hostnames}".
// Placeholders: {count} events, {distinct} distinct values (cardinality rules), {hostnames} the
// distinct hostnames, {values:field} the distinct values of any field, {rule} the rule name, and any
// field name ({details.x}, {sourceipaddress}, {hostname}) read from the first event.
// A placeholder may name alternatives ({details.username,details.user}: the first that has a value)
// and end in filters: |sort, |join:SEP, |default:TEXT, |prefix:TEXT — enough to write MozDef's
// summaries ("… destination(s): a,b,c", "SFTP Event by unknown …", "detected by bob …") as data.
import type { PicketEvent } from '../ingest/event.ts';
import { fieldGetter, scalarString } from './field-value.ts';

const PLACEHOLDER = /\{(values:)?([A-Za-z0-9_@.-]+(?:,[A-Za-z0-9_@.-]+)*)((?:\|[a-z]+(?::[^|{}]*)?)*)\}/g;
const FILTER = /\|([a-z]+)(?::([^|{}]*))?/g;
const FILTERS = new Set(['sort', 'join', 'default', 'prefix']);
const MAX_SUMMARY = 1000;
const MAX_LISTED = 20;

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
      if (!FILTERS.has(f.name)) return `unknown filter "|${f.name}" in ${m[0]} (filters: |sort, |join:SEP, |default:TEXT, |prefix:TEXT)`;
      if ((f.name === 'join' || f.name === 'prefix' || f.name === 'default') && f.arg === '') return `|${f.name} needs a text after a colon in ${m[0]}`;
    }
  }
  return null;
}

function distinctValues(events: readonly PicketEvent[], field: string): string[] {
  const get = fieldGetter(field);
  const seen = new Set<string>();
  for (const e of events) {
    const v = get(e);
    for (const x of Array.isArray(v) ? v : [v]) {
      const s = scalarString(x);
      if (s !== undefined) seen.add(s);
    }
  }
  return [...seen];
}

function listed(values: string[], sep: string): string {
  const shown = values.slice(0, MAX_LISTED).join(sep);
  return values.length > MAX_LISTED ? `${shown} (+${values.length - MAX_LISTED} more)` : shown;
}

function firstValue(e: PicketEvent | undefined, field: string): string {
  if (!e) return '';
  const v = fieldGetter(field)(e);
  return scalarString(v) ?? (Array.isArray(v) ? v.map(scalarString).filter((x) => x !== undefined).join(' ') : '');
}

export function renderSummary(template: string, ctx: { events: readonly PicketEvent[]; ruleName: string; distinct?: number }): string {
  const first = ctx.events[0];
  const render = (values: boolean, names: string[], filters: Filter[]): string => {
    const sort = filters.some((f) => f.name === 'sort');
    const sep = filters.findLast((f) => f.name === 'join')?.arg ?? ' ';
    let out = '';
    for (const name of names) {
      if (values || name === 'hostnames') {
        const list = distinctValues(ctx.events, values ? name : 'hostname');
        out = listed(sort ? list.sort() : list, sep);
      } else if (name === 'count') out = String(ctx.events.length);
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
  const out = template.replace(PLACEHOLDER, (_, values: string | undefined, names: string, filters: string) => render(!!values, names.split(','), parseFilters(filters)));
  return out.length > MAX_SUMMARY ? `${out.slice(0, MAX_SUMMARY - 1)}…` : out;
}
