import type { WatchItem } from '@/server/watchlist/watchlist-service';
import type { WatchList, WatchType } from '@/server/watchlist/watch-values';

export type ListName = WatchList;
export type { WatchType };
/** The server's record as it arrives over tRPC (dates are already ISO strings). */
export type WatchItemView = WatchItem;

export const TABS: ReadonlyArray<{ list: ListName; label: string; noun: string }> = [
  { list: 'watchlist', label: 'Watchlist', noun: 'item' },
  { list: 'blockip', label: 'Blocked IPs', noun: 'blocked IP' },
  { list: 'blockfqdn', label: 'Blocked domains', noun: 'blocked domain' },
];

export const DURATIONS = ['1h', '12h', '1d', '2d', '3d', '7d', '14d', '30d', 'permanent'] as const;

/** "3d 4h left", "12m left", "expired", "never". */
export function countdown(expiresAt: string | null, now: number): string {
  if (!expiresAt) return 'never';
  const ms = Date.parse(expiresAt) - now;
  if (ms <= 0) return 'expired';
  const m = Math.floor(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  if (d > 0) return `${d}d ${h}h left`;
  if (h > 0) return `${h}h ${m % 60}m left`;
  return `${Math.max(m, 1)}m left`;
}
