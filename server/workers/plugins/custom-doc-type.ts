import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef customDocType: an event posted to /custom/<application> gets its endpoint as its type, for
// filtering one custom source from another (details.type here: the MozDef schema's own fields are
// fixed).

export function setCustomDocType(e: PicketEvent): PicketEvent {
  const d = e.details;
  if (Object.hasOwn(d, 'endpoint') && d.customendpoint && typeof d.endpoint === 'string') d.type = d.endpoint;
  return e;
}

export function createCustomDocTypePlugin(): EnrichmentPlugin {
  return { name: 'customDocType', description: 'events from /custom/<application>: details.type = the endpoint', priority: 2, registration: ['customendpoint'], onEvent: setCustomDocType };
}
