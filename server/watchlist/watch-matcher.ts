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

/**
 * Watched details keys (one level down) → the FIELDS entries that read them. Events carry a dozen or
 * so details keys against ~30 watched ones: walking the event's keys and looking each up here is
 * cheaper than probing the event for every watched key (a miss walks the prototype chain too).
 */
const DETAIL_KEY_FIELDS = new Map<string, number[]>();
/** The rest (top-level fields, deeper details paths): few, read directly. */
const OTHER_FIELDS: number[] = [];
FIELDS.forEach((f, i) => {
  if (f.detailKey === undefined) OTHER_FIELDS.push(i);
  else {
    const list = DETAIL_KEY_FIELDS.get(f.detailKey);
    if (list) list.push(i);
    else DETAIL_KEY_FIELDS.set(f.detailKey, [i]);
  }
});

/** The last two labels (`example.com` of `www.example.com`); the name itself when it has fewer. */
function lastTwoLabels(d: string): string {
  const last = d.lastIndexOf('.');
  if (last <= 0) return d;
  const before = d.lastIndexOf('.', last - 1);
  return before < 0 ? d : d.slice(before + 1);
}

const V4_SLOTS = 1 << 17;
/** A well-mixed 17-bit slot for an IPv4 address (Fibonacci hashing). */
const v4Slot = (v: number): number => Math.imul(v, 0x9e3779b1) >>> 15;
const setBit = (bits: Uint32Array, i: number): void => {
  bits[i >>> 5] |= 1 << (i & 31);
};
const hasBit = (bits: Uint32Array, i: number): boolean => (bits[i >>> 5] & (1 << (i & 31))) !== 0;

/** What hits() returns when nothing matched (most events): shared, never written to. */
const NO_HITS: WatchHit[] = Object.freeze([]) as unknown as WatchHit[];
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];

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
  /** Bit set where some IPv4 CIDR overlaps the /16 block (index: address >>> 16). */
  private readonly v4Blocks = new Uint32Array(65536 / 32);
  /**
   * Bit set at v4Slot(address) of every watched IPv4 address. The exact map is large and its reads
   * miss the CPU cache in the middle of the enrichment stage; this 16 KiB table stays cached and
   * answers "not watched" for nearly every address, so the map is read only when it may hit.
   */
  private readonly v4Exact = new Uint32Array(V4_SLOTS / 32);
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
          for (let b = first; b < first + blocks; b++) setBit(this.v4Blocks, b);
        } else {
          this.v6Cidrs.push({ list: parseCidrList([it.value]), item: it });
        }
      } else {
        this.exact[it.type === 'ip' ? 'ip' : it.type].set(it.value, it);
        const v4 = it.type === 'ip' ? parseV4(it.value) : -1;
        if (v4 >= 0) setBit(this.v4Exact, v4Slot(v4));
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

  // Watched fields the current event carries a candidate string in: FIELDS index and value, reused.
  private readonly candField: number[] = [];
  private readonly candValue: string[] = [];
  private nCand = 0;

  private candidate(field: number, raw: unknown): void {
    if (typeof raw !== 'string' || raw === '' || raw.length > 512) return;
    this.candField[this.nCand] = field;
    this.candValue[this.nCand++] = raw;
  }

  /** Every active item the event's watched fields hit (one hit per item, first field in FIELDS order). */
  hits(e: PicketEvent, now: number): WatchHit[] {
    this.out = undefined;
    this.now = now;
    this.nCand = 0;
    const details = e.details as unknown;
    for (let j = 0; j < OTHER_FIELDS.length; j++) {
      const f = FIELDS[OTHER_FIELDS[j]];
      this.candidate(
        OTHER_FIELDS[j],
        f.top !== undefined ? (e as unknown as Record<string, unknown>)[f.top] : readOwnPath(details, f.rest!),
      );
    }
    if (details !== null && typeof details === 'object' && !Array.isArray(details)) {
      const d = details as Record<string, unknown>;
      // Own keys only (Object.keys of an object with a stable shape is a cached list, not a walk).
      const keys = Object.keys(d);
      for (let k = 0; k < keys.length; k++) {
        const fields = DETAIL_KEY_FIELDS.get(keys[k]);
        if (fields === undefined) continue;
        const raw = d[keys[k]];
        for (let j = 0; j < fields.length; j++) this.candidate(fields[j], raw);
      }
    }
    const n = this.nCand;
    const cf = this.candField;
    const cv = this.candValue;
    // FIELDS order, as the hits (and so details.watchlistvalue) have always been: a handful at most.
    for (let i = 1; i < n; i++) {
      const f = cf[i];
      const v = cv[i];
      let j = i - 1;
      for (; j >= 0 && cf[j] > f; j--) {
        cf[j + 1] = cf[j];
        cv[j + 1] = cv[j];
      }
      cf[j + 1] = f;
      cv[j + 1] = v;
    }
    for (let i = 0; i < n; i++) {
      const f = FIELDS[cf[i]];
      const raw = cv[i];
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
    // No reference to the event's strings outlives the call.
    cv.fill('', 0, n);
    const out = this.out;
    this.out = undefined;
    return out ?? NO_HITS;
  }

  private matchIp(raw: string, path: string): void {
    if (this.exact.ip.size === 0 && this.v4Prefixes.length === 0 && this.v6Cidrs.length === 0) return;
    // A strict dotted quad (nearly every address) is its own normalized form: no parse object, no
    // second parse for the number.
    let v = parseV4(raw);
    if (v >= 0) {
      if (hasBit(this.v4Exact, v4Slot(v))) this.add(this.exact.ip.get(raw), path);
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
    if (this.v4Prefixes.length === 0 || !hasBit(this.v4Blocks, v >>> 16)) return;
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

const TYPE_TAG: Readonly<Record<WatchType, string>> = {
  ip: 'watchlist:ip',
  cidr: 'watchlist:cidr',
  domain: 'watchlist:domain',
  username: 'watchlist:username',
  hash: 'watchlist:hash',
};

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
    if (this.index.size === 0) return NO_TAGS;
    const hits = this.index.hits(event, Date.now());
    if (hits.length === 0) return NO_TAGS;
    if (event.details === null || typeof event.details !== 'object') event.details = {};
    event.details.watchlist = hits;
    event.details.watchlistvalue = hits[0].value;
    const tags = ['watchlist'];
    for (const h of hits) if (!tags.includes(TYPE_TAG[h.type])) tags.push(TYPE_TAG[h.type]);
    return tags;
  }
}
