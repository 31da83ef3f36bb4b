// The MozDef event schema, as stored and served.
export interface PicketEvent {
  id: string;
  utctimestamp: string; // ISO 8601, UTC, e.g. 2026-11-22T08:00:00.000Z
  receivedtimestamp: string; // ISO 8601, UTC
  category: string;
  source: string;
  hostname: string;
  processname: string;
  processid: string;
  severity: string; // upper case: DEBUG INFO NOTICE WARNING ERROR CRITICAL ALERT EMERGENCY
  summary: string;
  tags: string[];
  details: Record<string, unknown>;
}

/** An event after normalization and before the store assigns nothing else: it already has its id. */
export type NormalizedEvent = PicketEvent;

/** A per-event rejection reported back to the shipper by its index in the request. */
export interface Rejection {
  index: number;
  error: string;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; error: string };
