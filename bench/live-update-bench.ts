// live-update: N ws clients watch one incident with `entries` timeline entries; a REST client
// appends. Per client and mutation: from just before the POST (the commit happens inside it) until
// that client has heard the change on changes.onTopic and fetched what changed since the version it
// holds (cases.get with sinceVersion, as the incident room does), which includes the new entry.
import type { BenchServer } from './server-process.ts';
import { latencySummary, log, ratio, round } from './stats.ts';
import { connectWs as connect, type WsBenchClient as Watcher } from './ws-client.ts';

async function post(server: BenchServer, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function liveUpdateBench(
  server: BenchServer,
  opts: { entries: number; mutations: number; clientCounts: number[] },
): Promise<Record<string, unknown>[]> {
  const incident = await post(server, '/incidents', { summary: 'live-update bench' });
  const id = String(incident.id);
  log(`live-update: filling the incident with ${opts.entries} timeline entries`);
  for (let i = 0; i < opts.entries; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, opts.entries - i) }, (_, j) =>
        post(server, `/incidents/${id}/timeline`, { text: `entry ${i + j} ${'x'.repeat(120)}` }),
      ),
    );
  }

  // Baseline: what one client alone needs for the same work (append, then fetch what changed).
  const solo = connect(server);
  let version = (await solo.client.cases.get.query({ id })).version;
  const baseline: number[] = [];
  for (let m = 0; m < opts.mutations; m++) {
    const t0 = performance.now();
    await post(server, `/incidents/${id}/timeline`, { text: `baseline ${m}` });
    const delta = await solo.client.cases.get.query({ id, sinceVersion: version });
    if (delta.timeline.length !== 1) throw new Error(`expected one new entry, got ${delta.timeline.length}`);
    version = delta.version;
    baseline.push(performance.now() - t0);
  }
  solo.close();
  const base = latencySummary(baseline);

  const lines: Record<string, unknown>[] = [];
  for (const n of opts.clientCounts) {
    const watchers = Array.from({ length: n }, () => connect(server));
    const samples: number[] = [];
    let t0 = 0;
    let target = 0;
    let pending = 0;
    let allSeen: () => void = () => undefined;
    const subs = await Promise.all(
      watchers.map(
        (w) =>
          new Promise<{ unsubscribe(): void }>((resolve) => {
            // Every watcher has loaded the whole case once; from then on it fetches deltas.
            let held = version;
            const sub = w.client.changes.onTopic.subscribe(
              { topic: 'incidents' },
              {
                onStarted: () => resolve(sub),
                // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a bench probe: a failed refetch shows as a missing sample
                onData: async ({ data }) => {
                  if (data.id !== id || data.version <= held) return;
                  const since = held;
                  held = data.version;
                  const fresh = await w.client.cases.get.query({ id, sinceVersion: since });
                  if (fresh.version >= target && fresh.timeline.length > 0) {
                    samples.push(performance.now() - t0);
                    if (--pending === 0) allSeen();
                  }
                },
              },
            );
          }),
      ),
    );
    for (let m = 0; m < opts.mutations; m++) {
      const done = new Promise<void>((r) => (allSeen = r));
      pending = n;
      target = ++version;
      t0 = performance.now();
      await post(server, `/incidents/${id}/timeline`, { text: `live ${n}/${m}` });
      await done;
    }
    for (const s of subs) s.unsubscribe();
    for (const w of watchers) w.close();
    const stats = latencySummary(samples);
    lines.push({
      bench: 'live-update',
      clients: n,
      fetch: 'delta (sinceVersion)',
      timelineEntries: opts.entries,
      mutations: opts.mutations,
      ...stats,
      baseline: base.p95Ms,
      baselineKind: 'one client alone: append + delta fetch, p95 ms',
      ratio: ratio(stats.p95Ms, base.p95Ms),
      ...liveUpdateTarget(n),
      ok: stats.p95Ms < liveUpdateTarget(n).targetP95Ms,
    });
    log(`live-update ${n} clients: p95 ${round(stats.p95Ms)} ms`);
  }
  return lines;
}

/** 200 clients on one case: every one has the delta within 150 ms (p95); fewer clients, 500 ms. */
function liveUpdateTarget(clients: number): { targetP95Ms: number } {
  return { targetP95Ms: clients >= 200 ? 150 : 500 };
}
