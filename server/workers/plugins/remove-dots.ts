import type { PicketEvent } from '../../ingest/event.ts';
import { setOwn } from '../../ingest/sanitize.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef remove_dots: CloudTrail writes keys such as ".DS_Store" (S3 object names) that a dotted
// field path cannot name; a key starting or ending with a dot loses all its dots, at any depth.

function strip(v: unknown, depth: number): void {
  if (depth > 64 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const item of v) strip(item, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    let k = key;
    if (key.length > 0 && (key.startsWith('.') || key.endsWith('.'))) {
      k = key.replaceAll('.', '');
      const value = o[key];
      delete o[key];
      setOwn(o, k, value);
    }
    strip(o[k], depth + 1);
  }
}

export function removeDots(e: PicketEvent): PicketEvent {
  strip(e.details, 0);
  return e;
}

export function createRemoveDotsPlugin(): EnrichmentPlugin {
  return {
    name: 'remove_dots',
    description: 'CloudTrail keys starting or ending with a dot lose their dots',
    priority: 5,
    registration: ['cloudtrail'],
    onEvent: removeDots,
  };
}
