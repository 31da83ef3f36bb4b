import type { PicketEvent } from '../../ingest/event.ts';
import { setOwn } from '../../ingest/sanitize.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef lower_keys: CloudTrail, Suricata and GuardDuty write camelCase keys (eventName,
// requestParameters); MozDef's alerts query them in lower case, so every key below details is
// renamed. When two spellings meet (Name and name), the one later in the object wins, as in MozDef.

function lowered(v: unknown, depth: number): unknown {
  if (depth > 64 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = lowered(v[i], depth + 1);
    return v;
  }
  const src = v as Record<string, unknown>;
  let changed = false;
  for (const k of Object.keys(src)) {
    if (k !== k.toLowerCase()) {
      changed = true;
      break;
    }
  }
  if (!changed) {
    for (const k of Object.keys(src)) src[k] = lowered(src[k], depth + 1);
    return src;
  }
  const out: Record<string, unknown> = {};
  // setOwn: a key that lowers to "__proto__" stays data.
  for (const k of Object.keys(src)) setOwn(out, k.toLowerCase(), lowered(src[k], depth + 1));
  return out;
}

export function lowerKeys(event: PicketEvent): PicketEvent {
  event.details = lowered(event.details, 0) as Record<string, unknown>;
  return event;
}

export function createLowerKeysPlugin(): EnrichmentPlugin {
  return {
    name: 'lower_keys',
    priority: 4,
    registration: ['cloudtrail', 'suricata', 'guardduty'],
    onEvent: lowerKeys,
  };
}
