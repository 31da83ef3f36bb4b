// watchlist-match: the enrichment stage (default plugins) over generated MozDef events with an empty
// watchlist (baseline) and with a large one (10 000 items: IPs incl. some the events use, CIDRs of
// many prefix lengths, domains, usernames, hashes). In-process: this measures the matcher, not I/O.
import type { PicketEvent } from '../server/ingest/event.ts';
import { normalizeEvent } from '../server/ingest/normalize.ts';
import { Enricher } from '../server/workers/enrich.ts';
import { createDefaultPlugins } from '../server/workers/plugins/index.ts';
import { WatchMatcher, type IndexedItem } from '../server/watchlist/watch-matcher.ts';
import { normalizeCidr } from '../server/watchlist/watch-values.ts';
import { buildPools, EventGenerator } from './generate-events.ts';
import { log, ratio, round } from './stats.ts';

function items(pools: ReturnType<typeof buildPools>): IndexedItem[] {
  const out: IndexedItem[] = [];
  const add = (type: IndexedItem['type'], value: string) =>
    out.push({ id: `w${out.length}`, type, value, expiresAt: Infinity });
  // A few real sources so some events hit; the rest are addresses the generator never uses.
  for (let i = 0; i < 20; i++) add('ip', pools.sourceIps[i * 50]);
  for (let i = 0; out.length < 5000; i++) add('ip', `198.18.${(i >> 8) & 255}.${i & 255}`);
  for (let i = 0; i < 2000; i++)
    add('cidr', normalizeCidr(`100.${64 + (i % 64)}.${i % 256}.${i % 7}/${16 + (i % 17)}`)!.value);
  for (let i = 0; i < 2000; i++) add('domain', `bad-${i}.example.net`);
  for (let i = 0; i < 500; i++) add('username', `watched-user-${i}`);
  for (let i = 0; i < 500; i++) add('hash', i.toString(16).padStart(64, '0'));
  return out;
}

/** Events per second of one pass; the copies (enrichment mutates events) are made before the clock starts. */
function rate(enricher: Enricher, events: PicketEvent[]): number {
  const batch = events.map((e) => ({ ...e, tags: [...e.tags], details: { ...e.details } }));
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch.length; i += 1000) enricher.enrich(batch.slice(i, i + 1000));
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  return events.length / s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function watchlistBench(eventCount: number): Record<string, unknown> {
  const pools = buildPools();
  const gen = new EventGenerator(pools, 7, Date.now());
  const now = new Date();
  const events: PicketEvent[] = [];
  for (let i = 0; i < eventCount; i++) {
    const r = normalizeEvent(gen.next(), { now, retentionDays: 90, maxFutureMinutes: 1440 });
    if (r.ok) events.push(r.event);
  }
  const empty = new Enricher(createDefaultPlugins({}));
  const matcher = new WatchMatcher();
  const list = items(pools);
  matcher.replace(list);
  const full = new Enricher(createDefaultPlugins({ watchlist: matcher }));
  rate(empty, events); // warm-up
  rate(full, events);
  // Alternating passes, medians: a neighbour's burst on a shared box hits both sides alike.
  const emptyRates: number[] = [];
  const fullRates: number[] = [];
  // Short slices of 5000 events, many times over: each pair of passes sees about the same neighbours.
  for (let r = 0; r < 8; r++) {
    for (let i = 0; i < events.length; i += 5000) {
      const slice = events.slice(i, i + 5000);
      emptyRates.push(rate(empty, slice));
      fullRates.push(rate(full, slice));
    }
  }
  const baseline = median(emptyRates);
  const withList = median(fullRates);
  let hits = 0;
  for (const e of events.slice(0, 10_000)) if (matcher.match({ ...e, details: { ...e.details } }).length) hits++;
  log(`watchlist-match: ${round(withList)} ev/s with ${matcher.size} items, ${round(baseline)} ev/s empty`);
  return {
    bench: 'watchlist-match',
    events: events.length,
    items: matcher.size,
    eventsPerSec: round(withList),
    baseline: round(baseline),
    ratio: ratio(withList, baseline),
    target: 0.9,
    ok: ratio(withList, baseline) >= 0.9,
    hitRatePer10k: hits,
  };
}
