// The ingest side of the watchlist: an index over the active items, rebuilt when the list changes
// (never per event). Exact values (IPs, domains, usernames, hashes) sit in hash maps; IPv4 CIDRs are
// grouped by prefix length, so an address costs one map lookup per distinct prefix length in use
// (at most 33), not one comparison per CIDR, and a table of /16 blocks that any CIDR touches turns
// that into one array read for the addresses no CIDR covers (nearly all of them). IPv6 CIDRs are
// rare on watchlists and are scanned.
import type { PicketEvent } from '../ingest/event.ts';
import { readOwnPath } from '../ingest/own-path.ts';
import { parseCidrList, parseIp, parseV4, type CidrList } from '../net/ip.ts';
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

/** A watched field: a top-level event field, one key of details, or a deeper details path. */
interface WatchedField {
  kind: FieldKind;
  path: string;
  top?: string;
  detailKey?: string;
  rest?: string[];
}

const FIELDS: readonly WatchedField[] = (Object.entries(WATCH_FIELDS) as Array<[FieldKind, readonly string[]]>).flatMap(
  ([kind, paths]) =>
    paths.map((path): WatchedField => {
      const parts = path.split('.');
      if (parts[0] !== 'details') return { kind, path, top: path };
      return parts.length === 2 ? { kind, path, detailKey: parts[1] } : { kind, path, rest: parts.slice(1) };
    }),
);

const hasOwn = Object.prototype.hasOwnProperty;

/** The last two labels (`example.com` of `www.example.com`); the name itself when it has fewer. */
function lastTwoLabels(d: string): string {
  const last = d.lastIndexOf('.');
  if (last <= 0) return d;
  const before = d.lastIndexOf('.', last - 1);
  return before < 0 ? d : d.slice(before + 1);
}

export class WatchIndex {
  private readonly exact: Record<FieldKind, Map<string, IndexedItem>> = {
    ip: new Map(),
    domain: new Map(),
    username: new Map(),
    hash: new Map(),
  };
  /** prefix length → network (uint32) → item; prefixes kept longest first. */
  private readonly v4Cidrs = new Map<number, Map<number, IndexedItem>>();
  private v4Prefixes: number[] = [];
  /** lastTwoLabels of every watched domain: a name whose own last two labels are not here matches none. */
  private readonly domainSuffixes = new Set<string>();
  /** 1 where some IPv4 CIDR overlaps the /16 block (index: address >>> 16). */
  private readonly v4Blocks = new Uint8Array(65536);
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
          if (!m) this.v4Cidrs.set(prefix, (m = new Map<number, IndexedItem>()));
          const net = ipv4ToInt(ip.normalized);
          m.set(net, it);
          // A /16 or longer sits in one block; a shorter prefix spans 2^(16-prefix) of them.
          const first = (prefix === 0 ? 0 : (net & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0) >>> 16;
          const blocks = prefix >= 16 ? 1 : 2 ** (16 - prefix);
          this.v4Blocks.fill(1, first, first + blocks);
        } else {
          this.v6Cidrs.push({ list: parseCidrList([it.value]), item: it });
        }
      } else {
        this.exact[it.type === 'ip' ? 'ip' : it.type].set(it.value, it);
        if (it.type === 'domain') this.domainSuffixes.add(lastTwoLabels(it.value));
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
    const details = e.details as unknown;
    const detailsRecord =
      details !== null && typeof details === 'object' && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : undefined;
    for (let i = 0; i < FIELDS.length; i++) {
      const f = FIELDS[i];
      let raw: unknown;
      if (f.top !== undefined) raw = (e as unknown as Record<string, unknown>)[f.top];
      else if (f.detailKey !== undefined) {
        if (detailsRecord === undefined) continue;
        // A plain read first (most watched keys are absent); own-ness is checked only for a string,
        // so an inherited property never counts.
        raw = detailsRecord[f.detailKey];
        if (typeof raw !== 'string' || !hasOwn.call(detailsRecord, f.detailKey)) continue;
      } else raw = readOwnPath(details, f.rest!);
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
    // A strict dotted quad (nearly every address) is its own normalized form: no parse object, no
    // second parse for the number.
    let v = parseV4(raw);
    if (v >= 0) {
      this.add(this.exact.ip.get(raw), path);
    } else {
      const ip = parseIp(raw);
      if (!ip) return;
      this.add(this.exact.ip.get(ip.normalized), path);
      if (ip.version === 6) {
        for (const c of this.v6Cidrs) if (c.list.contains(ip.normalized)) this.add(c.item, path);
        return;
      }
      v = ipv4ToInt(ip.normalized);
    }
    if (this.v4Prefixes.length === 0 || this.v4Blocks[v >>> 16] === 0) return;
    for (const prefix of this.v4Prefixes) {
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      this.add(this.v4Cidrs.get(prefix)!.get((v & mask) >>> 0), path);
    }
  }

  private matchDomain(raw: string, path: string): void {
    const m = this.exact.domain;
    if (m.size === 0) return;
    let d = raw.toLowerCase();
    if (d.endsWith('.')) d = d.slice(0, -1);
    if (!this.domainSuffixes.has(lastTwoLabels(d))) return;
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
