// Cloud (CloudTrail, GuardDuty) and web proxy alerts ported from MozDef.
import type { CatalogueEntry } from './catalogue-entry.ts';

export const CLOUD_PROXY_RULES: CatalogueEntry[] = [
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
    key: 'mozdef.guard_duty_probe',
    rule: {
      name: 'GuardDuty port probe',
      description: 'MozDef guard_duty_probe: GuardDuty saw a known-bad host probing an unprotected port; one alert per prober (the guardDuty plugin puts the prober in details.sourceipaddress).',
      type: 'match',
      // MozDef read details.finding.action.actionType, which its own guardDuty plugin had replaced by details.type.
      query: 'source:guardduty AND details.type:port_probe AND _exists_:details.sourceipaddress',
      groupBy: ['details.sourceipaddress'],
      severity: 'INFO',
      category: 'bruteforce',
      tags: ['guardduty', 'bruteforce'],
      summary: 'Guard Duty Port Probe by {details.sourceipaddress}',
      suppress: '20m',
    },
  },
];
