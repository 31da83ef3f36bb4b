// soak (`npm run bench -- --soak 10m`): does the server hold steady under a realistic load for a
// while? 200 enabled rules of mixed types and 20 websocket clients (10 live tails, 10 on the alerts
// topic) stay on throughout. First a short unpaced burst measures the ingest capacity under exactly
// that setup; then events are sent paced at 80 % of it for the whole duration, generated as they go
// with timestamps in the last minute (so rule windows fill and slide as in production). The server's
// RSS and V8 heap are sampled every 5 s; growth is judged on the second half (memory-trend.ts).
// Probes measure the live paths meanwhile: a tail probe event every 2 s (POST → every tail holds
// it) and an alert probe every 10 s (POST of the completing event → every alerts client has the id).
import { enableMixedRules, rest, setAllEnabled } from './alert-engine-bench.ts';
import { buildPools, EventGenerator, ndjsonBatches, type Pools } from './generate-events.ts';
import type { BenchContext } from './ingest-bench.ts';
import { HttpClient, newTally, postEvents, sendAll } from './load.ts';
import { GROWTH_LIMITS, MemorySampler, memoryTrend, type MemorySample } from './memory-trend.ts';
import { latencySummary, log, percentile, round } from './stats.ts';
import { connectWs, type WsBenchClient } from './ws-client.ts';

type Json = Record<string, unknown>;
const RULES = 200;
const CLIENTS = 4;
const BATCH = 250;
const LOAD_FACTOR = 0.8;
const TAIL_CLIENTS = 10;
const ALERT_CLIENTS = 10;
const WARMUP_EVENTS = 10_000;
const CAPACITY_EVENTS = 40_000;
const SAMPLE_EVERY_MS = 5_000;
const TAIL_PROBE_EVERY_MS = 2_000;
const ALERT_PROBE_EVERY_MS = 10_000;
const TAIL_CATEGORY = 'soakprobe';
const ALERT_CATEGORY = 'soakalert';
/** A filtered tail an analyst would keep open: the IDS events (0.5 % of the load) and the probes. */
const TAIL_QUERY = `category:${TAIL_CATEGORY} OR category:ids`;

/** `10m`, `90s`, `1h`, `1.5m` → ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration (e.g. 10m, 90s): ${text}`);
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  if (ms < 60_000) throw new Error(`a soak needs at least 1m (its second half is judged): ${text}`);
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

interface Timed {
  at: number;
  ms: number;
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

/** Live clients: tails record when each tail probe reached them, alert clients when each alert id did. */
function openClients(ctx: BenchContext) {
  const sockets: WsBenchClient[] = [];
  const subs: Array<{ unsubscribe(): void }> = [];
  const tailSeen: Array<Map<string, number>> = [];
  const alertSeen: Array<Map<string, number>> = [];
  let tailEvents = 0;
  let tailDropped = 0;
  const started: Promise<void>[] = [];
  for (let i = 0; i < TAIL_CLIENTS; i++) {
    const ws = connectWs(ctx.server);
    const seen = new Map<string, number>();
    sockets.push(ws);
    tailSeen.push(seen);
    started.push(
      new Promise((resolve) => {
        subs.push(
          ws.client.events.tail.subscribe(
            { q: TAIL_QUERY },
            {
              onStarted: () => resolve(),
              onData: (batch) => {
                const now = performance.now();
                tailEvents += batch.events.length;
                tailDropped += batch.dropped;
                for (const e of batch.events) {
                  const probe = e.category === TAIL_CATEGORY ? (e.details as Json)?.probe : undefined;
                  if (typeof probe === 'string' && !seen.has(probe)) seen.set(probe, now);
                }
              },
            },
          ),
        );
      }),
    );
  }
  for (let i = 0; i < ALERT_CLIENTS; i++) {
    const ws = connectWs(ctx.server);
    const seen = new Map<string, number>();
    sockets.push(ws);
    alertSeen.push(seen);
    started.push(
      new Promise((resolve) => {
        subs.push(
          ws.client.changes.onTopic.subscribe(
            { topic: 'alerts' },
            {
              onStarted: () => resolve(),
              onData: ({ data }) => void (seen.has(data.id) || seen.set(data.id, performance.now())),
            },
          ),
        );
      }),
    );
  }
  return {
    tailSeen,
    alertSeen,
    tailCounts: () => ({ tailEvents, tailDropped }),
    ready: Promise.all(started),
    close() {
      for (const s of subs) s.unsubscribe();
      for (const w of sockets) w.close();
    },
  };
}

/** Tail probes every 2 s, alert probes (2 priming events, 300 ms, the completing one) every 10 s, until `until`. */
async function runProbes(ctx: BenchContext, start: number, until: number) {
  const client = new HttpClient(ctx.server.url, 2);
  const tailSent = new Map<string, number>();
  const alertSent = new Map<string, number>();
  const tally = newTally();
  const ndjson = (events: Json[]) => Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const tails = (async () => {
    for (let k = 0; performance.now() < until; k++) {
      await sleep(start + (k + 1) * TAIL_PROBE_EVERY_MS - performance.now());
      if (performance.now() >= until) break;
      const probe = `t${k}`;
      tailSent.set(probe, performance.now());
      await postEvents(client, ndjson([{ category: TAIL_CATEGORY, summary: 'tail probe', details: { probe } }]), tally);
    }
  })();
  const alerts = (async () => {
    for (let k = 0; performance.now() < until; k++) {
      await sleep(start + (k + 1) * ALERT_PROBE_EVERY_MS - 300 - performance.now());
      if (performance.now() >= until) break;
      const probe = `a${k}-${Date.now()}`;
      const ev = () => ({ category: ALERT_CATEGORY, hostname: 'probe-host', summary: 'probe', details: { probe } });
      await postEvents(client, ndjson([ev(), ev()]), tally);
      await sleep(300); // the priming pair reaches the engine first: the third event completes the threshold
      alertSent.set(probe, performance.now());
      await postEvents(client, ndjson([ev()]), tally);
    }
  })();
  try {
    await Promise.all([tails, alerts]);
  } finally {
    client.close();
  }
  return { tailSent, alertSent };
}

/** Latency samples (ms) with the time they started, one per (client, probe); missing = expected − found. */
function probeSamples(
  sent: ReadonlyMap<string, number>,
  seenPerClient: ReadonlyArray<ReadonlyMap<string, number>>,
  keyOf: (probe: string) => string | undefined,
  start: number,
) {
  const samples: Timed[] = [];
  let missing = 0;
  for (const [probe, t0] of sent) {
    const key = keyOf(probe);
    for (const seen of seenPerClient) {
      const t1 = key === undefined ? undefined : seen.get(key);
      if (t1 === undefined) missing++;
      else samples.push({ at: t0 - start, ms: t1 - t0 });
    }
  }
  return { samples, missing };
}

function perMinute(durationMs: number, posts: Timed[], tail: Timed[], alert: Timed[], mem: MemorySample[]) {
  const minute = (ms: number) => Math.floor(ms / 60_000);
  const p = (xs: number[], q: number, digits = 2) => (xs.length ? round(percentile(xs, q), digits) : null);
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
      rssMb: p(
        ms.map((s) => s.rssMb),
        50,
        1,
      ),
      heapUsedMb: p(
        ms.map((s) => s.heapUsedMb),
        50,
        1,
      ),
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

    // Capacity under the soak's own setup (rules and clients on), after an untimed warm-up.
    const next = recentBodies(pools);
    const burst = async (events: number) => {
      const client = new HttpClient(ctx.server.url, CLIENTS);
      const tally = newTally();
      const bodies = Array.from({ length: Math.ceil(events / BATCH) }, next);
      try {
        const ms = await sendAll(client, bodies, CLIENTS, tally);
        return tally.accepted / (ms / 1000);
      } finally {
        client.close();
      }
    };
    await burst(WARMUP_EVENTS);
    const capacity = await burst(CAPACITY_EVENTS);
    const rate = Math.max(BATCH, Math.round(capacity * LOAD_FACTOR));
    log(`soak: capacity ${Math.round(capacity)} events/s; paced at ${rate}/s for ${durationMs / 60_000} min`);

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
        capacityKind: `unpaced burst of ${CAPACITY_EVENTS} events (batches of ${BATCH}, ${CLIENTS} clients) with the rules and clients on, after ${WARMUP_EVENTS} untimed`,
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
        ok: trend.ok && rssHighWaterMb < GROWTH_LIMITS.rssMb,
        sampleEveryMs: SAMPLE_EVERY_MS,
        perMinute: perMinute(durationMs, paced.posts, tail.samples, alert.samples, sampler.samples),
        target: {
          rssMb: `< ${GROWTH_LIMITS.rssMb} (samples and high-water mark)`,
          rssSlopeMbPerMin: `< ${GROWTH_LIMITS.slopeMbPerMin} over the second half`,
          rssEndVsPostWarmup: `≤ ${GROWTH_LIMITS.endVsLevel}`,
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
