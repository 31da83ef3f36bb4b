// explorer-api: what the events explorer asks the server for, over tRPC (/api/trpc, as the UI
// calls it), at a stated event count. Each line compares with the REST endpoint answering the same
// question on the same data in the same run (baseline), so the ratio is the tRPC layer's cost
// (plus, for fields/top values, what sampling saves).
import { PostgresExplorerStore } from '../server/store/postgres/postgres-explorer-store.ts';
import { copyLoad } from './copy-loader.ts';
import { buildPools } from './generate-events.ts';
import { storedCount, type BenchContext } from './ingest-bench.ts';
import { HttpClient } from './load.ts';
import { buildQueries } from './search-queries.ts';
import { latencySummary, log, ratio, round } from './stats.ts';

type Line = Record<string, unknown>;

const FIELDS_TARGET_MS = 200;
/** p95 targets over the last 24 h; the dashboard's is its uncached summary. */
const TARGET_P95_MS: Record<string, number> = { search: 200, histogram: 300, 'field-top-values': 300, dashboard: 1000 };
const SIDEBAR_FIELDS = ['hostname', 'category', 'details.sourceipaddress', 'details.username', 'tags'];

/** Loads `events` generated events unless the table already holds them (e.g. the search bench ran first). */
async function ensureLoaded(ctx: BenchContext, events: number): Promise<number> {
  const have = await storedCount(ctx.pool);
  if (have >= events * 0.99 && have <= events * 1.01) {
    log(`explorer-api: reusing the ${have} events already loaded`);
    return have;
  }
  await ctx.pool.query('TRUNCATE events');
  log(`explorer-api: generating and loading ${events} events by COPY`);
  await copyLoad(ctx.pool, events, 3003);
  await ctx.pool.query('VACUUM ANALYZE events');
  return storedCount(ctx.pool);
}

export async function explorerApiBench(ctx: BenchContext, events: number, perOp: number): Promise<Line[]> {
  const stored = await ensureLoaded(ctx, events);
  const client = new HttpClient(ctx.server.url, 1);
  const auth = { authorization: `Bearer ${ctx.server.token}` };
  const get = async (path: string): Promise<number> => {
    const res = await client.request('GET', path, undefined, auth);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return res.ms;
  };
  const trpc = (proc: string, input: unknown) =>
    `/api/trpc/events.${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const rest = (path: string, params: Record<string, string>) => `/api/v1/events${path}?${new URLSearchParams(params)}`;

  // The explorer's usual opening queries: match-all plus field terms (Zipf head and tail values).
  const terms = buildQueries(buildPools(), perOp).term.map((q) => q.q);
  const qs = ['', ...terms].slice(0, perOp);

  /** Times `a` (tRPC) and `b` (REST) alternately for each input, after two untimed warm-ups. */
  const pair = async (inputs: string[], a: (q: string) => string, b: (q: string) => string) => {
    for (const q of inputs.slice(0, 2)) await Promise.all([get(a(q)), get(b(q))].map((p) => p.catch(() => 0)));
    const am: number[] = [];
    const bm: number[] = [];
    for (let i = 0; i < inputs.length; i++) {
      if (i % 2) {
        bm.push(await get(b(inputs[i])));
        am.push(await get(a(inputs[i])));
      } else {
        am.push(await get(a(inputs[i])));
        bm.push(await get(b(inputs[i])));
      }
    }
    return { a: latencySummary(am), b: latencySummary(bm) };
  };
  const line = (
    op: string,
    m: { a: ReturnType<typeof latencySummary>; b: ReturnType<typeof latencySummary> },
    baselineKind: string,
    extra: Line = {},
  ): Line => ({
    bench: `explorer-api-${op}`,
    events: stored,
    queries: m.a.n,
    p50Ms: m.a.p50Ms,
    p95Ms: m.a.p95Ms,
    maxMs: m.a.maxMs,
    baseline: m.b.p95Ms,
    baselineP50Ms: m.b.p50Ms,
    baselineKind,
    ratio: ratio(m.a.p95Ms, m.b.p95Ms),
    ...(op in TARGET_P95_MS ? { targetP95Ms: TARGET_P95_MS[op], ok: m.a.p95Ms <= TARGET_P95_MS[op] } : {}),
    ...extra,
  });
  const out: Line[] = [];
  try {
    log(`explorer-api search: ${qs.length} queries, first page of 100`);
    const search = await pair(
      qs,
      (q) => trpc('search', { q, from: 'now-24h', size: 100 }),
      (q) => rest('', { q, from: 'now-24h', size: '100' }),
    );
    out.push(line('search', search, 'p95 of GET /api/v1/events (same query, same page size)'));

    log('explorer-api histogram');
    const hist = await pair(
      qs,
      (q) => trpc('histogram', { q, from: 'now-24h' }),
      (q) => rest('/histogram', { q, from: 'now-24h', interval: '15m' }),
    );
    out.push(line('histogram', hist, 'p95 of GET /api/v1/events/histogram at the same 15m interval'));

    // Field sidebar: sampled top values (newest 5000 matches) vs the exact REST aggregation.
    log('explorer-api fieldTopValues');
    const fieldInputs = Array.from(
      { length: perOp },
      (_, i) => `${SIDEBAR_FIELDS[i % SIDEBAR_FIELDS.length]}\n${qs[i % 3]}`,
    );
    const split = (s: string) => s.split('\n') as [string, string];
    const top = await pair(
      fieldInputs,
      (s) => trpc('fieldTopValues', { field: split(s)[0], q: split(s)[1], from: 'now-24h', size: 5 }),
      (s) => rest('/aggregate', { field: split(s)[0], q: split(s)[1], from: 'now-24h', size: '5' }),
    );
    out.push(
      line('field-top-values', top, 'p95 of GET /api/v1/events/aggregate (exact counts over every match)', {
        sample: 5000,
      }),
    );

    // Autocomplete: the uncached sample (what runs once a minute) timed at the store, then the API as callers see it.
    log('explorer-api fields');
    const catalog = new PostgresExplorerStore(ctx.pool);
    const since = new Date(Date.now() - 7 * 86_400_000);
    await catalog.fieldCatalog({ since });
    const cold: number[] = [];
    let fieldsFound = 0;
    let sampled = 0;
    for (let i = 0; i < Math.max(5, Math.round(perOp / 2)); i++) {
      const t = performance.now();
      const c = await catalog.fieldCatalog({ since });
      cold.push(performance.now() - t);
      fieldsFound = c.fields.length;
      sampled = c.sampled;
    }
    const coldS = latencySummary(cold);
    const api = await pair(
      qs,
      () => trpc('fields', { prefix: '' }),
      () => rest('', { q: '', from: 'now-24h', size: '100' }),
    );
    out.push(
      line('fields', api, 'p95 of GET /api/v1/events match-all first page (the query the explorer opens with)', {
        uncachedP50Ms: coldS.p50Ms,
        uncachedP95Ms: coldS.p95Ms,
        uncachedRatio: ratio(coldS.p95Ms, api.b.p95Ms),
        targetP95Ms: FIELDS_TARGET_MS,
        ok: coldS.p95Ms <= FIELDS_TARGET_MS,
        fieldsFound,
        sampled,
      }),
    );

    // Dashboard: a distinct absolute `to` per call defeats the summary cache, so each is a cold computation.
    log('explorer-api dashboard (uncached)');
    const ends = Array.from({ length: Math.max(4, Math.round(perOp / 4)) }, (_, i) =>
      new Date(Date.now() - i * 1000).toISOString(),
    );
    const dash = await pair(
      ends,
      (to) => `/api/trpc/dashboard.summary?input=${encodeURIComponent(JSON.stringify({ from: 'now-24h', to }))}`,
      (to) => rest('/aggregate', { q: '', field: 'details.sourceipaddress', from: 'now-24h', to, size: '10' }),
    );
    out.push(
      line(
        'dashboard',
        dash,
        'p95 of GET /api/v1/events/aggregate top-10 details.sourceipaddress (its slowest panel alone)',
        { cached: false },
      ),
    );
  } finally {
    client.close();
  }
  for (const l of out) log(`explorer-api: ${l.bench} p95 ${l.p95Ms} ms (baseline ${l.baseline} ms)`);
  return out.map((l) => ({ ...l, p50Ms: round(l.p50Ms as number), p95Ms: round(l.p95Ms as number) }));
}
