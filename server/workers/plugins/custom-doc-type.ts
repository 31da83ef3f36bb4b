import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef customDocType: an event posted to /custom/<application> gets its endpoint as its type, for
// filtering one custom source from another (details.type here: the MozDef schema's own fields are
// fixed). MozDef registered it for "customendpoint"; here it registers for every event (the check is
// two property reads) because the runner takes an event's registration terms once, at the first
// registered plugin: at priority 2 that would be before cloudtrail_record (3) names raw CloudTrail
// records "cloudtrail", and lower_keys would no longer see them.

export function setCustomDocType(e: PicketEvent): PicketEvent {
  const d = e.details;
  if (Object.hasOwn(d, 'endpoint') && d.customendpoint && typeof d.endpoint === 'string') d.type = d.endpoint;
  return e;
}

export function createCustomDocTypePlugin(): EnrichmentPlugin {
  return {
    name: 'customDocType',
    description: 'events from /custom/<application>: details.type = the endpoint',
    priority: 2,
    registration: ['*'],
    onEvent: setCustomDocType,
  };
}
