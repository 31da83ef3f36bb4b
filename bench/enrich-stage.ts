// The enrichment stage alone (the server's default plugins with GeoIP), in-process: CPU µs per
// event over 20k generated events, 8 passes, median and minimum (CPU time, not wall time, so a
// busy machine blurs it less). For A/B of a plugin change: run it on both versions, alternating.
//   node bin/run-ts.mjs bench/enrich-stage.ts
import type { PicketEvent } from '../server/ingest/event.ts';
import { normalizeEvent } from '../server/ingest/normalize.ts';
import { Enricher } from '../server/workers/enrich.ts';
import { createDefaultPlugins, openGeoIp } from '../server/workers/plugins/index.ts';
import { buildPools, EventGenerator } from './generate-events.ts';

const enricher = new Enricher(createDefaultPlugins({ geoip: await openGeoIp() }));
const gen = new EventGenerator(buildPools(), 1001, Date.now());
const opts = { now: new Date(), retentionDays: 90, maxFutureMinutes: 1440 };
const raw = Array.from({ length: 20_000 }, () => JSON.stringify(gen.next()));
const perEvent: number[] = [];
for (let pass = 0; pass < 8; pass++) {
  const events: PicketEvent[] = [];
  for (const line of raw) {
    const r = normalizeEvent(JSON.parse(line), opts);
    if (r.ok) events.push(r.event);
  }
  const c0 = process.cpuUsage();
  for (let i = 0; i < events.length; i += 1000) enricher.enrich(events.slice(i, i + 1000));
  const c = process.cpuUsage(c0);
  perEvent.push((c.user + c.system) / events.length);
}
perEvent.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ bench: 'enrich-stage', events: raw.length, cpuUsPerEventMedian: Math.round(perEvent[4] * 100) / 100, cpuUsPerEventMin: Math.round(perEvent[0] * 100) / 100 })}\n`,
);
