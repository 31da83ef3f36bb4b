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

/**
 * One pass: events per second of process CPU time and of wall time. The copies (enrichment mutates
 * events) are made before the clocks start. CPU time is the figure: on a shared box wall time also
 * counts the slices the scheduler gave to other processes, which land on either side at random.
 */
function rate(enricher: Enricher, events: PicketEvent[]): { cpu: number; wall: number } {
  const batch = events.map((e) => ({ ...e, tags: [...e.tags], details: { ...e.details } }));
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch.length; i += 1000) enricher.enrich(batch.slice(i, i + 1000));
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const c = process.cpuUsage(cpu0);
  return { cpu: events.length / ((c.user + c.system) / 1e6), wall: events.length / wall };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function watchlistBench(eventCount: number): Record<string, unknown> {
  const pools = buildPools();
  const gen = new EventGenerator(pools, 7, Date.now());
  const now = new Date();
  const events: PicketEvent[] = [];
  for (let i = 0; i < eventCount; i++) {
    // Through JSON as the server receives them: the generator's strings are concatenations (rope
    // strings), which every string read must walk; JSON.parse gives flat ones, as in production.
    const raw = JSON.parse(JSON.stringify(gen.next())) as Record<string, unknown>;
    const r = normalizeEvent(raw, { now, retentionDays: 90, maxFutureMinutes: 1440 });
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
  const emptyRates: Array<{ cpu: number; wall: number }> = [];
  const fullRates: Array<{ cpu: number; wall: number }> = [];
  // Short slices of 5000 events, many times over: each pair of passes sees about the same neighbours.
  // Which side goes first alternates, so neither always runs after the other's garbage.
  for (let r = 0, pair = 0; r < 8; r++) {
    for (let i = 0; i < events.length; i += 5000, pair++) {
      const slice = events.slice(i, i + 5000);
      if (pair % 2 === 0) {
        emptyRates.push(rate(empty, slice));
        fullRates.push(rate(full, slice));
      } else {
        fullRates.push(rate(full, slice));
        emptyRates.push(rate(empty, slice));
      }
    }
  }
  const baseline = median(emptyRates.map((x) => x.cpu));
  const withList = median(fullRates.map((x) => x.cpu));
  // Each pair ran back to back: the median of their ratios follows the load less than a ratio of medians.
  const pairRatio = median(fullRates.map((x, i) => x.cpu / emptyRates[i].cpu));
  const wallRatio = ratio(median(fullRates.map((x) => x.wall)), median(emptyRates.map((x) => x.wall)));
  // Counted on enriched events (the stage's output): sshd's plugin adds the addresses most hits are on.
  const sample = events.slice(0, 10_000).map((e) => ({ ...e, tags: [...e.tags], details: { ...e.details } }));
  const hits = full.enrich(sample).filter((e) => e.tags.includes('watchlist')).length;
  log(`watchlist-match: ${round(withList)} ev/CPU-s with ${matcher.size} items, ${round(baseline)} ev/CPU-s empty`);
  return {
    bench: 'watchlist-match',
    events: events.length,
    items: matcher.size,
    clock: 'process CPU time',
    eventsPerSec: round(withList),
    baseline: round(baseline),
    ratio: ratio(withList, baseline),
    pairRatioMedian: round(pairRatio, 3),
    wallRatio,
    target: 0.9,
    ok: ratio(withList, baseline) >= 0.9,
    hitRatePer10k: hits,
  };
}
