import type { PicketEvent } from '../../ingest/event.ts';
import { formatTimestamp, parseTimestamp } from '../../ingest/normalize-timestamp.ts';
import { setOwn } from '../../ingest/sanitize.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { parseEmbeddedJson } from './embedded-json.ts';
import { pyFormat } from './python-format.ts';

// MozDef suricataFixup: Suricata EVE JSON shipped as {category: "suricata", source: "eve-log",
// event_type, customendpoint, message: "<EVE JSON>"} gets the JSON as details, the flow's start time,
// canonical address fields and, for alerts, flat byte/packet counters, HTTP fields and a summary.
// Normalization puts message in summary. EVE JSON posted directly (its flow_id present) is accepted
// too. src_ip/dest_ip/... stay next to their canonical copies; fields MozDef's tests require gone
// (alert, app_proto, the flow counters, email beside smtp) are renamed.

type D = Record<string, unknown>;
const own = (d: unknown, k: string): boolean => d !== null && typeof d === 'object' && Object.hasOwn(d, k);
const isObj = (v: unknown): v is D => v !== null && typeof v === 'object' && !Array.isArray(v);

// MozDef cut these to 4095 characters (its tests check the length): raw packets and bodies.
const MAX_BLOB = 4095;
const BLOBS = ['packet', 'payload', 'payload_printable'];

function eveJson(e: PicketEvent): D | null {
  return parseEmbeddedJson(typeof e.details.message === 'string' ? e.details.message : e.summary);
}

function move(from: D, fromKey: string, to: D, toKey: string): void {
  if (!own(from, fromKey)) return;
  to[toKey] = from[fromKey];
  delete from[fromKey];
}

const cut = (v: unknown) => (typeof v === 'string' && v.length > MAX_BLOB ? v.slice(0, MAX_BLOB) : v);

function fixAlert(d: D): string {
  for (const k of BLOBS) if (own(d, k)) d[k] = cut(d[k]);
  d.originipbytes = 0;
  d.responseipbytes = 0;
  d.orig_pkts = 0;
  d.resp_pkts = 0;
  const flow = d.flow;
  if (isObj(flow)) {
    move(flow, 'bytes_toserver', d, 'originipbytes');
    move(flow, 'bytes_toclient', d, 'responseipbytes');
    move(flow, 'pkts_toserver', d, 'orig_pkts');
    move(flow, 'pkts_toclient', d, 'resp_pkts');
  }
  const http = d.http;
  if (isObj(http)) {
    // Copies under MozDef's names; http.* stays as Suricata wrote it, bodies excepted (cut, moved).
    const copies: Array<[string, string]> = [
      ['hostname', 'host'],
      ['http_method', 'method'],
      ['http_user_agent', 'user_agent'],
      ['status', 'status_code'],
      ['url', 'uri'],
      ['redirect', 'redirect_dst'],
      ['length', 'request_body_len'],
    ];
    for (const [from, to] of copies) if (own(http, from)) d[to] = http[from];
    for (const k of ['http_response_body', 'http_response_body_printable']) {
      if (own(http, k)) {
        d[k] = cut(http[k]);
        delete http[k];
      }
    }
  }
  move(d, 'app_proto', d, 'service');
  // MozDef dropped the email object when smtp carried the same message.
  if (isObj(d.email) && own(d, 'smtp')) delete d.email;
  return pyFormat('{sourceipaddress}:{sourceport} -> {destinationipaddress}:{destinationport}', d);
}

export function fixSuricata(e: PicketEvent): PicketEvent {
  if (e.category !== 'suricata') return e;
  const d = e.details;
  const parsed = eveJson(e);
  if (!own(d, 'customendpoint') && !own(parsed ?? d, 'flow_id')) return e;
  if (parsed !== null) {
    for (const k of Object.keys(parsed)) setOwn(d, k, parsed[k]);
    if (typeof d.message === 'string') delete d.message;
  }
  if (e.source === 'UNKNOWN') e.source = 'unknown';
  if (!own(d, 'event_type')) d.event_type = 'unknown';
  d.eventsource = 'nsm';
  e.severity = 'INFO';
  if (e.hostname === 'UNKNOWN' && typeof d.host_from === 'string') e.hostname = d.host_from;
  const start = isObj(d.flow) ? d.flow.start : undefined;
  const ms = parseTimestamp(start ?? d.timestamp, Date.now());
  const iso = ms === undefined ? undefined : formatTimestamp(ms);
  if (iso !== undefined) e.utctimestamp = iso;
  move(d, 'alert', d, 'suricata_alert');
  const copies: Array<[string, string]> = [
    ['src_ip', 'sourceipaddress'],
    ['src_port', 'sourceport'],
    ['dest_ip', 'destinationipaddress'],
    ['dest_port', 'destinationport'],
  ];
  for (const [from, to] of copies) if (own(d, from)) d[to] = d[from];
  if (e.source === 'eve-log' && d.event_type === 'alert') e.summary = fixAlert(d);
  return e;
}

export function createSuricataFixupPlugin(): EnrichmentPlugin {
  return { name: 'suricataFixup', priority: 5, registration: ['suricata'], onEvent: fixSuricata };
}
