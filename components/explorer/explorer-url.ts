// The explorer's whole view lives in the URL (/events?q=&from=&to=&cols=&sort=) so a link reproduces it.
export const DEFAULT_COLUMNS = ['category', 'hostname', 'summary'] as const;
export const DEFAULT_FROM = 'now-24h';
export const DEFAULT_TO = 'now';

export interface ExplorerView {
  q: string;
  from: string;
  to: string;
  columns: string[];
  order: 'asc' | 'desc';
}

export function readView(params: URLSearchParams): ExplorerView {
  const cols = params.get('cols');
  return {
    q: params.get('q') ?? '',
    from: params.get('from') || DEFAULT_FROM,
    to: params.get('to') || DEFAULT_TO,
    columns:
      cols === null
        ? [...DEFAULT_COLUMNS]
        : cols
            .split(',')
            .filter((c) => /^[A-Za-z0-9_@.-]+$/.test(c))
            .slice(0, 50),
    order: params.get('sort') === 'asc' ? 'asc' : 'desc',
  };
}

export function viewHref(view: ExplorerView): string {
  const p = new URLSearchParams();
  if (view.q) p.set('q', view.q);
  p.set('from', view.from);
  p.set('to', view.to);
  if (view.columns.join(',') !== DEFAULT_COLUMNS.join(',')) p.set('cols', view.columns.join(','));
  if (view.order === 'asc') p.set('sort', 'asc');
  return '/events?' + p.toString();
}

/** A Lucene term for one exact value: always quoted, with `"` and `\` escaped, so any text stays one literal. */
export function quoteValue(value: string): string {
  return '"' + value.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

export function fieldTerm(field: string, value: string): string {
  return `${field}:${quoteValue(value)}`;
}

/** Adds `field:"value"` (or NOT …) to the query with AND, wrapping an OR-query in parentheses. */
export function addFilter(q: string, field: string, value: string, negate: boolean): string {
  const term = (negate ? 'NOT ' : '') + fieldTerm(field, value);
  const base = q.trim();
  if (!base) return term;
  return `${/\bOR\b/.test(base) ? `(${base})` : base} AND ${term}`;
}

/** "All events with this value": the query alone, keeping the time range. */
export function valueHref(field: string, value: string, view: Pick<ExplorerView, 'from' | 'to'>): string {
  return viewHref({
    q: fieldTerm(field, value),
    from: view.from,
    to: view.to,
    columns: [...DEFAULT_COLUMNS],
    order: 'desc',
  });
}

/** Reads a dotted path out of an event (details.sourceipaddress). */
export function fieldValue(event: Record<string, unknown>, path: string): unknown {
  let cur: unknown = event;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A value shown in a cell: text only, clipped so a hostile megabyte string cannot stall layout. */
export function cellText(value: unknown, max = 400): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** Flattens an event to [path, value] rows for the drawer's field table (depth-capped). */
export function flatten(
  value: unknown,
  prefix = '',
  out: Array<[string, unknown]> = [],
  depth = 0,
): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 8 && out.length < 2000) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else if (prefix) out.push([prefix, value]);
  return out;
}

/** Fields whose values are pivots worth a link ("all events with this value"). */
export function isPivotField(path: string): boolean {
  return /(^|\.)(hostname|host|sourceipaddress|destinationipaddress|srcip|dstip|ip|username|user|sourceuser|destinationuser)$/i.test(
    path,
  );
}

export const QUICK_RANGES: Array<{ label: string; from: string; to: string }> = [
  { label: 'Last 15 minutes', from: 'now-15m', to: 'now' },
  { label: 'Last 1 hour', from: 'now-1h', to: 'now' },
  { label: 'Last 4 hours', from: 'now-4h', to: 'now' },
  { label: 'Last 24 hours', from: 'now-24h', to: 'now' },
  { label: 'Last 7 days', from: 'now-7d', to: 'now' },
  { label: 'Last 30 days', from: 'now-30d', to: 'now' },
  { label: 'Today', from: 'now/d', to: 'now' },
];

export function rangeLabel(from: string, to: string): string {
  const quick = QUICK_RANGES.find((r) => r.from === from && r.to === to);
  if (quick) return quick.label;
  const fmt = (t: string) =>
    /^\d{4}-/.test(t) ? new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : t;
  return `${fmt(from)} → ${fmt(to)}`;
}
