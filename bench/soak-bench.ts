// soak (`npm run bench -- --soak 10m`): does the server hold steady under a realistic load for a
// while? 200 enabled rules of mixed types and 20 websocket clients (10 live tails, 10 on the alerts
// topic) stay on throughout. First the rule windows fill: events are sent unpaced for the bench
// rules' longest window (5 minutes), and the ingest capacity is what the server accepted over the
// last minute of it, windows full and rules firing as they will go on doing (a short burst into
// empty windows measured up to twice that, and the paced phase then ran behind its schedule, so its
// latencies measured a queue). Then events are sent paced at 80 % of that capacity for the whole
// duration, generated as they go with timestamps in the last minute. The server's RSS and V8 heap
// are sampled every 5 s; growth is judged over the paced phase (memory-trend.ts). Probes measure the
// live paths meanwhile (soak-probes.ts).
import { enableMixedRules, rest, setAllEnabled } from './alert-engine-bench.ts';
import { buildPools, EventGenerator, ndjsonBatches, type Pools } from './generate-events.ts';
import type { BenchContext } from './ingest-bench.ts';
import { HttpClient, newTally, postEvents } from './load.ts';
import { GROWTH_LIMITS, MemorySampler, memoryTrend, type MemorySample } from './memory-trend.ts';
import {
  ALERT_CATEGORY,
  ALERT_CLIENTS,
  openClients,
  probeSamples,
  runProbes,
  TAIL_CLIENTS,
  TAIL_QUERY,
  type Timed,
} from './soak-probes.ts';
import { latencySummary, log, percentile, round } from './stats.ts';

type Json = Record<string, unknown>;
const RULES = 200;
const CLIENTS = 4;
const BATCH = 250;
const LOAD_FACTOR = 0.8;
/** The bench rules' longest window (benchRules): by then every window holds what it will go on holding. */
const FILL_MS = 5 * 60_000;
/** Capacity is the accepted rate over the fill's last minute. */
const CAPACITY_TAIL_MS = 60_000;
const SAMPLE_EVERY_MS = 5_000;

/** `10m`, `90s`, `1h`, `1.5m` → ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration (e.g. 10m, 90s): ${text}`);
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  if (ms < 60_000) throw new Error(`a soak needs at least 1m: ${text}`);
  return ms;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bodies of BATCH events with timestamps in the last minute; a fresh generator every 10 s keeps them recent. */
function recentBodies(pools: Pools): () => Buffer {
  let seed = 7007;
  let made = 0;
  let gen = new EventGenerator(pools, seed, Date.now(), 60_000);
  return () => {
    if (performance.now() - made > 10_000) {
      gen = new EventGenerator(pools, ++seed, Date.now(), 60_000);
      made = performance.now();
    }
    return ndjsonBatches(gen, BATCH, BATCH)[0];
  };
}

/** Unpaced from CLIENTS clients for `ms`; events/s accepted over its first and its last minute. */
async function fillWindows(ctx: BenchContext, next: () => Buffer, ms: number) {
  const client = new HttpClient(ctx.server.url, CLIENTS);
  const start = performance.now();
  const done: Array<{ at: number; accepted: number }> = [];
  let minute = 0;
  const worker = async () => {
    while (performance.now() - start < ms) {
      const tally = newTally();
      await postEvents(client, next(), tally);
      const at = performance.now() - start;
      done.push({ at, accepted: tally.accepted });
      if (at >= (minute + 1) * 60_000) log(`soak: fill minute ${++minute}, ${rateIn(done, at - 60_000, at)} events/s`);
    }
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, worker));
  } finally {
    client.close();
  }
  return { firstMinute: rateIn(done, 0, CAPACITY_TAIL_MS), lastMinute: rateIn(done, ms - CAPACITY_TAIL_MS, ms) };
}

/** Events/s accepted by the posts answered in [from, to). */
function rateIn(done: ReadonlyArray<{ at: number; accepted: number }>, from: number, to: number): number {
  let n = 0;
  for (const d of done) if (d.at >= from && d.at < to) n += d.accepted;
  return Math.round(n / ((to - from) / 1000));
}

/** Batch j at start + j·interval from CLIENTS clients, each body generated just before it is due. */
async function pacedIngest(ctx: BenchContext, next: () => Buffer, rate: number, durationMs: number, start: number) {
  const client = new HttpClient(ctx.server.url, CLIENTS);
  const tally = newTally();
  const intervalMs = (BATCH / rate) * 1000;
  const total = Math.round(durationMs / intervalMs);
  const posts: Timed[] = [];
  let j = 0;
  let maxLagMs = 0;
  const worker = async () => {
    while (j < total) {
      const due = start + j++ * intervalMs;
      const body = next();
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else maxLagMs = Math.max(maxLagMs, -wait);
      const t0 = performance.now();
      await postEvents(client, body, tally);
      posts.push({ at: t0 - start, ms: performance.now() - t0 });
    }
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, worker));
  } finally {
    client.close();
  }
  const ms = performance.now() - start;
  if (tally.rejected) log(`  soak: ${tally.rejected} events rejected, first: ${tally.firstRejection}`);
  return { tally, posts, ms, maxLagMs, scheduled: total * BATCH };
}

function perMinute(durationMs: number, posts: Timed[], tail: Timed[], alert: Timed[], mem: MemorySample[]) {
  const minute = (ms: number) => Math.floor(ms / 60_000);
  const p = (xs: number[], q: number, digits = 2) => (xs.length ? round(percentile(xs, q), digits) : null);
  const median = (xs: MemorySample[], k: Exclude<keyof MemorySample, 't'>) =>
    p(
      xs.map((x) => x[k]),
      50,
      1,
    );
  const p95In = (xs: Timed[], m: number) =>
    p(
      xs.filter((x) => minute(x.at) === m).map((x) => x.ms),
      95,
    );
  return Array.from({ length: Math.ceil(durationMs / 60_000) }, (_, m) => {
    const ms = mem.filter((s) => minute(s.t) === m);
    return {
      minute: m + 1,
      ingestPosts: posts.filter((x) => minute(x.at) === m).length,
      ingestP95Ms: p95In(posts, m),
      tailP95Ms: p95In(tail, m),
      alertP95Ms: p95In(alert, m),
      rssMb: median(ms, 'rssMb'),
      heapUsedMb: median(ms, 'heapUsedMb'),
      // RSS beyond the heap in use: V8's committed heap, and Buffers and native memory (external).
      heapTotalMb: median(ms, 'heapTotalMb'),
      externalMb: median(ms, 'externalMb'),
    };
  });
}

export async function soakBench(ctx: BenchContext, durationMs: number): Promise<Json[]> {
  const sampler = new MemorySampler(ctx.server, SAMPLE_EVERY_MS);
  sampler.start();
  const pools = buildPools();
  await setAllEnabled(ctx, false);
  await enableMixedRules(ctx, RULES, 'soak', 1);
  const probeRule = await rest(ctx, 'POST', '/rules', {
    name: 'soak probe',
    type: 'threshold',
    query: `category:${ALERT_CATEGORY}`,
    groupBy: ['details.probe'],
    threshold: 3,
    window: '5m',
    severity: 'NOTICE',
    category: 'bench',
    summary: 'soak probe {details.probe}',
  });
  const { rules } = (await rest(ctx, 'GET', '/rules')) as { rules: Json[] };
  const enabled = rules.filter((r) => r.enabled).length;
  const live = openClients(ctx);
  try {
    await live.ready;
    log(`soak: ${enabled} rules enabled, ${TAIL_CLIENTS} tails + ${ALERT_CLIENTS} alerts clients subscribed`);

    // Capacity under the soak's own setup (rules and clients on), once the windows are full.
    const next = recentBodies(pools);
    log(`soak: filling the rule windows for ${FILL_MS / 60_000} min, unpaced`);
    const fill = await fillWindows(ctx, next, FILL_MS);
    const capacity = fill.lastMinute;
    const rate = Math.max(BATCH, Math.round(capacity * LOAD_FACTOR));
    log(
      `soak: capacity ${Math.round(capacity)} events/s (first minute of the fill ${Math.round(fill.firstMinute)}); paced at ${rate}/s for ${durationMs / 60_000} min`,
    );

    const start = performance.now();
    sampler.setOrigin(start);
    const progress = setInterval(() => {
      const s = sampler.samples.at(-1);
      if (s) log(`soak: ${Math.round(s.t / 1000)} s, RSS ${round(s.rssMb, 1)} MB, heap ${round(s.heapUsedMb, 1)} MB`);
    }, 60_000);
    let paced: Awaited<ReturnType<typeof pacedIngest>>;
    let sent: Awaited<ReturnType<typeof runProbes>>;
    try {
      [paced, sent] = await Promise.all([
        pacedIngest(ctx, next, rate, durationMs, start),
        runProbes(ctx, start, start + durationMs),
      ]);
    } finally {
      clearInterval(progress);
    }

    // The last probes' answers, bounded: which alert is which probe's is read from the alerts table.
    const deadline = performance.now() + 30_000;
    const probeAlerts = async () =>
      new Map(
        (
          await ctx.pool.query<{ id: string; summary: string }>('SELECT id, summary FROM alerts WHERE rule_id = $1', [
            probeRule.id,
          ])
        ).rows.map((r) => [r.summary.replace(/^soak probe /, ''), r.id]),
      );
    let alertIds = await probeAlerts();
    const allIn = () =>
      [...sent.tailSent.keys()].every((p) => live.tailSeen.every((s) => s.has(p))) &&
      [...sent.alertSent.keys()].every((p) => {
        const id = alertIds.get(p);
        return id !== undefined && live.alertSeen.every((s) => s.has(id));
      });
    while (!allIn() && performance.now() < deadline) {
      await sleep(200);
      alertIds = await probeAlerts();
    }
    sampler.stop();

    const tail = probeSamples(sent.tailSent, live.tailSeen, (p) => p, start);
    const alert = probeSamples(sent.alertSent, live.alertSeen, (p) => alertIds.get(p), start);
    const trend = memoryTrend(sampler.samples, durationMs);
    // The kernel's high-water mark catches a spike between two 5 s samples (and the capacity burst).
    const rssHighWaterMb = ctx.server.peakRssMb();
    const ingest = latencySummary(paced.posts.map((p) => p.ms));
    const tailLat = latencySummary(tail.samples.map((s) => s.ms));
    const alertLat = latencySummary(alert.samples.map((s) => s.ms));
    log(
      `soak: RSS ${trend.rssStartMb} → ${trend.rssEndMb} MB (peak ${trend.rssPeakMb}, slope ${trend.rssSlopeMbPerMin} MB/min); ingest p95 ${ingest.p95Ms} ms, tail p95 ${tailLat.p95Ms} ms, alert p95 ${alertLat.p95Ms} ms`,
    );
    return [
      {
        bench: 'soak',
        minutes: round(durationMs / 60_000, 2),
        rules: enabled,
        liveClients: { tails: TAIL_CLIENTS, tailQuery: TAIL_QUERY, alerts: ALERT_CLIENTS },
        capacityEventsPerSec: Math.round(capacity),
        capacityKind: `accepted over the last minute of ${FILL_MS / 60_000} min unpaced (batches of ${BATCH}, ${CLIENTS} clients) with the rules and clients on: windows full`,
        fillFirstMinuteEventsPerSec: fill.firstMinute,
        pacedEventsPerSec: rate,
        achievedEventsPerSec: Math.round(paced.tally.accepted / (paced.ms / 1000)),
        eventsStored: paced.tally.accepted,
        eventsRejected: paced.tally.rejected,
        retries503: paced.tally.retries503,
        maxScheduleLagMs: round(paced.maxLagMs),
        ingestBatchP50Ms: ingest.p50Ms,
        ingestBatchP95Ms: ingest.p95Ms,
        ingestBatchP99Ms: ingest.p99Ms,
        tailP50Ms: tailLat.p50Ms,
        tailP95Ms: tailLat.p95Ms,
        tailProbes: sent.tailSent.size,
        tailMissing: tail.missing,
        ...live.tailCounts(),
        alertP50Ms: alertLat.p50Ms,
        alertP95Ms: alertLat.p95Ms,
        alertProbes: sent.alertSent.size,
        alertMissing: alert.missing,
        ...trend,
        rssHighWaterMb,
        // Growth only, as the issue asks of the soak; its 1 GiB cap is for the ingest benches and the
        // 10M run, and the run's closing `rss` line still reports the soak's peak against it.
        ok: trend.ok,
        sampleEveryMs: SAMPLE_EVERY_MS,
        perMinute: perMinute(durationMs, paced.posts, tail.samples, alert.samples, sampler.samples),
        target: {
          rssSlopeMbPerMin: `< ${GROWTH_LIMITS.slopeMbPerMin} over the paced phase (windows already full)`,
          rssEndVsFirstTenth: `≤ ${GROWTH_LIMITS.endVsLevel}`,
        },
      },
    ];
  } finally {
    // The rules stay enabled: the soak is the last bench of a run, and 200 rule edits on a server
    // still writing the alerts of the last minutes took two minutes on the loaded box.
    sampler.stop();
    live.close();
  }
}
