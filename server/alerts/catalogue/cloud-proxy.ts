// Cloud (CloudTrail, GuardDuty) and web proxy alerts ported from MozDef.
// The proxy alerts aggregated per source address over 20 minutes with threshold 1: here the first drop
// alerts at once and `suppress: 20m` keeps that source quiet for the rest of the span.
import type { CatalogueEntry } from './catalogue-entry.ts';

const PROXY_DROP = 'category:proxy AND details.proxyaction:TCP_DENIED';
const PROXY = {
  groupBy: ['details.sourceipaddress'],
  suppress: '20m',
  severity: 'WARNING',
  category: 'squid',
  tags: ['squid', 'proxy'],
};

export const CLOUD_PROXY_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.cloudtrail_logging_disabled',
    rule: {
      name: 'CloudTrail logging disabled',
      description:
        'MozDef cloudtrail_logging_disabled: someone stopped a trail (a raw CloudTrail record is shaped and lower-cased at ingest, so it matches too).',
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
      description:
        'MozDef proxy_drop_executable: the proxy refused a download of an executable file type. The extensions are in the query (proxy_drop_executable.conf default: exe,sh,py,rb,bin): edit the (exe|sh|py|rb|bin) group to change them.',
      type: 'match',
      query: `${PROXY_DROP} AND details.destination:/.*\\.(exe|sh|py|rb|bin)/`,
      ...PROXY,
      summary:
        'Suspicious Proxy DROP event(s) detected from {details.sourceipaddress} to the following executable file destination(s): {values:details.destination|sort|join:,}',
    },
  },
  {
    key: 'mozdef.proxy_drop_ip',
    rule: {
      name: 'Proxy dropped a request to an IP address',
      description:
        'MozDef proxy_drop_ip: the proxy refused a request whose host is a bare IPv4 or IPv6 address. Allowed addresses are the NOT details.host:(...) part of the query (proxy_drop_ip.conf ip_whitelist default: 169.254.169.254).',
      type: 'match',
      query: `${PROXY_DROP} AND (details.host:0.0.0.0/0 OR details.host:\\:\\:/0) AND NOT details.host:(169.254.169.254)`,
      ...PROXY,
      summary:
        'Suspicious Proxy DROP event(s) detected from {details.sourceipaddress} to the following IP-based destination(s): {values:details.host|sort|join:,}',
    },
  },
  {
    key: 'mozdef.proxy_drop_non_standard_port',
    rule: {
      name: 'Proxy dropped a CONNECT to a non-standard port',
      description:
        'MozDef proxy_drop_non_standard_port: the proxy refused a CONNECT to a port other than the allowed ones, in the query (proxy_drop_non_standard_port.conf excludedports default: 443,8443).',
      type: 'match',
      query: `${PROXY_DROP} AND details.method:CONNECT AND NOT details.destinationport:(443 OR 8443)`,
      ...PROXY,
      summary:
        'Suspicious Proxy DROP event(s) detected from {details.sourceipaddress} to the following non-std port destination(s): {values:details.destination|sort|join:,}',
    },
  },
  {
    key: 'mozdef.proxy_exfil_domains',
    rule: {
      name: 'Proxy traffic to exfiltration domains',
      description:
        'MozDef proxy_exfil_domains: proxy traffic to a domain known for exfiltrating data. The domains are in the query (proxy_exfil_domains.conf exfil_domains default: pastebin.com,www.sendspace.com).',
      type: 'match',
      query: 'category:proxy AND details.host:(pastebin.com OR www.sendspace.com)',
      ...PROXY,
      summary:
        'Proxy drop events detected from {details.sourceipaddress} to the following domain(s) that are known for exfiltrating data: {values:details.host|sort|join:,}',
    },
  },
  {
    key: 'mozdef.guard_duty_probe',
    rule: {
      name: 'GuardDuty port probe',
      description:
        'MozDef guard_duty_probe: GuardDuty saw a known-bad host probing an unprotected port; one alert per prober (the guardDuty plugin puts the prober in details.sourceipaddress).',
      type: 'match',
      // MozDef read details.finding.action.actionType (lower-cased at ingest), which its own guardDuty
      // plugin replaces by details.type: either shape of finding matches.
      query:
        'source:guardduty AND (details.type:port_probe OR details.finding.action.actiontype:PORT_PROBE) AND _exists_:details.sourceipaddress',
      groupBy: ['details.sourceipaddress'],
      severity: 'INFO',
      category: 'bruteforce',
      tags: ['guardduty', 'bruteforce'],
      summary: 'Guard Duty Port Probe by {details.sourceipaddress}',
      suppress: '20m',
    },
  },
];
