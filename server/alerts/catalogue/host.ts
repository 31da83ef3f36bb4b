// Host alerts (auditd, promiscuous interfaces, deadman, pipeline health) ported from MozDef.
import type { CatalogueEntry } from './catalogue-entry.ts';
import { DEADMAN_RULES } from './host-deadman.ts';

export const HOST_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.write_audit',
    rule: {
      name: 'Writes to auditd configuration',
      description:
        'MozDef write_audit: at least 2 writes to a path watched with audit key "audit" by one original user within 15 minutes. MozDef\'s write_audit.conf defaults: skipprocess process1 process2 (in the query: NOT details.processname), expectedusers user1 user2 (alerts for them are NOTICE instead of WARNING); both are in the module mozdef-write-audit.ts: copy it into the code rules directory and edit it to change them.',
      type: 'code',
      module: 'mozdef-write-audit.ts',
      suppress: '15m',
      severity: 'WARNING',
      category: 'write',
      tags: ['audit'],
      summary:
        '{count} Filesystem write(s) to an auditd path by {values:details.user|join:, } ({details.originaluser})',
    },
  },
  {
    key: 'mozdef.trace_audit',
    rule: {
      name: 'strace or ptrace run',
      description:
        'MozDef trace_audit: strace run by a user, per original user, outside the hosts in the query (trace_audit.conf hostfilter: example.hostname.com; edit the NOT hostname:(...) part to change it).',
      type: 'match',
      query: 'details.processname:strace AND NOT hostname:"example.hostname.com"',
      groupBy: ['details.originaluser'],
      suppress: '5m',
      severity: 'WARNING',
      category: 'trace',
      tags: ['audit'],
      summary: '{count} instances of Strace or Ptrace executed by {details.originaluser} on {hostnames|sort|join:,}',
    },
  },
  {
    key: 'mozdef.auditd_sftp',
    rule: {
      name: 'SFTP session',
      description: 'MozDef auditd_sftp: audisp-json saw ssh run by an sftp parent process.',
      type: 'match',
      // MozDef's phrase match on the analyzed parentprocess field matched "sftp" as a word in a path
      // (/usr/lib/openssh/sftp-server); details fields here are whole values, so a wildcard.
      query: 'category:execve AND processname:audisp-json AND details.processname:ssh AND details.parentprocess:*sftp*',
      severity: 'NOTICE',
      category: 'execve',
      tags: ['audisp-json, audit'],
      summary:
        'SFTP Event by {details.originaluser|default:unknown} from host {hostname|default:unknown} in directory {details.cwd|default:unknown}',
    },
  },
  {
    key: 'mozdef.promisc_audit',
    rule: {
      name: 'Promiscuous mode (auditd)',
      description:
        'MozDef promisc_audit: auditd reports an interface set promiscuous on (container veth interfaces excepted).',
      type: 'match',
      // "on" as a word, as MozDef's phrase match on the analyzed summary ("…promiscuous off" has none).
      query:
        'category:promiscuous AND summary:promiscuous AND summary:/(^|.*[^a-z0-9])on([^a-z0-9].*|$)/ AND NOT details.dev:veth*',
      severity: 'WARNING',
      category: 'promisc',
      tags: ['promisc', 'audit'],
      summary: 'Promiscuous mode enabled on {hostname}',
    },
  },
  {
    key: 'mozdef.promisc_kernel',
    rule: {
      name: 'Promiscuous mode (kernel)',
      description:
        'MozDef promisc_kernel: the kernel logged a device entering promiscuous mode (veth interfaces excepted), per host.',
      type: 'match',
      query: 'category:syslog AND summary:promiscuous AND summary:entered AND NOT summary:veth*',
      groupBy: ['hostname'],
      suppress: '2m',
      severity: 'WARNING',
      category: 'promisc',
      tags: ['promisc', 'kernel'],
      summary: 'Promiscuous mode enabled on {hostname} [{count}]',
    },
  },
  {
    key: 'mozdef.old_events',
    rule: {
      name: 'Events with an outdated timestamp',
      description:
        'MozDef old_events: events received in the last 6 hours whose own timestamp is more than a day old (a shipper replaying a backlog or a clock gone wrong).',
      type: 'match',
      // MozDef grouped by mozdefhostname (the MozDef worker); Picket events have no such field: one group.
      query: 'utctimestamp:<now-1d AND receivedtimestamp:>=now-6h',
      suppress: '6h',
      severity: 'ERROR',
      category: 'maintenance',
      tags: ['pipeline'],
      summary: 'Events have an outdated utctimestamp ({count})',
    },
  },
  ...DEADMAN_RULES,
];
