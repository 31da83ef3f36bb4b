// The soak's live clients and probes: 10 live tails and 10 alerts clients stay subscribed, a tail
// probe event goes out every 2 s and an alert probe every 10 s, and each probe's latency is taken per
// client (POST → that client holds the probe, or the probe's alert id).
import type { BenchContext } from './ingest-bench.ts';
import { HttpClient, newTally, postEvents } from './load.ts';
import { connectWs, type WsBenchClient } from './ws-client.ts';

type Json = Record<string, unknown>;
export const TAIL_CLIENTS = 10;
export const ALERT_CLIENTS = 10;
const TAIL_PROBE_EVERY_MS = 2_000;
const ALERT_PROBE_EVERY_MS = 10_000;
const TAIL_CATEGORY = 'soakprobe';
export const ALERT_CATEGORY = 'soakalert';
/** A filtered tail an analyst would keep open: the IDS events (0.5 % of the load) and the probes. */
export const TAIL_QUERY = `category:${TAIL_CATEGORY} OR category:ids`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Timed {
  at: number;
  ms: number;
}

/** Live clients: tails record when each tail probe reached them, alert clients when each alert id did. */
export function openClients(ctx: BenchContext) {
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
export async function runProbes(ctx: BenchContext, start: number, until: number) {
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
export function probeSamples(
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
