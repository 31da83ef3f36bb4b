// Authentication alerts over sshd logins, ported from MozDef with its queries, categories, severities,
// tags and summary texts. MozDef reads the program from details.program; Picket's normalization puts
// a shipper's top-level `program` into processname, so the rules accept either.
import type { CatalogueEntry } from './catalogue-entry.ts';

const SSHD = '(details.program:sshd OR processname:sshd)';

export const AUTH_SSH_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.bruteforce_ssh',
    rule: {
      name: 'SSH brute force',
      description:
        'MozDef bruteforce_ssh: at least 10 failed sshd logins (summary has "failed" and one of login, invalid, ldap_count_entries, publickey, keyboard) from one source address within 2 minutes. ' +
        'Addresses never to alert on (MozDef skiphosts, default 11.22.33.44 and 55.66.77.88) are the NOT summary:"…" terms of the query: edit them there.',
      type: 'threshold',
      // The program first: a field compare that rules out most events before any summary scan.
      query: `${SSHD} AND summary:failed AND summary:(login OR invalid OR ldap_count_entries OR publickey OR keyboard) AND NOT summary:"11.22.33.44" AND NOT summary:"55.66.77.88"`,
      groupBy: ['details.sourceipaddress'],
      threshold: 10,
      window: '2m',
      severity: 'NOTICE',
      category: 'bruteforce',
      tags: ['ssh'],
      summary: '{count} ssh bruteforce attempts by {details.sourceipaddress} {top:hostname}',
    },
  },
  {
    key: 'mozdef.ssh_password_auth_violation',
    rule: {
      name: 'SSH password authentication violation',
      description: 'A login with a password where only keys should be used.',
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
    key: 'mozdef.ssh_access',
    rule: {
      name: 'SSH access from a watched address',
      description:
        'MozDef ssh_access: a publickey sshd login from a watched source address. The watch list (MozDef ssh_access.json, default 11.22.33.44 and 11.22.33.45) is the details.sourceipaddress:(…) term of the query: edit it there.',
      type: 'match',
      query: `category:syslog AND ${SSHD} AND summary:"Accepted publickey for " AND details.sourceipaddress:("11.22.33.44" OR "11.22.33.45")`,
      severity: 'CRITICAL',
      category: 'access',
      tags: ['ssh'],
      summary: 'SSH login from {details.sourceipaddress} on {hostname} as user {details.username|default:UNKNOWN}',
    },
  },
  {
    key: 'mozdef.ssh_access_signreleng',
    rule: {
      name: 'SSH access to release signing hosts',
      description:
        'MozDef ssh_access_signreleng: a publickey or keyboard-interactive sshd login to a host tagged releng whose name matches the host filter. ' +
        'The host filter (MozDef hostfilter, default (host1|host2.*).*) is the hostname:/…/ term; each exclusion (default someuser from 4.5.6.7, anotheruser from 8.9.10.11) is a NOT (summary:… AND details.sourceipaddress:…) term: edit them in the query. ' +
        'MozDef posted these to a chat channel (#somechannel): add your channel under notify.',
      type: 'match',
      query:
        `tags:releng AND ${SSHD} AND hostname:/(host1|host2.*).*/ AND (summary:"Accepted publickey for " OR summary:"Accepted keyboard-interactive/pam for ") ` +
        'AND NOT (summary:"someuser" AND details.sourceipaddress:"4.5.6.7") AND NOT (summary:"anotheruser" AND details.sourceipaddress:"8.9.10.11")',
      severity: 'NOTICE',
      category: 'access',
      tags: ['ssh'],
      summary:
        'SSH login from {details.sourceipaddress|default:unknown} on {hostname|default:unknown} as user {details.username|default:unknown}',
    },
  },
  {
    key: 'mozdef.ssh_lateral',
    rule: {
      name: 'SSH lateral movement outside policy',
      description:
        'MozDef ssh_lateral: a publickey sshd login to a host in scope from an internal source outside the access policy. All of MozDef ssh_lateral.json is in the query: ' +
        'hosts in scope (hostmustmatch, default .*\\.enterprise\\.mozilla.com) and out of scope (hostmustnotmatch, ten-forward…) are hostname:/…/ terms; ' +
        'sources to alert on (alertifsource, 10.0.0.0/8) and not (notalertifsource, 10.0.22.0/24 and 10.0.23.0/24) are CIDR terms on details.sourceipaddress; ' +
        'ignored users (ignoreusers, anything with @) and the user/host/network exceptions (kirk, spock) are the NOT terms. Edit them there.',
      type: 'match',
      query:
        `category:syslog AND ${SSHD} AND summary:"Accepted publickey" ` +
        'AND hostname:/.*\\.enterprise\\.mozilla.com.*/ AND NOT hostname:/ten-forward\\.enterprise\\.mozilla\\.com.*/ ' +
        'AND details.sourceipaddress:10.0.0.0/8 AND NOT details.sourceipaddress:(10.0.22.0/24 OR 10.0.23.0/24) ' +
        'AND NOT details.username:/.*@[^ \\t\\r\\n].*/ ' +
        'AND NOT (details.username:/kirk.*/ AND details.sourceipaddress:(10.1.1.1/32 OR 10.1.1.2/32 OR 10.1.1.3/32)) ' +
        'AND NOT (details.username:/spock.*/ AND hostname:/sciencestation.enterprise.mozilla.com.*/ AND details.sourceipaddress:(10.0.50.0/24 OR 10.0.51.0/24 OR 10.0.52.0/24 OR 10.0.53.0/24))',
      groupBy: ['hostname'],
      severity: 'WARNING',
      category: 'session',
      tags: ['sshd', 'syslog'],
      summary:
        'SSH lateral movement outside policy: access to {hostname} from {details.sourceipaddress} as {details.username}',
    },
  },
];
