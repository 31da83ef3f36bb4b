// MozDef's alert catalogue, ported as rule data. Seeded at start by stable key: a rule that exists
// (or was deleted by an admin) is never re-created or overwritten, so upgrades do not duplicate and
// local edits survive. Fields follow Picket's enrichment: the sshd plugin sets details.username,
// details.sourceipaddress, details.success and details.authmethod (and category "authentication"
// when the shipper left it unset).
import { parseRuleDefinition, type RuleDefinition } from './rule-definition.ts';

const RAW: Array<{ key: string; rule: Record<string, unknown> }> = [
  {
    key: 'mozdef.bruteforce_ssh',
    rule: {
      name: 'SSH brute force',
      description: 'MozDef bruteforce_ssh: at least 10 failed sshd password logins from one source address within 2 minutes.',
      type: 'threshold',
      // success first: a cheap details lookup that rules out almost every event before the summary scan.
      query: 'details.success:false AND summary:"failed password"',
      groupBy: ['details.sourceipaddress'],
      threshold: 10,
      window: '2m',
      severity: 'NOTICE',
      category: 'bruteforce',
      tags: ['ssh'],
      summary: '{count} ssh bruteforce attempts by {details.sourceipaddress} {hostnames}',
    },
  },
  {
    key: 'mozdef.ssh_password_auth_violation',
    rule: {
      name: 'SSH password authentication violation',
      description: 'MozDef sshpasswordauthviolation: a login with a password where only keys should be used.',
      type: 'match',
      query: 'details.success:true AND details.authmethod:password',
      groupBy: ['details.sourceipaddress', 'hostname'],
      severity: 'NOTICE',
      category: 'sshpasswordauthviolation',
      tags: ['ssh', 'password'],
      summary: 'SSH password authentication by {details.username} from {details.sourceipaddress} to {hostname}',
      suppress: '10m',
    },
  },
  {
    key: 'mozdef.ldap_bruteforce_user',
    rule: {
      name: 'LDAP brute force per user',
      description: 'MozDef ldap_bruteforce_user: repeated invalid LDAP credentials for one user.',
      type: 'threshold',
      query: 'category:ldap AND details.response.error:LDAP_INVALID_CREDENTIALS',
      groupBy: ['details.user'],
      threshold: 10,
      window: '10m',
      severity: 'WARNING',
      category: 'bruteforce',
      tags: ['ldap'],
      summary: 'LDAP bruteforce of user {details.user}: {count} invalid credentials from {values:details.client}',
    },
  },
  {
    key: 'mozdef.cloudtrail_logging_disabled',
    rule: {
      name: 'CloudTrail logging disabled',
      description: 'MozDef cloudtrail_logging_disabled: someone stopped a trail (a raw CloudTrail record is shaped and lower-cased at ingest, so it matches too).',
      type: 'match',
      // MozDef: source cloudtrail, eventname StopLogging, not errorcode AccessDenied.
      query: 'source:cloudtrail AND details.eventname:StopLogging AND NOT details.errorcode:AccessDenied',
      severity: 'CRITICAL',
      category: 'AWSCloudtrail',
      tags: ['cloudtrail', 'aws', 'cloudtrail_logging_disabled'],
      summary: 'Cloudtrail Logging Disabled: {details.requestparameters.name}',
    },
  },
  {
    key: 'mozdef.proxy_drop_executable',
    rule: {
      name: 'Proxy dropped an executable download',
      description: 'MozDef proxy_drop_executable: the proxy refused a download of an executable file type.',
      type: 'match',
      query: 'category:proxy AND details.proxyaction:TCP_DENIED AND details.destination:/.*\\.(exe|bin|sh|py|rb|ps1|bat|vbs|msi|dll|scr)/',
      groupBy: ['details.sourceipaddress'],
      severity: 'WARNING',
      category: 'squid',
      tags: ['squid', 'proxy'],
      summary: 'Suspicious proxy drop of an executable from {details.sourceipaddress}: {details.destination}',
      suppress: '10m',
    },
  },
  {
    key: 'mozdef.write_audit',
    rule: {
      name: 'auditd write to a sensitive file',
      description: 'MozDef write_audit: auditd reports a write to a watched file (audit rules with key "audit").',
      type: 'match',
      query: 'category:write AND details.auditkey:audit',
      groupBy: ['hostname'],
      severity: 'WARNING',
      category: 'write',
      tags: ['audit'],
      summary: 'Write to audit configuration on {hostname} by {details.originaluser}: {details.filename}',
      suppress: '5m',
    },
  },
  {
    key: 'mozdef.duo_authfail',
    rule: {
      name: 'Duo 2FA failures',
      description: 'Repeated Duo second-factor failures for one user.',
      type: 'threshold',
      query: 'source:duo AND details.result:(FAILURE OR FRAUD OR DENIED OR failure OR fraud OR denied)',
      groupBy: ['details.username'],
      threshold: 5,
      window: '10m',
      severity: 'WARNING',
      category: 'duo',
      tags: ['duo', '2fa'],
      summary: '{count} Duo 2FA failures for {details.username} from {values:details.sourceipaddress}',
    },
  },
  {
    key: 'mozdef.portscan',
    rule: {
      name: 'Port scan',
      description: 'One source contacting at least 50 distinct destination ports within 5 minutes.',
      type: 'cardinality',
      query: '_exists_:details.destinationport AND _exists_:details.sourceipaddress',
      groupBy: ['details.sourceipaddress'],
      distinct: 'details.destinationport',
      threshold: 50,
      window: '5m',
      severity: 'NOTICE',
      category: 'portscan',
      tags: ['portscan', 'network'],
      summary: 'Port scan: {details.sourceipaddress} probed {distinct} ports on {values:details.destinationipaddress}',
      suppress: '30m',
    },
  },
  {
    key: 'mozdef.deadman',
    rule: {
      name: 'Deadman: no events at all',
      description: 'Nothing was stored for an hour: a shipper or the pipeline is down. Narrow the query to watch one source, then enable it.',
      // Off by default: on a fresh install with no shipper yet it would page someone every hour.
      enabled: false,
      type: 'deadman',
      query: '*',
      window: '1h',
      severity: 'ERROR',
      category: 'deadman',
      tags: ['deadman'],
      summary: 'Deadman: no events matching the rule for 1h ({rule})',
    },
  },
  {
    key: 'mozdef.watchlist',
    rule: {
      name: 'Watchlist hit',
      description: 'MozDef watchlist: an event mentions an item on the watchlist (IP, CIDR, domain, username or hash); grouped by the item.',
      type: 'watchlist',
      query: '*',
      groupBy: ['details.watchlistvalue'],
      severity: 'NOTICE',
      category: 'watchlist',
      tags: ['watchlist'],
      summary: 'Watchlist hit on {details.watchlistvalue}: {summary}',
    },
  },
];

/** The catalogue, validated like any rule (a broken entry fails loudly in tests, not silently at start). */
export const CATALOGUE: ReadonlyArray<{ key: string; rule: RuleDefinition }> = RAW.map(({ key, rule }) => {
  const r = parseRuleDefinition(rule);
  if (!r.ok) throw new Error(`catalogue rule ${key} is invalid: ${r.message}`);
  return { key, rule: r.rule };
});
