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
  const add = (type: IndexedItem['type'], value: string) => out.push({ id: `w${out.length}`, type, value, expiresAt: Infinity });
  // A few real sources so some events hit; the rest are addresses the generator never uses.
  for (let i = 0; i < 20; i++) add('ip', pools.sourceIps[i * 50]);
  for (let i = 0; out.length < 5000; i++) add('ip', `198.18.${(i >> 8) & 255}.${i & 255}`);
  for (let i = 0; i < 2000; i++) add('cidr', normalizeCidr(`100.${64 + (i % 64)}.${i % 256}.${i % 7}/${16 + (i % 17)}`)!.value);
  for (let i = 0; i < 2000; i++) add('domain', `bad-${i}.example.net`);
  for (let i = 0; i < 500; i++) add('username', `watched-user-${i}`);
  for (let i = 0; i < 500; i++) add('hash', i.toString(16).padStart(64, '0'));
  return out;
}

function rate(enricher: Enricher, events: PicketEvent[], rounds: number): number {
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    // Fresh copies: enrichment mutates events (tags, details).
    const batch = events.map((e) => ({ ...e, tags: [...e.tags], details: { ...e.details } }));
    for (let i = 0; i < batch.length; i += 1000) enricher.enrich(batch.slice(i, i + 1000));
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  return (events.length * rounds) / s;
}

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
  rate(empty, events, 1); // warm-up
  rate(full, events, 1);
  const baseline = (rate(empty, events, 2) + rate(empty, events, 2)) / 2;
  const withList = rate(full, events, 2);
  let hits = 0;
  for (const e of events.slice(0, 10_000)) if (matcher.match({ ...e, details: { ...e.details } }).length) hits++;
  log(`watchlist-match: ${round(withList)} ev/s with ${matcher.size} items, ${round(baseline)} ev/s empty`);
  return { bench: 'watchlist-match', events: events.length, items: matcher.size, eventsPerSec: round(withList), baseline: round(baseline), ratio: ratio(withList, baseline), hitRatePer10k: hits };
}
