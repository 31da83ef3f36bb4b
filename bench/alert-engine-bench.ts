// alert-engine: ingest rate with 50 enabled rules next to the same ingest with none (the issue's
// target: ≥ 0.8×). Same server, same generated events; the no-rules run is done before and after
// the rules run and averaged, so a growing table does not favour either side.
import { bulkLoad, type BenchContext } from './ingest-bench.ts';
import { buildPools, EventGenerator, ndjsonBatches } from './generate-events.ts';
import { log, ratio, round } from './stats.ts';

type Json = Record<string, unknown>;
const RULES = 50;

export async function rest(ctx: BenchContext, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${ctx.server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${ctx.server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function setAllEnabled(ctx: BenchContext, enabled: boolean, only?: (r: Json) => boolean): Promise<number> {
  const { rules } = (await rest(ctx, 'GET', '/rules')) as { rules: Json[] };
  let n = 0;
  for (const r of rules) {
    if (only && !only(r)) continue;
    if (r.enabled !== enabled) await rest(ctx, 'PUT', `/rules/${r.id}`, { ...r, enabled });
    n++;
  }
  return n;
}

/**
 * `total` enabled rules of mixed types: the MozDef catalogue plus generated rules (`benchRules`,
 * named `<prefix> bench rule i`); `reserve` slots are left for the caller's own probe rules.
 */
export async function enableMixedRules(ctx: BenchContext, total: number, prefix: string, reserve = 0): Promise<void> {
  const catalogue = await setAllEnabled(ctx, true, (r) => typeof r.catalogueKey === 'string');
  const extra = benchRules(total - catalogue - reserve).map((r) => ({ ...r, name: `${prefix} ${String(r.name)}` }));
  for (const rule of extra) await rest(ctx, 'POST', '/rules', rule);
}

/** A mix like a real deployment: per-category thresholds and matches, a few generic (unindexed) rules. */
export function benchRules(count: number): Json[] {
  const common = { severity: 'NOTICE', category: 'bench', tags: ['bench'], summary: '{count} events for {rule}' };
  const out: Json[] = [];
  for (let i = 0; out.length < count; i++) {
    const k = i % 6;
    const name = `bench rule ${i}`;
    if (k === 0)
      out.push({
        ...common,
        name,
        type: 'threshold',
        query: 'category:authentication AND details.success:false',
        groupBy: ['details.username'],
        threshold: 20 + i,
        window: '5m',
      });
    else if (k === 1)
      out.push({
        ...common,
        name,
        type: 'match',
        query: `category:cloudtrail AND details.eventName:StopLogging AND details.awsRegion:us-east-${i}`,
        suppress: '10m',
      });
    else if (k === 2)
      out.push({
        ...common,
        name,
        type: 'threshold',
        query: 'category:proxy AND details.method:POST',
        groupBy: ['details.sourceipaddress'],
        threshold: 200 + i,
        window: '2m',
      });
    else if (k === 3)
      out.push({
        ...common,
        name,
        type: 'cardinality',
        query: 'category:proxy',
        groupBy: ['details.sourceipaddress'],
        distinct: 'details.destination',
        threshold: 300 + i,
        window: '5m',
      });
    else if (k === 4)
      out.push({
        ...common,
        name,
        type: 'match',
        query: `details.sourceipaddress:198.51.${i}.0/24 AND NOT category:proxy`,
        groupBy: ['details.sourceipaddress'],
        suppress: '1h',
      });
    else
      out.push({
        ...common,
        name,
        type: 'sequence',
        query: 'category:authentication AND details.username:root',
        groupBy: ['details.sourceipaddress'],
        window: '2m',
        steps: [{ query: 'details.success:false' }, { query: 'details.success:true' }],
      });
  }
  return out;
}

export async function alertEngineBench(ctx: BenchContext, events: number): Promise<Json> {
  log(`alert-engine: generating ${events} events`);
  const bodies = ndjsonBatches(new EventGenerator(buildPools(), 2002, Date.now()), events, 1000);
  const catalogue = await setAllEnabled(ctx, false);
  log(`alert-engine: ${catalogue} catalogue rules disabled; a warm-up load, then loading with no rules`);
  await bulkLoad(ctx, bodies, events);
  const none1 = await bulkLoad(ctx, bodies, events);
  log(
    `alert-engine: ${Math.round(none1.eventsPerSec)} events/s with no rules; enabling the catalogue and adding rules up to ${RULES}`,
  );
  await setAllEnabled(ctx, true);
  for (const rule of benchRules(RULES - catalogue)) await rest(ctx, 'POST', '/rules', rule);
  const alertCount = async () =>
    Number((await ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM alerts')).rows[0].n);
  const alertsBefore = await alertCount();
  const withRules = await bulkLoad(ctx, bodies, events);
  const alertsAfter = await alertCount();
  log(`alert-engine: ${Math.round(withRules.eventsPerSec)} events/s with ${RULES} rules; no rules again`);
  await setAllEnabled(ctx, false);
  const none2 = await bulkLoad(ctx, bodies, events);
  const baseline = (none1.eventsPerSec + none2.eventsPerSec) / 2;
  return {
    bench: 'alert-engine',
    events,
    rules: RULES,
    eventsPerSec: Math.round(withRules.eventsPerSec),
    baseline: Math.round(baseline),
    baselineKind: 'same ingest with no enabled rules (mean of a run before and after)',
    baselineRuns: [Math.round(none1.eventsPerSec), Math.round(none2.eventsPerSec)],
    ratio: ratio(withRules.eventsPerSec, baseline),
    target: 0.8,
    ok: ratio(withRules.eventsPerSec, baseline) >= 0.8,
    alertsRaised: alertsAfter - alertsBefore,
    seconds: round(withRules.ms / 1000),
  };
}
