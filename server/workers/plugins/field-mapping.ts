import { readOwnPath } from '../../ingest/own-path.ts';

/** Output field → dotted path under the event's details (MozDef's mapping YAMLs, as data). */
export type FieldMap = Readonly<Record<string, string>>;

type Compiled = ReadonlyArray<readonly [string, readonly string[]]>;
const compiled = new WeakMap<FieldMap, Compiled>();

/**
 * Copies each mapped value into `out` (MozDef: jmespath.search per key). A path through an array or
 * a missing key yields nothing, as does a null value, like jmespath's None that MozDef skipped.
 */
export function applyFieldMap(map: FieldMap, details: Record<string, unknown>, out: Record<string, unknown>): void {
  let c = compiled.get(map);
  if (!c) compiled.set(map, (c = Object.entries(map).map(([k, p]) => [k, p.split('.')] as const)));
  for (const [key, path] of c) {
    const v = readOwnPath(details, path);
    if (v !== undefined && v !== null) out[key] = v;
  }
}

/** Python's datetime.isoformat() of the instant in UTC, as MozDef's toUTC(...).isoformat() wrote it. */
export function pythonUtcIso(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return v;
  const frac = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(v)?.[1];
  const micros = frac ? frac.padEnd(6, '0').slice(0, 6) : String((ms % 1000) * 1000).padStart(6, '0');
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}${micros === '000000' ? '' : `.${micros}`}+00:00`;
}
