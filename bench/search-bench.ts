// search: load N events by COPY (copy-loader.ts: 10M over HTTP would take the bench an hour), then
// time each query kind through the API and as hand-written SQL over pg on the same data.
import { copyLoad } from './copy-loader.ts';
import { patternLine } from './search-pattern.ts';
import { buildPools } from './generate-events.ts';
import { storedCount, type BenchContext } from './ingest-bench.ts';
import { HttpClient } from './load.ts';
import {
  apiPath,
  buildQueries,
  floorSql,
  SEARCH_KINDS,
  TOTAL_CAP,
  type SearchKind,
  type SearchQuery,
} from './search-queries.ts';

/** p95 targets over 24 h: a term search answers in 200 ms; free text (ILIKE '%…%') within the 2 s a slow pattern may take. */
const SEARCH_TARGET_P95_MS: Record<SearchKind, number> = {
  term: 200,
  'free-text': 2000,
  'range-24h': 300,
  aggregation: 300,
  pattern: 2000,
};
import { latencySummary, log, percentile, ratio, round } from './stats.ts';

type Line = Record<string, unknown>;

const WARMUP_PER_KIND = 3;

interface Sample {
  variant: string;
  q: string;
  apiMs: number;
  tookMs?: number;
  sqlMs: number;
  apiTotal: number;
  sqlTotal: number;
}

/** API total (or first bucket) and the floor's must agree, or the floor is not the same question. */
function sameAnswer(q: SearchQuery, api: unknown, sql: unknown[][]): { apiTotal: number; sqlTotal: number } {
  if (q.aggregate) {
    const buckets = (api as { buckets: Array<{ key: string; count: number }> }).buckets;
    const rows = sql[0] as Array<{ key: string; count: number }>;
    return { apiTotal: buckets[0]?.count ?? 0, sqlTotal: rows[0]?.count ?? 0 };
  }
  const total = (api as { total: number }).total;
  const n = (sql[1][0] as { n: number }).n;
  return { apiTotal: total, sqlTotal: Math.min(n, TOTAL_CAP) };
}

async function runOne(ctx: BenchContext, client: HttpClient, q: SearchQuery, sqlFirst: boolean): Promise<Sample> {
  // One window for both sides: with "now" taken by each, the edges held different events.
  const to = new Date();
  const from = new Date(to.getTime() - 86_400_000);
  const path = apiPath(q, from, to);
  const api = async () => {
    const res = await client.request('GET', path, undefined, { authorization: `Bearer ${ctx.server.token}` });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return { ms: res.ms, body: JSON.parse(res.body) as { tookMs?: number } };
  };
  const sql = async () => {
    const stmts = floorSql(q, from, to);
    const started = performance.now();
    const results = await Promise.all(stmts.map((s) => ctx.pool.query(s.text, s.values)));
    return { ms: performance.now() - started, rows: results.map((r) => r.rows) };
  };
  // Alternating which goes first, so neither side always runs on the other's warmed cache.
  let a: Awaited<ReturnType<typeof api>>;
  let s: Awaited<ReturnType<typeof sql>>;
  if (sqlFirst) {
    s = await sql();
    a = await api();
  } else {
    a = await api();
    s = await sql();
  }
  return {
    variant: q.variant,
    q: q.q,
    apiMs: a.ms,
    tookMs: a.body.tookMs,
    sqlMs: s.ms,
    ...sameAnswer(q, a.body, s.rows),
  };
}

/** Prints each line as soon as it is ready (`out`), so a later failure keeps the earlier figures. */
export async function searchBench(
  ctx: BenchContext,
  out: (line: Line) => void,
  events: number,
  perKind: number,
  only?: Set<SearchKind>,
): Promise<void> {
  const pools = buildPools();
  const have = ctx.reuseEvents ? await storedCount(ctx.pool) : -1;
  if (have === events) {
    const { rows } = await ctx.pool.query<{ age: number }>(
      'SELECT extract(epoch FROM now() - max(utctimestamp))::float8 AS age FROM events',
    );
    log(`search: reusing the ${have} events of the kept database (newest is ${Math.round(rows[0].age / 60)} min old)`);
    out({ bench: 'search-load', events, stored: have, reused: true, newestAgeMinutes: Math.round(rows[0].age / 60) });
  } else await loadEvents(ctx, out, events);
  const stored = await storedCount(ctx.pool);
  const queries = buildQueries(pools, perKind);
  const client = new HttpClient(ctx.server.url, 1);
  try {
    for (const kind of SEARCH_KINDS) {
      if (only && !only.has(kind)) continue;
      if (kind === 'pattern') {
        out(await patternLine(ctx, client, stored, perKind));
        continue;
      }
      const qs = queries[kind];
      log(`search ${kind}: ${WARMUP_PER_KIND} warm-up + ${qs.length} queries, e.g. q=${JSON.stringify(qs[0].q)}`);
      for (let i = 0; i < WARMUP_PER_KIND; i++) await runOne(ctx, client, qs[i % qs.length], i % 2 === 1);
      const samples: Sample[] = [];
      for (let i = 0; i < qs.length; i++) samples.push(await runOne(ctx, client, qs[i], i % 2 === 1));
      out(kindLine(kind, stored, samples));
    }
  } finally {
    client.close();
  }
}

async function loadEvents(ctx: BenchContext, out: (line: Line) => void, events: number): Promise<void> {
  // A known table: exactly the events loaded here (earlier benches' rows would blur `events`).
  await ctx.pool.query('TRUNCATE events');
  log(`search: generating and loading ${events} events by COPY`);
  const load = await copyLoad(ctx.pool, events, 3003);
  const stored = await storedCount(ctx.pool);
  log(
    `search: loaded at ${Math.round(load.eventsPerSec)} events/s, rollups built in ${round(load.compactSeconds)} s; VACUUM ANALYZE events`,
  );
  // Steady state: autovacuum would get there on its own within minutes; don't time its first pass.
  const vacStarted = performance.now();
  await ctx.pool.query('VACUUM ANALYZE events');
  out({
    bench: 'search-load',
    events,
    stored,
    seconds: round(load.ms / 1000),
    eventsPerSec: Math.round(load.eventsPerSec),
    loadedBy: 'COPY through the store (bench process renders; rollups built after the load)',
    rollupRows: load.rollupRows,
    rollupBuildSeconds: round(load.compactSeconds),
    vacuumAnalyzeSeconds: round((performance.now() - vacStarted) / 1000),
    target: 'every generated event stored',
    ok: stored === events && load.stored === events,
  });
}

function kindLine(kind: SearchKind, stored: number, samples: Sample[]): Line {
  const api = latencySummary(samples.map((s) => s.apiMs));
  const sql = latencySummary(samples.map((s) => s.sqlMs));
  const mismatches = samples.filter((s) => s.apiTotal !== s.sqlTotal);
  const variants: Record<string, Line> = {};
  for (const v of new Set(samples.map((s) => s.variant))) {
    const vs = samples.filter((s) => s.variant === v);
    variants[v] = {
      n: vs.length,
      p50Ms: round(
        percentile(
          vs.map((s) => s.apiMs),
          50,
        ),
      ),
      p95Ms: round(
        percentile(
          vs.map((s) => s.apiMs),
          95,
        ),
      ),
      sqlP95Ms: round(
        percentile(
          vs.map((s) => s.sqlMs),
          95,
        ),
      ),
      medianHits: percentile(
        vs.map((s) => s.sqlTotal),
        50,
      ),
    };
  }
  const line: Line = {
    bench: `search-${kind}`,
    kind,
    events: stored,
    queries: samples.length,
    p50Ms: api.p50Ms,
    p95Ms: api.p95Ms,
    maxMs: api.maxMs,
    baseline: sql.p95Ms,
    baselineP50Ms: sql.p50Ms,
    baselineKind: 'p95 of hand-written SQL over pg (same data, same answer)',
    ratio: ratio(api.p95Ms, sql.p95Ms),
  };
  // Server-side time (the API's tookMs), where the endpoint reports it: the rest is HTTP + JSON.
  const took = samples.map((s) => s.tookMs ?? NaN).filter(Number.isFinite);
  if (took.length) line.serverTookP95Ms = round(percentile(took, 95));
  line.targetP95Ms = SEARCH_TARGET_P95_MS[kind];
  line.ok = api.p95Ms <= SEARCH_TARGET_P95_MS[kind];
  line.answerMismatches = mismatches.length;
  if (mismatches.length) {
    const m = mismatches[0];
    line.firstMismatch = { q: m.q, apiTotal: m.apiTotal, sqlTotal: m.sqlTotal };
  }
  line.variants = variants;
  return line;
}
