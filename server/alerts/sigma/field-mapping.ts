// Sigma's common field names → Picket (MozDef-shaped) query fields. Kept as data so a deployment
// can extend it in one place; docs/rules.md lists it. A field that is not in the table goes to
// `details.<Field>` exactly as written (Picket field names are case-sensitive), and a name that
// already is a Picket field (`hostname`, `details.x`) is used as is. Logsources with their own
// naming (CloudTrail, Zeek) pick another FieldStyle in logsource.ts.
import { normalizeField } from '../../store/query/fields.ts';
import { SigmaError } from './sigma-error.ts';

/** Sigma field (case-insensitive) → Picket field. */
export const SIGMA_FIELD_MAP: Readonly<Record<string, string>> = {
  // network
  sourceip: 'details.sourceipaddress',
  src_ip: 'details.sourceipaddress',
  sourceaddress: 'details.sourceipaddress',
  ipaddress: 'details.sourceipaddress',
  clientip: 'details.sourceipaddress',
  'c-ip': 'details.sourceipaddress',
  destinationip: 'details.destinationipaddress',
  dst_ip: 'details.destinationipaddress',
  destinationaddress: 'details.destinationipaddress',
  sourceport: 'details.sourceport',
  src_port: 'details.sourceport',
  destinationport: 'details.destinationport',
  dst_port: 'details.destinationport',
  destinationhostname: 'details.destinationhostname',
  // identity
  user: 'details.username',
  username: 'details.username',
  targetusername: 'details.username',
  accountname: 'details.username',
  subjectusername: 'details.subjectusername',
  logontype: 'details.logontype',
  authmethod: 'details.authmethod',
  // process
  commandline: 'details.commandline',
  parentcommandline: 'details.parentcommandline',
  image: 'processname',
  processname: 'processname',
  processid: 'processid',
  parentimage: 'details.parentprocessname',
  currentdirectory: 'details.currentdirectory',
  // host / event
  computername: 'hostname',
  hostname: 'hostname',
  eventid: 'details.eventid',
  message: 'summary',
  // web / proxy
  'c-uri': 'details.destination',
  'cs-host': 'details.host',
  'cs-method': 'details.method',
  'sc-status': 'details.status',
  'c-useragent': 'details.useragent',
  // files and dns
  targetfilename: 'details.filename',
  queryname: 'details.query',
};

const COLUMNS = new Set(['category', 'source', 'hostname', 'processname', 'processid', 'severity', 'summary', 'tags']);

/** The Picket field a Sigma field name stands for (generic table), or an error message. */
export function mapSigmaField(name: string): { field: string } | { error: string } {
  // Own keys only: `__proto__` or `constructor` as a field name must not read Object.prototype.
  const key = name.toLowerCase();
  const mapped = Object.hasOwn(SIGMA_FIELD_MAP, key) ? SIGMA_FIELD_MAP[key] : undefined;
  const target = mapped ?? (COLUMNS.has(name) || name.startsWith('details.') ? name : `details.${name}`);
  const n = normalizeField(target);
  if ('error' in n) return { error: `Sigma: field "${name}" cannot be used (${n.error})` };
  return n;
}

/** A details field for one key holding dots as written (Zeek's flat `id.orig_h`), not a nested path. */
export function flatDetailsField(key: string): string {
  return `details.${key.replace(/[\\.]/g, '\\$&')}`;
}

function detailsAsWritten(name: string): { field: string } | { error: string } {
  const n = normalizeField(name.startsWith('details.') ? name : `details.${name}`);
  return 'error' in n ? { error: `Sigma: field "${name}" cannot be used (${n.error})` } : n;
}

/**
 * How a logsource's field names become Picket fields: one Sigma field may stand for several (the
 * detection item then matches when any of them does, and "absent" means all are absent).
 * - generic: SIGMA_FIELD_MAP, else `details.<Field>` as written.
 * - cloudtrail: `details.<path>` as AWS spells it and all lower case, since lower_keys (or a
 *   shipper) may have lowered the keys of a record and not of another; no renaming.
 * - zeek: Zeek's own names, as written; a dotted name (`id.orig_h`) is the flat key Zeek's JSON
 *   writes and the nested path, both; no renaming.
 * - eventlog: Windows event log fields as the shipper writes them (`EventID` → `details.EventID`),
 *   read like Zeek's.
 * - gcp: Google Cloud audit entries as the stackdriver plugins leave them (gcpAuditField).
 */
export type FieldStyle = 'generic' | 'cloudtrail' | 'zeek' | 'eventlog' | 'gcp';

/**
 * SigmaHQ's GCP audit names → the LogEntry the stackdriver_audit plugin keeps: `gcp.audit.method_name`
 * is the AuditLog's methodName, `data.protoPayload.<x>` its `<x>` (now under details.gaudit), except
 * the LogEntry's own `logName` and `resource` that rules also spell under protoPayload.
 */
function gcpAuditField(name: string): string {
  if (name === 'gcp.audit.method_name') return 'details.gaudit.methodName';
  const m = /^data\.protoPayload\.(.+)$/.exec(name);
  if (!m) return name;
  return m[1] === 'logName' || m[1].startsWith('resource.') ? `details.${m[1]}` : `details.gaudit.${m[1]}`;
}

export function sigmaFields(name: string, style: FieldStyle): string[] {
  if (style === 'gcp') {
    const f = detailsAsWritten(gcpAuditField(name));
    if ('error' in f) throw new SigmaError(f.error);
    return [f.field];
  }
  if (style === 'generic') {
    const m = mapSigmaField(name);
    if ('error' in m) throw new SigmaError(m.error);
    return [m.field];
  }
  const asWritten = detailsAsWritten(name);
  if ('error' in asWritten) throw new SigmaError(asWritten.error);
  const out = [asWritten.field];
  if (style === 'cloudtrail') out.push(asWritten.field.toLowerCase());
  else if (name.includes('.') && !name.startsWith('details.')) out.push(flatDetailsField(name));
  return [...new Set(out)];
}
