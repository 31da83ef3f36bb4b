// Host alerts (auditd, deadman, event freshness) ported from MozDef.
import type { CatalogueEntry } from './catalogue-entry.ts';

export const HOST_RULES: CatalogueEntry[] = [
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
];
