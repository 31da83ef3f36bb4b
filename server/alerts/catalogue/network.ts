// Network alerts (Zeek/NSM scans and intel, watchlist) ported from MozDef.
// MozDef's aggregating alerts with threshold 1 searched the last N minutes on each run and raised one
// alert per key; here the first event raises it at once and `suppress` (MozDef's N minutes) keeps the
// rest of that span quiet for the key (docs/mozdef-migration.md, "Alerts: host, network, cloud").
import type { CatalogueEntry } from './catalogue-entry.ts';

/** nsm_scan_*.json defaults: scanners inside 10.0.0.0/8, minus the known scanners MozDef excluded. */
const NSM_SOURCE = 'details.sourceipaddress:10.0.0.0/8';
const NSM_KNOWN_SCANNERS =
  'details.sourceipaddress:(10.33.44.54 OR 10.88.77.54 OR 10.76.54.54 OR 10.251.30.138 OR 10.54.65.234)';
const HOW_TO_CHANGE_SOURCES =
  'Which scanners count is in the query (MozDef nsm_scan_*.json: sourcemustmatch 10.0.0.0/8, sourcemustnotmatch the listed addresses): edit it to your networks.';
// MozDef's onAggregation fails (no alert) when the notice lacks details.indicators: the query requires it.
const NSM_NOTICE = 'category:bro AND source:notice AND _exists_:details.indicators';

export const NETWORK_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.nsm_scan_address',
    rule: {
      name: 'NSM address scan',
      description: `MozDef nsm_scan_address: Zeek reported a Scan::Address_Scan notice from an internal address. ${HOW_TO_CHANGE_SOURCES}`,
      type: 'match',
      query: `${NSM_NOTICE} AND details.note:"Scan::Address_Scan" AND ${NSM_SOURCE} AND NOT ${NSM_KNOWN_SCANNERS}`,
      groupBy: ['details.sourceipaddress'],
      suppress: '1m',
      severity: 'NOTICE',
      category: 'nsm',
      tags: ['nsm', 'bro', 'addressscan'],
      summary: 'Address scan from {details.sourceipaddress}',
    },
  },
  {
    key: 'mozdef.nsm_scan_port',
    rule: {
      name: 'NSM port scan',
      description: `MozDef nsm_scan_port: Zeek reported a Scan::Port_Scan notice from an internal address, unless its message names a 192.168 host. ${HOW_TO_CHANGE_SOURCES} MozDef's nsm_scan_port.json excluded only 10.54.65.234 and destinations matching *192.168*.`,
      type: 'match',
      query: `${NSM_NOTICE} AND details.note:"Scan::Port_Scan" AND ${NSM_SOURCE} AND NOT details.sourceipaddress:10.54.65.234 AND NOT details.msg:*192.168*`,
      groupBy: ['details.sourceipaddress'],
      suppress: '2m',
      severity: 'WARNING',
      category: 'nsm',
      tags: ['nsm', 'bro', 'portscan'],
      summary: 'Port scan from {details.sourceipaddress}',
    },
  },
  {
    key: 'mozdef.nsm_scan_random',
    rule: {
      name: 'NSM random scan',
      description: `MozDef nsm_scan_random: Zeek reported a Scan::Random_Scan notice from an internal address. ${HOW_TO_CHANGE_SOURCES}`,
      type: 'match',
      query: `category:bro AND source:notice AND details.note:"Scan::Random_Scan" AND ${NSM_SOURCE} AND NOT ${NSM_KNOWN_SCANNERS}`,
      groupBy: ['details.sourceipaddress'],
      suppress: '1m',
      severity: 'WARNING',
      category: 'nsm',
      tags: ['nsm', 'bro', 'randomscan'],
      summary: 'Random scan from {details.sourceipaddress}',
    },
  },
  {
    key: 'mozdef.portscan',
    rule: {
      name: 'Port scan',
      description:
        "Picket's own: one source contacting at least 50 distinct destination ports within 5 minutes, counted from connection events (Zeek conn, firewall logs). Unlike mozdef.nsm_scan_port it needs no scan notice from a sensor.",
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
    key: 'mozdef.multiple_intel_hits',
    rule: {
      name: 'Multiple Zeek intel hits',
      description:
        "MozDef multiple_intel_hits: at least 10 Zeek intel matches of one indicator within 2 minutes on MozDef's placeholder sensors sensor1, sensor2, sensor3. The sensors and the threshold are in the module mozdef-multiple-intel-hits.ts: copy it into the code rules directory and edit it.",
      type: 'code',
      module: 'mozdef-multiple-intel-hits.ts',
      severity: 'NOTICE',
      category: 'bro',
      tags: ['nsm,bro,intel'],
      summary: '{count} {hostname}  Bro intel match for indicator: on {details.seenindicator}',
    },
  },
  {
    key: 'mozdef.ssl_blacklist_hit',
    rule: {
      name: 'SSL blacklist hit',
      description: 'MozDef ssl_blacklist_hit: Zeek intel matched a certificate on the abuse.ch SSL blacklist.',
      type: 'match',
      query:
        'details.eventsource:nsm AND category:brointel AND details.sources:"abuse.ch SSLBL" AND _exists_:details.sourceipaddress',
      severity: 'NOTICE',
      category: 'correlatedalerts',
      tags: ['nsm,bro,correlated'],
      summary: '{hostname} {summary}',
    },
  },
  {
    key: 'mozdef.watchlist',
    rule: {
      name: 'Watchlist hit',
      description:
        "MozDef get_watchlist: an event mentions an item on the watchlist (IP, CIDR, domain, username or hash). MozDef fetched its terms from its own API and searched the last 20 minutes; Picket's ingest matcher tags the event with the item hit. One alert per event.",
      type: 'watchlist',
      query: '*',
      groupBy: ['details.watchlistvalue'],
      severity: 'WARNING',
      category: 'watchlist',
      tags: ['watchtarget'],
      summary:
        'Watchlist term {details.watchlistvalue} detected {details.username,details.originaluser,details.user|prefix:by } {details.sourceipaddress|prefix:from } on {hostname}',
    },
  },
];
