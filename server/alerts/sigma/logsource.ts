// Sigma `logsource` → which Picket events a rule looks at, and how its field names read them.
// Only the logsources in this table are accepted: a rule for a source Picket has no mapping for
// (a web server, Okta, Azure…) is refused naming its logsource, since running it on every event
// would let a web-server rule fire on a syslog line. docs/rules.md shows the table; extend it here.
import type { QueryNode } from '../../store/query/ast.ts';
import type { FieldStyle } from './field-mapping.ts';
import { SigmaError } from './sigma-error.ts';

export interface LogsourceMapping {
  product?: string;
  service?: string;
  category?: string;
  /** Picket field → exact value every event of this logsource has. */
  require: Record<string, string>;
  /** Fields every event of this logsource has. */
  exists?: string[];
  fields: FieldStyle;
}

const ZEEK_SERVICES = ['conn', 'dce_rpc', 'dns', 'http', 'kerberos', 'rdp', 'smb_files', 'ssl', 'x509', 'notice'];

export const SIGMA_LOGSOURCES: readonly LogsourceMapping[] = [
  // Linux hosts' syslog lines (what SigmaHQ's linux/builtin keyword rules read).
  { product: 'linux', require: { category: 'syslog' }, fields: 'generic' },
  { product: 'linux', service: 'syslog', require: { category: 'syslog' }, fields: 'generic' },
  { product: 'linux', service: 'sshd', require: { processname: 'sshd' }, fields: 'generic' },
  { service: 'sshd', require: { processname: 'sshd' }, fields: 'generic' },
  { product: 'linux', service: 'auditd', require: { source: 'auditd' }, fields: 'generic' },
  // MozDef's audisp-json execve events: Image → processname, CommandLine → details.commandline.
  { product: 'linux', category: 'process_creation', require: { category: 'execve' }, fields: 'generic' },
  { product: 'aws', service: 'cloudtrail', require: { category: 'cloudtrail' }, fields: 'cloudtrail' },
  { category: 'proxy', require: { category: 'proxy' }, fields: 'generic' },
  { service: 'ldap', require: { category: 'ldap' }, fields: 'generic' },
  // Windows Security event log as nxlog's im_msvistalog ships it (MozDef's /nxlog input): the
  // channel name, and the event log's own field names (EventID, TargetUserName…) under details.
  { product: 'windows', service: 'security', require: { 'details.Channel': 'Security' }, fields: 'eventlog' },
  // Google Cloud audit entries, as the stackdriver plugins shape them (the AuditLog in details.gaudit).
  {
    product: 'gcp',
    service: 'gcp.audit',
    require: { source: 'stackdriver' },
    exists: ['details.gaudit'],
    fields: 'gcp',
  },
  // Zeek logs as MozDef stores them: category "bro", source = the Zeek log's name.
  ...ZEEK_SERVICES.map(
    (service): LogsourceMapping => ({
      product: 'zeek',
      service,
      require: { category: 'bro', source: service },
      fields: 'zeek',
    }),
  ),
];

const KEYS = ['product', 'service', 'category'] as const;

/** `product: aws, service: cloudtrail` (the keys a rule gave), for messages. */
export function describeLogsource(ls: Record<string, unknown>): string {
  const parts = KEYS.filter((k) => ls[k] !== undefined).map((k) => `${k}: ${String(ls[k])}`);
  return parts.length ? parts.join(', ') : '(empty)';
}

/**
 * The mapping whose product, service and category are exactly the rule's (case-insensitive; keys
 * other than these three, like `definition`, are ignored). No logsource at all means every event,
 * with generic field names: the rule's author chose no source.
 */
export function resolveLogsource(ls: unknown): LogsourceMapping {
  if (ls === undefined || ls === null) return { require: {}, fields: 'generic' };
  if (typeof ls !== 'object' || Array.isArray(ls))
    throw new SigmaError('Sigma: logsource must be a map (product, category, service)');
  const given = ls as Record<string, unknown>;
  const want: Partial<Record<(typeof KEYS)[number], string>> = {};
  for (const k of KEYS) {
    const v = given[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new SigmaError(`Sigma: logsource ${k} must be text`);
    want[k] = v.toLowerCase();
  }
  if (KEYS.every((k) => want[k] === undefined)) return { require: {}, fields: 'generic' };
  const hit = SIGMA_LOGSOURCES.find((m) => KEYS.every((k) => m[k] === want[k]));
  if (!hit) {
    throw new SigmaError(
      `Sigma: logsource "${describeLogsource(given)}" has no mapping in Picket, so the rule cannot be limited to those events; ` +
        'the mapped logsources are listed in the Sigma section of docs/rules.md',
    );
  }
  return hit;
}

/** The logsource's condition ANDed before the detection (also lets the engine index the rule by category). */
export function withLogsource(mapping: LogsourceMapping, detection: QueryNode): QueryNode {
  const required: QueryNode[] = Object.entries(mapping.require).map(([field, value]) => ({
    type: 'phrase',
    field,
    value,
  }));
  for (const field of mapping.exists ?? []) required.push({ type: 'exists', field });
  return required.length ? { type: 'and', children: [...required, detection] } : detection;
}
