// The server's per-event ingest work, stage by stage, in-process (no HTTP, no Postgres): CPU µs per
// event of JSON.parse, normalize, enrich (default plugins with GeoIP) and COPY row rendering, over
// 20k generated events in batches of 1000, 8 passes, median and minimum. CPU time, not wall time,
// so a busy machine blurs it less. For A/B of a hot-path change: run it on both versions, alternating.
//   node bin/run-ts.mjs bench/ingest-stages.ts
import type { PicketEvent } from '../server/ingest/event.ts';
import { normalizeEvent } from '../server/ingest/normalize.ts';
import { copyChunks } from '../server/store/postgres/copy-format.ts';
import { Enricher } from '../server/workers/enrich.ts';
import { createDefaultPlugins, openGeoIp } from '../server/workers/plugins/index.ts';
import { buildPools, EventGenerator } from './generate-events.ts';

const BATCH = 1000;
const PASSES = 8;
const enricher = new Enricher(createDefaultPlugins({ geoip: await openGeoIp() }));
const gen = new EventGenerator(buildPools(), 1001, Date.now());
const opts = { now: new Date(), retentionDays: 90, maxFutureMinutes: 1440 };
const lines = Array.from({ length: 20_000 }, () => JSON.stringify(gen.next()));

const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const stages = { parse: [] as number[], normalize: [] as number[], enrich: [] as number[], render: [] as number[] };
let sink = 0;
for (let pass = 0; pass < PASSES; pass++) {
  const t = { parse: 0, normalize: 0, enrich: 0, render: 0 };
  for (let i = 0; i < lines.length; i += BATCH) {
    let c = cpu();
    const parsed = lines.slice(i, i + BATCH).map((l) => JSON.parse(l) as unknown);
    t.parse += cpu() - c;
    c = cpu();
    const events: PicketEvent[] = [];
    for (const p of parsed) {
      const r = normalizeEvent(p, opts);
      if (r.ok) events.push(r.event);
    }
    t.normalize += cpu() - c;
    c = cpu();
    const enriched = enricher.enrich(events);
    t.enrich += cpu() - c;
    c = cpu();
    for (const chunk of copyChunks(enriched)) sink += chunk.length;
    t.render += cpu() - c;
  }
  for (const k of Object.keys(t) as Array<keyof typeof t>) stages[k].push(t[k] / lines.length);
}
const summary: Record<string, number> = {};
for (const [k, v] of Object.entries(stages)) {
  v.sort((a, b) => a - b);
  summary[`${k}UsMedian`] = Math.round(v[PASSES >> 1] * 100) / 100;
  summary[`${k}UsMin`] = Math.round(v[0] * 100) / 100;
}
process.stdout.write(`${JSON.stringify({ bench: 'ingest-stages', events: lines.length, ...summary, bytes: sink })}\n`);
