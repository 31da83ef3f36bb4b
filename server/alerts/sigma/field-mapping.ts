// Sigma's common field names → Picket (MozDef-shaped) query fields. Kept as data so a deployment
// can extend it in one place; docs/rules.md lists it. A field that is not in the table goes to
// `details.<Field>` exactly as written (Picket field names are case-sensitive), and a name that
// already is a Picket field (`hostname`, `details.x`) is used as is.
import { normalizeField } from '../../store/query/fields.ts';

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

/**
 * Logsource hints: a Sigma `logsource` whose every given key matches an entry gets the entry's
 * Picket query ANDed to its detection (also lets the engine skip other categories quickly). A
 * logsource with no entry adds nothing, so a rule is never silently limited by a guess.
 */
export interface LogsourceHint {
  product?: string;
  service?: string;
  category?: string;
  /** Picket field → exact value required. */
  require: Record<string, string>;
}

export const SIGMA_LOGSOURCE_HINTS: readonly LogsourceHint[] = [
  { service: 'sshd', require: { processname: 'sshd' } },
  { product: 'aws', service: 'cloudtrail', require: { category: 'cloudtrail' } },
  { category: 'proxy', require: { category: 'proxy' } },
  { product: 'linux', service: 'auditd', require: { source: 'auditd' } },
  { service: 'ldap', require: { category: 'ldap' } },
];

export function logsourceHint(ls: Record<string, unknown> | undefined): LogsourceHint | undefined {
  if (!ls) return undefined;
  const low = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);
  return SIGMA_LOGSOURCE_HINTS.find(
    (h) =>
      (h.product === undefined || h.product === low(ls.product)) &&
      (h.service === undefined || h.service === low(ls.service)) &&
      (h.category === undefined || h.category === low(ls.category)),
  );
}

const COLUMNS = new Set(['category', 'source', 'hostname', 'processname', 'processid', 'severity', 'summary', 'tags']);

/** The Picket field a Sigma field name stands for, or an error message. */
export function mapSigmaField(name: string): { field: string } | { error: string } {
  // Own keys only: `__proto__` or `constructor` as a field name must not read Object.prototype.
  const key = name.toLowerCase();
  const mapped = Object.hasOwn(SIGMA_FIELD_MAP, key) ? SIGMA_FIELD_MAP[key] : undefined;
  const target = mapped ?? (COLUMNS.has(name) || name.startsWith('details.') ? name : `details.${name}`);
  const n = normalizeField(target);
  if ('error' in n) return { error: `Sigma: field "${name}" cannot be used (${n.error})` };
  return n;
}
