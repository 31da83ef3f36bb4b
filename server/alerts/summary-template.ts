// Alert summaries from a template: "{count} ssh bruteforce attempts by {details.sourceipaddress} {hostnames}".
// Placeholders: {count} events, {distinct} distinct values (cardinality rules), {hostnames} the
// distinct hostnames, {values:field} the distinct values of any field, {rule} the rule name, and any
// field name ({details.x}, {sourceipaddress}, {hostname}) read from the first event.
import type { PicketEvent } from '../ingest/event.ts';
import { fieldGetter, scalarString } from './field-value.ts';

const PLACEHOLDER = /\{(values:)?([A-Za-z0-9_@.-]+)\}/g;
const MAX_SUMMARY = 1000;
const MAX_LISTED = 20;

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

function listed(values: string[]): string {
  const shown = values.slice(0, MAX_LISTED).join(' ');
  return values.length > MAX_LISTED ? `${shown} (+${values.length - MAX_LISTED} more)` : shown;
}

export function renderSummary(template: string, ctx: { events: readonly PicketEvent[]; ruleName: string; distinct?: number }): string {
  const first = ctx.events[0];
  const out = template.replace(PLACEHOLDER, (_, values: string | undefined, name: string) => {
    if (values) return listed(distinctValues(ctx.events, name));
    if (name === 'count') return String(ctx.events.length);
    if (name === 'distinct') return String(ctx.distinct ?? 0);
    if (name === 'hostnames') return listed(distinctValues(ctx.events, 'hostname'));
    if (name === 'rule') return ctx.ruleName;
    if (!first) return '';
    const v = fieldGetter(name)(first);
    return scalarString(v) ?? (Array.isArray(v) ? v.map(scalarString).filter((x) => x !== undefined).join(' ') : '');
  });
  return out.length > MAX_SUMMARY ? `${out.slice(0, MAX_SUMMARY - 1)}…` : out;
}
