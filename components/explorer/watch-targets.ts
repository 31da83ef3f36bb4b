import type { WatchType } from '@/components/watchlist/watch-types';

// Which event fields can be put on the watchlist, and as what type. By field name only: the value is
// attacker-controlled and the server validates it (its message is shown in the dialog).
const RULES: ReadonlyArray<[RegExp, WatchType]> = [
  [
    /(^|\.)(ip|ipaddress|ip_address|ipv4|ipv6|[a-z]*(src|dst|source|destination|client|remote|server|peer)_?ip(address|_address|addr)?)$/i,
    'ip',
  ],
  [/(^|\.)([a-z]*hostname|[a-z]*domain|fqdn|host)$/i, 'domain'],
  [/(^|\.)[a-z]*(username|user|_user)$/i, 'username'],
];

export function watchTypeOf(path: string): WatchType | null {
  for (const [re, type] of RULES) if (re.test(path)) return type;
  return null;
}
