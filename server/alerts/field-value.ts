// Reading a field of an event by its query-language name (`hostname`, `sourceipaddress`,
// `details.a.b`), for group keys, distinct counts and summary templates.
import type { PicketEvent } from '../ingest/event.ts';
import { readOwnPath } from '../ingest/own-path.ts';
import { fieldInfo, normalizeField } from '../store/query/fields.ts';

export type FieldGetter = (e: PicketEvent) => unknown;

export function fieldGetter(name: string): FieldGetter {
  const n = normalizeField(name);
  if ('error' in n) return () => undefined;
  const info = fieldInfo(n.field);
  switch (info.kind) {
    case 'text':
      return (e) => e.summary;
    case 'keyword':
    case 'date': {
      const col = info.column;
      return (e) => e[col];
    }
    case 'tags':
      return (e) => e.tags;
    case 'id':
      return (e) => e.id;
    case 'details': {
      const path = info.path;
      return (e) => readOwnPath(e.details, path);
    }
    case 'any':
      return () => undefined;
  }
}

/** Text of a scalar value (group keys, distinct values); undefined for missing, null and objects. */
export function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
