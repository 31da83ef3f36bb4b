// The ingest side of the watchlist: an index over the active items, rebuilt when the list changes
// (never per event). Exact values (IPs, domains, usernames, hashes) sit in hash maps; IPv4 CIDRs are
// grouped by prefix length, so an address costs one map lookup per distinct prefix length in use
// (at most 33), not one comparison per CIDR. IPv6 CIDRs are rare on watchlists and are scanned.
import type { PicketEvent } from '../ingest/event.ts';
import { readOwnPath } from '../ingest/own-path.ts';
import { parseCidrList, parseIp, type CidrList } from '../net/ip.ts';
import type { WatchlistMatcher } from '../workers/plugins/watchlist-tags.ts';
import { WATCH_FIELDS, type FieldKind } from './watch-fields.ts';
import { ipv4ToInt, type WatchType } from './watch-values.ts';

export interface IndexedItem {
  id: string;
  type: WatchType;
  value: string;
  /** ms since epoch, or Infinity: an item expiring between reloads stops matching on time. */
  expiresAt: number;
}

/** One hit, as written to details.watchlist. */
export interface WatchHit {
  id: string;
  type: WatchType;
  value: string;
  field: string;
}

function getter(path: string): (e: PicketEvent) => unknown {
  const parts = path.split('.');
  if (parts[0] !== 'details') return (e) => (e as unknown as Record<string, unknown>)[path];
  const rest = parts.slice(1);
  return (e) => readOwnPath(e.details, rest);
}

const FIELD_GETTERS: ReadonlyArray<{ kind: FieldKind; path: string; get: (e: PicketEvent) => unknown }> = (
  Object.entries(WATCH_FIELDS) as Array<[FieldKind, readonly string[]]>
).flatMap(([kind, paths]) => paths.map((path) => ({ kind, path, get: getter(path) })));

export class WatchIndex {
  private readonly exact: Record<FieldKind, Map<string, IndexedItem>> = { ip: new Map(), domain: new Map(), username: new Map(), hash: new Map() };
  /** prefix length → network (uint32) → item; prefixes kept longest first. */
  private readonly v4Cidrs = new Map<number, Map<number, IndexedItem>>();
  private v4Prefixes: number[] = [];
  private readonly v6Cidrs: Array<{ list: CidrList; item: IndexedItem }> = [];
  readonly size: number;

  constructor(items: readonly IndexedItem[]) {
    for (const it of items) {
      if (it.type === 'cidr') {
        const [net, prefixText] = it.value.split('/');
        const prefix = Number(prefixText);
        const ip = parseIp(net);
        if (ip?.version === 4) {
          let m = this.v4Cidrs.get(prefix);
          if (!m) this.v4Cidrs.set(prefix, (m = new Map()));
          m.set(ipv4ToInt(ip.normalized), it);
        } else {
          this.v6Cidrs.push({ list: parseCidrList([it.value]), item: it });
        }
      } else {
        this.exact[it.type === 'ip' ? 'ip' : it.type].set(it.value, it);
      }
    }
    this.v4Prefixes = [...this.v4Cidrs.keys()].sort((a, b) => b - a);
    this.size = items.length;
  }

  // Scratch state of the current hits() call: a method instead of a closure per event.
  private out: WatchHit[] | undefined;
  private now = 0;

  private add(item: IndexedItem | undefined, field: string): void {
    if (item === undefined || item.expiresAt <= this.now) return;
    const out = (this.out ??= []);
    for (let i = 0; i < out.length; i++) if (out[i].id === item.id) return;
    out.push({ id: item.id, type: item.type, value: item.value, field });
  }

  /** Every active item the event's watched fields hit (one hit per item). */
  hits(e: PicketEvent, now: number): WatchHit[] {
    this.out = undefined;
    this.now = now;
    for (let i = 0; i < FIELD_GETTERS.length; i++) {
      const f = FIELD_GETTERS[i];
      const raw = f.get(e);
      if (typeof raw !== 'string' || raw === '' || raw.length > 512) continue;
      switch (f.kind) {
        case 'ip':
          this.matchIp(raw, f.path);
          break;
        case 'domain':
          this.matchDomain(raw, f.path);
          break;
        default: {
          const m = this.exact[f.kind];
          if (m.size !== 0) this.add(m.get(raw.toLowerCase()), f.path);
        }
      }
    }
    const out = this.out;
    this.out = undefined;
    return out ?? [];
  }

  private matchIp(raw: string, path: string): void {
    if (this.exact.ip.size === 0 && this.v4Prefixes.length === 0 && this.v6Cidrs.length === 0) return;
    const ip = parseIp(raw);
    if (!ip) return;
    this.add(this.exact.ip.get(ip.normalized), path);
    if (ip.version === 4) {
      if (this.v4Prefixes.length === 0) return;
      const v = ipv4ToInt(ip.normalized);
      for (const prefix of this.v4Prefixes) {
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        this.add(this.v4Cidrs.get(prefix)!.get((v & mask) >>> 0), path);
      }
    } else {
      for (const c of this.v6Cidrs) if (c.list.contains(ip.normalized)) this.add(c.item, path);
    }
  }

  private matchDomain(raw: string, path: string): void {
    const m = this.exact.domain;
    if (m.size === 0) return;
    let d = raw.toLowerCase();
    if (d.endsWith('.')) d = d.slice(0, -1);
    // The name, then each parent: www.example.com, example.com (not the bare TLD).
    for (let dot = -1; ; ) {
      const candidate = dot < 0 ? d : d.slice(dot + 1);
      if (candidate.indexOf('.') < 0) break;
      this.add(m.get(candidate), path);
      dot = d.indexOf('.', dot + 1);
      if (dot < 0) break;
    }
  }
}

/**
 * The WatchlistMatcher the enrichment hook calls: tags the event (`watchlist`, `watchlist:<type>`)
 * and records the hits in details.watchlist, plus the first hit's value in details.watchlistvalue
 * (a scalar the watchlist rule groups by).
 */
export class WatchMatcher implements WatchlistMatcher {
  private index = new WatchIndex([]);

  replace(items: readonly IndexedItem[]): void {
    this.index = new WatchIndex(items);
  }

  get size(): number {
    return this.index.size;
  }

  match(event: PicketEvent): string[] {
    if (this.index.size === 0) return [];
    const hits = this.index.hits(event, Date.now());
    if (hits.length === 0) return [];
    if (event.details === null || typeof event.details !== 'object') event.details = {};
    event.details.watchlist = hits;
    event.details.watchlistvalue = hits[0].value;
    const tags = ['watchlist'];
    for (const h of hits) if (!tags.includes(`watchlist:${h.type}`)) tags.push(`watchlist:${h.type}`);
    return tags;
  }
}
