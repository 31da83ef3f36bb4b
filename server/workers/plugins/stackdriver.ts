import type { PicketEvent } from '../../ingest/event.ts';
import { formatTimestamp, parseTimestamp } from '../../ingest/normalize-timestamp.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { applyFieldMap, type FieldMap } from './field-mapping.ts';
import { pyFormat } from './python-format.ts';

// MozDef's Stackdriver family: Google Cloud logs that a Pub/Sub subscription delivers (tag
// "pubsub", the LogEntry in details).
// - stackdriver (5): names the entry: an audit log (protoPayload AuditLog) gets its log's name as
//   category (activity, data_access…), a GCE activity log (jsonPayload) "gceactivity", a syslog
//   line (textPayload) "syslog"; source "stackdriver", tag "stackdriver", event time = the entry's.
// - stackdriver_audit (15) and stackdriver_gceactivity (16): the payload moves to details.gaudit /
//   details.gceactivity, and the fields of stackdriver_audit.yml / stackdriver_gceactivity.yml are
//   copied up (username, action, resourcename…), with "<user> executed <action> on <resource>".
// - stackdriver_syslog (15): the syslog line becomes hostname, processname and summary; as in
//   MozDef, the LogEntry itself is not kept.
// The later three register for "pubsub" too: registration terms are taken before stackdriver adds
// its tag (docs/plugins.md, Ordering), and each checks the tag itself.

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const AUDIT_LOG = 'type.googleapis.com/google.cloud.audit.AuditLog';

const COMMON: FieldMap = {
  projectid: 'resource.labels.project_id',
  logname: 'logName',
  sdreceivetimestamp: 'receiveTimestamp',
};
const AUDIT: FieldMap = {
  username: 'gaudit.authenticationInfo.principalEmail',
  action: 'gaudit.methodName',
  service: 'gaudit.serviceName',
  serviceData: 'gaudit.serviceData',
  resourcename: 'gaudit.resourceName',
  resourcetype: 'resource.type',
  ...COMMON,
  sourceipaddress: 'gaudit.requestMetadata.callerIp',
};
const GCE_ACTIVITY: FieldMap = {
  username: 'gceactivity.actor.user',
  action: 'gceactivity.event_subtype',
  actiongroup: 'gceactivity.event_type',
  resourcename: 'gceactivity.resource.name',
  resourcetype: 'gceactivity.resource.type',
  resourceid: 'gceactivity.resource.id',
  ...COMMON,
};
const AUDIT_CATEGORIES = new Set(['activity', 'data_access']);

const hasTag = (e: PicketEvent, tag: string) => e.tags.includes(tag);

/** The event time becomes the LogEntry's `timestamp` (the runner moves the id with it). */
function entryTime(e: PicketEvent): void {
  const ms = parseTimestamp(e.details.timestamp, Date.now());
  const iso = ms === undefined ? undefined : formatTimestamp(ms);
  if (iso !== undefined) e.utctimestamp = iso;
}

/** The last segment of a log name, URL-decoded: `projects/p/logs/cloudaudit.googleapis.com%2Fdata_access` → data_access. */
function logType(logName: string): string {
  let name = logName;
  try {
    name = decodeURIComponent(logName);
  } catch {
    // A malformed escape: read the name as written.
  }
  return name.split('/').at(-1)!.trim();
}

export function fixStackdriver(e: PicketEvent): PicketEvent {
  if (!hasTag(e, 'pubsub')) return e;
  const d = e.details;
  if (typeof d.logName !== 'string') return e;
  const type = logType(d.logName);
  let category: string | undefined;
  if (isObj(d.protoPayload)) {
    if (d.protoPayload['@type'] === AUDIT_LOG) category = type;
  } else if (d.jsonPayload !== undefined) {
    if (type === 'activity_log') category = 'gceactivity';
  } else if (d.textPayload !== undefined && type === 'syslog') category = 'syslog';
  // An entry of another kind keeps what ingest made of it (MozDef emptied it of category and tags).
  if (category === undefined) return e;
  e.category = category;
  e.source = 'stackdriver';
  if (!hasTag(e, 'stackdriver')) e.tags.push('stackdriver');
  entryTime(e);
  d.customendpoint = '';
  return e;
}

/** Moves the payload to `into`, copies the mapped fields up and writes MozDef's summary. */
function mapPayload(e: PicketEvent, payload: string, into: string, map: FieldMap, extra: Json = {}): PicketEvent {
  const d = e.details;
  if (!isObj(d[payload])) return e;
  entryTime(e);
  d.customendpoint = '';
  d[into] = d[payload];
  delete d[payload];
  Object.assign(d, extra);
  // Placeholders MozDef filled in case the mapping finds nothing better.
  d.username = 'UNKNOWN';
  d.resourcename = 'UNKNOWN';
  const request = (d[into] as Json).request;
  if (isObj(request) && 'resource' in request && !isObj(request.resource)) delete request.resource;
  applyFieldMap(map, d, d);
  e.summary = pyFormat('{username} executed {action} on {resourcename}', d);
  return e;
}

export function fixStackdriverAudit(e: PicketEvent): PicketEvent {
  if (!hasTag(e, 'stackdriver') || !AUDIT_CATEGORIES.has(e.category)) return e;
  return mapPayload(e, 'protoPayload', 'gaudit', AUDIT);
}

export function fixStackdriverGceActivity(e: PicketEvent): PicketEvent {
  if (!hasTag(e, 'stackdriver') || e.category !== 'gceactivity') return e;
  // MozDef's fixed value: GCE activity logs are all Compute Engine's.
  return mapPayload(e, 'jsonPayload', 'gceactivity', GCE_ACTIVITY, { service: 'compute.googleapis.com' });
}

/** `Nov 22 00:32:13 host process: message` → hostname, processname, summary. */
export function fixStackdriverSyslog(e: PicketEvent): PicketEvent {
  if (!hasTag(e, 'stackdriver') || e.category !== 'syslog') return e;
  const d = e.details;
  if (typeof d.textPayload !== 'string') return e;
  const line = d.textPayload.split(/\s+/).filter(Boolean);
  // Shorter than a syslog line: MozDef failed on it; left as it came.
  if (line.length < 5) return e;
  entryTime(e);
  if (typeof d.severity === 'string' && d.severity.trim() !== '') e.severity = d.severity.trim().toUpperCase();
  const kept: Json = { customendpoint: '' };
  if ('facility' in d) kept.facility = d.facility;
  e.hostname = line[3];
  e.processname = line[4].replace(/^:+|:+$/g, '');
  e.summary = line.slice(5).join(' ');
  e.details = kept;
  return e;
}

export function createStackdriverPlugins(): EnrichmentPlugin[] {
  return [
    {
      name: 'stackdriver',
      description: 'names Google Cloud log entries from Pub/Sub (audit, GCE activity, syslog)',
      priority: 5,
      registration: ['pubsub'],
      onEvent: fixStackdriver,
    },
    {
      name: 'stackdriver_audit',
      description: 'Google Cloud audit log entries: who did what on which resource',
      priority: 15,
      registration: ['stackdriver', 'pubsub'],
      onEvent: fixStackdriverAudit,
    },
    {
      name: 'stackdriver_gceactivity',
      description: 'GCE activity log entries: who did what on which instance',
      priority: 16,
      registration: ['stackdriver', 'pubsub'],
      onEvent: fixStackdriverGceActivity,
    },
    {
      name: 'stackdriver_syslog',
      description: 'syslog lines from Google Cloud logging: host, process, message',
      priority: 15,
      registration: ['stackdriver', 'pubsub'],
      onEvent: fixStackdriverSyslog,
    },
  ];
}
