// Network alerts (Zeek/NSM scans, intel, watchlist) ported from MozDef.
import type { CatalogueEntry } from './catalogue-entry.ts';

export const NETWORK_RULES: CatalogueEntry[] = [
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
