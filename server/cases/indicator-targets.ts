// What a case indicator can be put on: the watchlist item type its IOC type maps to, and which
// block list takes it. Pure (no Node imports): the room uses it to decide which buttons to show,
// the server to act, so both agree.
import type { BlockDuration, WatchType } from '../watchlist/watch-values.ts';
import { parseIp } from '../net/ip.ts';
import type { IndicatorRecord } from './case-model.ts';

export const INDICATOR_LISTS = ['watchlist', 'blockip', 'blockfqdn'] as const;
export type IndicatorList = (typeof INDICATOR_LISTS)[number];

/** MozDef's block durations, in the order offered, with how people say them. */
export const DURATION_LABEL: Record<BlockDuration, string> = {
  '1h': '1 h',
  '12h': '12 h',
  '1d': '24 h',
  '2d': '2 d',
  '3d': '3 d',
  '7d': '7 d',
  '14d': '14 d',
  '30d': '30 d',
  permanent: 'permanently',
};
export const DURATIONS = Object.keys(DURATION_LABEL) as BlockDuration[];

export interface WatchTarget {
  type: WatchType;
  value: string;
  /** A URL indicator acts on its host; the UI says so. */
  fromUrl: boolean;
}

/** The watch item an indicator maps to, or null when none fits (a URL without a host). */
export function watchTarget(type: IndicatorRecord['type'], value: string): WatchTarget | null {
  const v = value.trim();
  switch (type) {
    case 'ip':
      return { type: v.includes('/') ? 'cidr' : 'ip', value: v, fromUrl: false };
    case 'domain':
      return { type: 'domain', value: v, fromUrl: false };
    case 'hash':
      return { type: 'hash', value: v, fromUrl: false };
    case 'user':
      return { type: 'username', value: v, fromUrl: false };
    case 'url': {
      let host: string;
      try {
        host = new URL(v).hostname;
      } catch {
        return null;
      }
      if (!host) return null;
      const bare = host.startsWith('[') ? host.slice(1, -1) : host;
      return { type: parseIp(bare) ? 'ip' : 'domain', value: bare, fromUrl: true };
    }
  }
}

/** The lists this target may go on: any on the watchlist, IPs/CIDRs on blockip, domains on blockfqdn. */
export function listsFor(target: WatchTarget | null): IndicatorList[] {
  if (!target) return [];
  if (target.type === 'ip' || target.type === 'cidr') return ['watchlist', 'blockip'];
  if (target.type === 'domain') return ['watchlist', 'blockfqdn'];
  return ['watchlist'];
}

/** The timeline line recording the action, e.g. "Blocked 198.51.100.7 for 24 h" (`item` as stored, normalized). */
export function actionText(
  list: IndicatorList,
  item: { value: string; duration: string | null; expiresAt: string | null },
  target: WatchTarget,
  indicatorValue: string,
): string {
  const from = target.fromUrl ? ` (host of the URL indicator ${indicatorValue})` : '';
  if (list === 'watchlist') {
    return `Added ${item.value}${from} to the watchlist${item.expiresAt ? ` until ${item.expiresAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`;
  }
  const how =
    item.duration && item.duration in DURATION_LABEL ? DURATION_LABEL[item.duration as BlockDuration] : 'permanently';
  return `Blocked ${item.value}${from} ${how === 'permanently' ? how : `for ${how}`}`;
}

/** The comment a watch item made from a case carries by default: which case, findable from the item. */
export function caseReference(kind: 'incident' | 'investigation', id: string, summary: string): string {
  const path = kind === 'incident' ? '/incidents' : '/investigations';
  return `From ${kind} "${summary.slice(0, 300)}" (${path}/${id})`;
}
