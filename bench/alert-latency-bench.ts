// alert-latency: a steady paced ingest (default 10,000 events/s from 4 concurrent POST clients) with
// 200 enabled rules of mixed types; every so often a probe posts the event that completes a threshold rule, and the
// time from that POST to the alert's id arriving over the websocket (tRPC changes.onTopic 'alerts')
// is measured. The same paced ingest with no enabled rules, in the same run, is the baseline for
// the achieved ingest rate (target ≥ 0.8×; target p95 < 200 ms). Each phase starts from an empty
// events table after a checkpoint: a phase run on the table the phases before had filled was up
// to 43 % slower (the GIN index on details outgrows shared buffers), which charged whichever ran
// second for the table's growth.
import { enableMixedRules, rest, setAllEnabled } from './alert-engine-bench.ts';
import { buildPools, EventGenerator, ndjsonBatches } from './generate-events.ts';
import type { BenchContext } from './ingest-bench.ts';
import { HttpClient, newTally, postEvents } from './load.ts';
import { latencySummary, log, ratio, round } from './stats.ts';
import { connectWs } from './ws-client.ts';

type Json = Record<string, unknown>;
const RULES = 200;
const TARGET_P95_MS = 200;
const CLIENTS = 4;
const BATCH = 250;
const PROBE_CATEGORY = 'latency-probe';

export interface AlertLatencyOptions {
  rate: number;
  seconds: number;
  probes: number;
}

/** Sends the bodies on a fixed schedule (batch j at start + j·interval) from CLIENTS clients; a late client sends at once. */
async function pacedIngest(
  ctx: BenchContext,
  bodies: readonly Buffer[],
  rate: number,
): Promise<{ eventsPerSec: number; ms: number; maxLagMs: number }> {
  const client = new HttpClient(ctx.server.url, CLIENTS);
  const tally = newTally();
  const intervalMs = (BATCH / rate) * 1000;
  const start = performance.now();
  let next = 0;
  let maxLagMs = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const j = next++;
      const due = start + j * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else maxLagMs = Math.max(maxLagMs, -wait);
      await postEvents(client, bodies[j], tally);
    }
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, worker));
  } finally {
    client.close();
  }
  const ms = performance.now() - start;
  if (tally.rejected) log(`  ${tally.rejected} events rejected, first: ${tally.firstRejection}`);
  return { eventsPerSec: tally.accepted / (ms / 1000), ms, maxLagMs };
}

function watchAlerts(ctx: BenchContext): { arrived: Map<string, number>; ready: Promise<void>; close(): void } {
  const { client, close } = connectWs(ctx.server);
  // Only the arrival time is taken here; which alert is the probe's is looked up afterwards.
  const arrived = new Map<string, number>();
  let sub: { unsubscribe(): void } | undefined;
  const ready = new Promise<void>((resolve) => {
    sub = client.changes.onTopic.subscribe(
      { topic: 'alerts' },
      {
        onStarted: () => resolve(),
        onData: ({ data }) => void (arrived.has(data.id) || arrived.set(data.id, performance.now())),
      },
    );
  });
  return { arrived, ready, close: () => (sub?.unsubscribe(), close()) };
}

/** Both phases start from the same store: no events, no rollups, a fresh checkpoint. */
async function emptyEvents(ctx: BenchContext): Promise<void> {
  await ctx.pool.query('TRUNCATE events'); // its trigger empties the rollups too
  await ctx.pool.query('CHECKPOINT');
}

async function postJson(ctx: BenchContext, events: Json[]): Promise<void> {
  const res = await fetch(`${ctx.server.url}/events`, { method: 'POST', body: JSON.stringify(events) });
  if (res.status !== 200) throw new Error(`probe POST /events: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

export async function alertLatencyBench(ctx: BenchContext, opts: AlertLatencyOptions): Promise<Json> {
  const events = Math.round(opts.rate * opts.seconds);
  log(`alert-latency: generating 2 × ${events} events (${opts.rate}/s for ${opts.seconds} s, batches of ${BATCH})`);
  const pools = buildPools();
  const baseBodies = ndjsonBatches(new EventGenerator(pools, 3003, Date.now()), events, BATCH);
  const ruleBodies = ndjsonBatches(new EventGenerator(pools, 4004, Date.now()), events, BATCH);
  const warmBodies = ndjsonBatches(new EventGenerator(pools, 5005, Date.now()), Math.min(events, 20_000), 1000);

  await setAllEnabled(ctx, false);
  log('alert-latency: all rules disabled; warm-up, then the paced ingest with no rules');
  await pacedIngest(ctx, warmBodies, opts.rate * 4);
  await emptyEvents(ctx);
  const baseline = await pacedIngest(ctx, baseBodies, opts.rate);
  log(`alert-latency: ${Math.round(baseline.eventsPerSec)} events/s with no rules`);
  await emptyEvents(ctx);

  // RULES enabled: the MozDef catalogue, generated rules, and the probe's threshold rule.
  await enableMixedRules(ctx, RULES, 'latency', 1);
  const probeRule = await rest(ctx, 'POST', '/rules', {
    name: 'latency probe',
    type: 'threshold',
    query: `category:${PROBE_CATEGORY}`,
    groupBy: ['details.probe'],
    threshold: 3,
    window: '5m',
    severity: 'NOTICE',
    category: 'bench',
    summary: 'probe {details.probe}',
  });
  const { rules } = (await rest(ctx, 'GET', '/rules')) as { rules: Json[] };
  const enabled = rules.filter((r) => r.enabled).length;

  const watch = watchAlerts(ctx);
  await watch.ready;
  log(`alert-latency: ${enabled} rules enabled; paced ingest with ${opts.probes} probes`);
  const sentAt = new Map<string, number>();
  const probeGapMs = (opts.seconds * 1000) / (opts.probes + 1);
  const probing = (async () => {
    for (let k = 0; k < opts.probes; k++) {
      await new Promise((r) => setTimeout(r, probeGapMs - 300));
      const probe = `p${k}-${Date.now()}`;
      const ev = () => ({ category: PROBE_CATEGORY, hostname: 'probe-host', summary: 'probe', details: { probe } });
      await postJson(ctx, [ev(), ev()]);
      // Let the two priming events reach the engine first: the third must be the completing one.
      await new Promise((r) => setTimeout(r, 300));
      sentAt.set(probe, performance.now());
      await postJson(ctx, [ev()]);
    }
  })();
  const [withRules] = await Promise.all([pacedIngest(ctx, ruleBodies, opts.rate), probing]);
  // Wait (bounded) for the last alerts to arrive before reading them.
  const deadline = performance.now() + 10_000;
  const probeAlerts = async () =>
    (
      await ctx.pool.query<{ id: string; summary: string }>('SELECT id, summary FROM alerts WHERE rule_id = $1', [
        probeRule.id,
      ])
    ).rows;
  let rows = await probeAlerts();
  while ((rows.length < opts.probes || rows.some((r) => !watch.arrived.has(r.id))) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await probeAlerts();
  }
  watch.close();
  const samples: number[] = [];
  let missing = 0;
  for (const r of rows) {
    const probe = r.summary.replace(/^probe /, '');
    const t0 = sentAt.get(probe);
    const t1 = watch.arrived.get(r.id);
    if (t0 === undefined || t1 === undefined) missing++;
    else samples.push(t1 - t0);
  }
  missing += Math.max(0, opts.probes - rows.length);
  await setAllEnabled(ctx, false);
  const lat = latencySummary(samples);
  const r = ratio(withRules.eventsPerSec, baseline.eventsPerSec);
  log(
    `alert-latency: p95 ${round(lat.p95Ms)} ms; ${Math.round(withRules.eventsPerSec)} events/s with rules (ratio ${r})`,
  );
  return {
    bench: 'alert-latency',
    rules: enabled,
    targetEventsPerSec: opts.rate,
    seconds: opts.seconds,
    probes: opts.probes,
    ...lat,
    probesMissing: missing,
    eventsPerSec: Math.round(withRules.eventsPerSec),
    baseline: Math.round(baseline.eventsPerSec),
    baselineKind: 'same paced ingest with no enabled rules, same run, each phase from an empty events table (events/s)',
    ratio: r,
    maxScheduleLagMs: [round(baseline.maxLagMs), round(withRules.maxLagMs)],
    targetP95Ms: TARGET_P95_MS,
    targetRatio: 0.8,
    ok: lat.p95Ms < TARGET_P95_MS && r >= 0.8 && missing === 0,
  };
}
