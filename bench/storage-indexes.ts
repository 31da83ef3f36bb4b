// What each index on `events` costs at ingest and what it buys at query time, measured on the
// embedded Postgres users get by default. Findings and how to read them: docs/storage.md.
//
//   node bin/run-ts.mjs bench/storage-indexes.ts [--rows N] [--query-rows N] [--runs N] [--only ingest|query]
//
// stdout: one JSON object per line; progress on stderr. The cluster lives in a temp dir, removed at the end.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { migrate } from '../server/db/migrate.ts';
import { COPY_COLUMNS } from '../server/store/postgres/copy-format.ts';
import { dayStart, partitionName } from '../server/store/postgres/partitions.ts';
import { checkpoint, renderCopyRows } from './copy-baseline.ts';
import { buildPools, EventGenerator, ndjsonBatches, rng, type Pools } from './generate-events.ts';
import { emit, latencySummary, log, percentile, ratio, round } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    'query-rows': { type: 'string' },
    runs: { type: 'string' },
    only: { type: 'string' },
  },
});
const num = (v: string | undefined, d: number) => (v === undefined ? d : Math.max(1, Math.round(Number(v)) || d));
const ROWS = num(args.rows, 200_000);
const QUERY_ROWS = num(args['query-rows'], 1_000_000);
const RUNS = num(args.runs, 20);
const ROUNDS = 2; // each ingest variant twice: the box is shared, one figure alone can't be trusted
const WARMUP = 2;
const PHRASE_RUNS = Math.ceil(1.5 * RUNS); // three value classes, ~10 runs each at the default
const PAGE = 50;
const TOTAL_CAP = 10_000;
const DAY_MS = 86_400_000;
const SPAN_MS = 23.5 * 3_600_000; // as the generator: every event inside "the last 24 h"
const MB = 1_048_576;
const T = 'storage_bench';
const COLS =
  'id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid, severity, summary, tags, details';

// Index bodies written the way pg_indexes prints them, so the "current" set can be checked against
// the migrations instead of trusted.
const INDEXES = {
  ts: 'btree (utctimestamp)',
  brin: 'brin (utctimestamp)',
  category: 'btree (category, utctimestamp)',
  hostname: 'btree (hostname, utctimestamp)',
  tags: 'gin (tags)',
  details: 'gin (details jsonb_path_ops)',
  details_jsonb_ops: 'gin (details)',
  summary_trgm: 'gin (summary gin_trgm_ops)',
  summary_tsv: "gin (to_tsvector('simple'::regconfig, summary))",
} as const;
type Idx = keyof typeof INDEXES;
/** The schema before migration 0027; the migrations now create it plus the summary trigram index (g). */
const CURRENT: Idx[] = ['ts', 'category', 'hostname', 'tags', 'details'];
const MIGRATED: Idx[] = [...CURRENT, 'summary_trgm'];
const VARIANTS: Array<{ id: string; label: string; idx: Idx[]; trgm?: boolean }> = [
  { id: 'a', label: 'no indexes', idx: [] },
  { id: 'b', label: 'btree(utctimestamp)', idx: ['ts'] },
  { id: 'c', label: 'brin(utctimestamp)', idx: ['brin'] },
  {
    id: 'd',
    label: 'b + btree(category, utctimestamp), btree(hostname, utctimestamp)',
    idx: ['ts', 'category', 'hostname'],
  },
  { id: 'e', label: 'd + gin(tags)', idx: ['ts', 'category', 'hostname', 'tags'] },
  { id: 'f', label: 'e + gin(details jsonb_path_ops): the schema before migration 0027', idx: CURRENT },
  { id: 'g', label: 'current = f + gin(summary gin_trgm_ops)', idx: MIGRATED, trgm: true },
  { id: 'h', label: "f + gin(to_tsvector('simple', summary))", idx: [...CURRENT, 'summary_tsv'] },
  {
    id: 'i',
    label: 'f, gin(details) jsonb_ops instead',
    idx: ['ts', 'category', 'hostname', 'tags', 'details_jsonb_ops'],
  },
];

type Line = Record<string, unknown>;

/**
 * NDJSON bodies of 1000 events, slices oldest first, each slice spread over its own ~85 s (at 1M):
 * live shippers deliver roughly in time order with some jitter, and that heap/time correlation is
 * what BRIN relies on and what makes btree(utctimestamp) inserts land on the rightmost pages.
 */
function* timeOrderedBodies(pools: Pools, count: number, seed: number, endMs: number): Generator<Buffer> {
  const slices = Math.ceil(count / 1000);
  const sliceMs = SPAN_MS / slices;
  for (let k = 0; k < slices; k++) {
    const gen = new EventGenerator(pools, seed + k, endMs - SPAN_MS + (k + 1) * sliceMs, sliceMs);
    yield* ndjsonBatches(gen, Math.min(1000, count - k * 1000), 1000);
  }
}

const partName = (table: string, day: number) => partitionName(day).replace(/^events/, table);

async function createPartitions(pool: pg.Pool, table: string, days: Iterable<number>): Promise<void> {
  for (const d of days) {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${partName(table, d)} PARTITION OF ${table} FOR VALUES FROM ('${new Date(d).toISOString()}') TO ('${new Date(d + DAY_MS).toISOString()}')`,
    );
  }
}

/** One COPY, autocommit, timed until Postgres acknowledged the commit (as copy-baseline does). */
async function timedCopy(pool: pg.Pool, table: string, chunks: string[]): Promise<number> {
  const c = await pool.connect();
  try {
    const t0 = performance.now();
    await pipeline(Readable.from(chunks), c.query(copyFrom(`COPY ${table} (${COPY_COLUMNS}) FROM STDIN`)));
    return performance.now() - t0;
  } finally {
    c.release();
  }
}

/** Bytes per index of a partitioned table, summed over its partitions (the parent index itself is empty). */
async function sizes(pool: pg.Pool, table: string): Promise<{ heap: number; indexes: Record<string, number> }> {
  const { rows } = await pool.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, (SELECT sum(pg_relation_size(t.relid)) FROM pg_partition_tree(c.oid) t) AS bytes
     FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = $1::regclass ORDER BY 1`,
    [table],
  );
  const heap = await pool.query<{ b: string }>(
    'SELECT sum(pg_table_size(relid)) AS b FROM pg_partition_tree($1::regclass)',
    [table],
  );
  return {
    heap: Number(heap.rows[0].b),
    indexes: Object.fromEntries(rows.map((r) => [r.name.replace(`${table}_`, ''), Number(r.bytes)])),
  };
}

const per1M = (bytes: number, rows: number) => round((bytes / rows) * (1_000_000 / MB), 1);
const mbPer1M = (b: Record<string, number>, rows: number) =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, per1M(v, rows)]));

async function ingestPhase(pool: pg.Pool, pools: Pools, trgm: boolean): Promise<void> {
  log(`ingest: generating and rendering ${ROWS} events (normalize + enrich + copyRow, as the server does)`);
  const rows = await renderCopyRows([...timeOrderedBodies(pools, ROWS, 1001, Date.now())], new Date());
  log(`ingest: ${rows.count} rows, ${rows.dayStarts.size} day partitions, ${rows.geolocated} geolocated`);
  const eps: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  for (let r = 1; r <= ROUNDS; r++) {
    // Reverse order on even rounds so drift from other work on the box does not always hit the same variants.
    const order = (r % 2 ? VARIANTS : [...VARIANTS].reverse()).filter((v) => trgm || !v.trgm);
    const lines: Line[] = [];
    for (const v of order) {
      await pool.query(`DROP TABLE IF EXISTS ${T}`);
      await pool.query(
        `CREATE TABLE ${T} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (utctimestamp)`,
      );
      for (const k of v.idx) await pool.query(`CREATE INDEX ${T}_${k} ON ${T} USING ${INDEXES[k]}`);
      // Partitions after the indexes, as the store creates them on demand: they inherit the set.
      await createPartitions(pool, T, rows.dayStarts);
      await checkpoint(pool);
      const ms = await timedCopy(pool, T, rows.chunks);
      const s = await sizes(pool, T);
      const e = rows.count / (ms / 1000);
      (eps[v.id] ??= []).push(Math.round(e));
      const idxTotal = Object.values(s.indexes).reduce((a, b) => a + b, 0);
      lines.push({
        bench: 'storage-ingest',
        variant: v.id,
        label: v.label,
        round: r,
        rows: rows.count,
        seconds: round(ms / 1000),
        eventsPerSec: Math.round(e),
        heapMbPer1M: per1M(s.heap, rows.count),
        indexMbPer1M: mbPer1M(s.indexes, rows.count),
        indexTotalMbPer1M: per1M(idxTotal, rows.count),
      });
      log(`ingest round ${r} (${v.id}) ${v.label}: ${Math.round(e)} ev/s`);
    }
    const none = eps.a[r - 1];
    for (const l of lines.sort((x, y) => String(x.variant).localeCompare(String(y.variant)))) {
      const rv = ratio(l.eventsPerSec as number, none);
      (ratios[l.variant as string] ??= []).push(rv);
      emit({ ...l, ratioVsNone: rv });
    }
  }
  await pool.query(`DROP TABLE IF EXISTS ${T}`);
  for (const v of VARIANTS.filter((x) => eps[x.id]))
    emit({
      bench: 'storage-ingest-summary',
      variant: v.id,
      label: v.label,
      eventsPerSec: eps[v.id],
      ratioVsNone: ratios[v.id],
    });
}

// ---- query phase ------------------------------------------------------------------------------

interface Case {
  name: string;
  /** The search condition for run i ($3 onwards); cls groups runs, e.g. heavy-hitter vs rare values. */
  cond?: (i: number) => { sql: string; values: unknown[]; cls: string };
  /** plain = the product's SQL; expr = ORDER BY utctimestamp + '0 s' (no ordered index scan); cte = filter first in a MATERIALIZED CTE. */
  order?: 'plain' | 'expr' | 'cte';
  /** Indexes dropped inside the case's transaction, which is rolled back: "without" costs no rebuild. */
  drop?: string[];
  set?: string[];
  getById?: boolean;
  runs?: number;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The page query as the store writes it (search-sql.ts): range + condition, newest first, LIMIT size+1. */
function statements(c: Case, i: number, ids: string[]): Array<{ text: string; values: unknown[] }> {
  if (c.getById) {
    // PostgresEventStore.get: the UUIDv7 carries the event time, so this is a 1 ms range on utctimestamp.
    const id = ids[i % ids.length];
    const ms = parseInt(id.slice(0, 8), 16) * 65536 + parseInt(id.slice(9, 13), 16);
    return [
      {
        text: `SELECT ${COLS} FROM events WHERE utctimestamp >= $1::timestamptz AND utctimestamp < $2::timestamptz AND id = $3::uuid`,
        values: [new Date(ms).toISOString(), new Date(ms + 1).toISOString(), id],
      },
    ];
  }
  const now = Date.now();
  const values: unknown[] = [new Date(now - DAY_MS).toISOString(), new Date(now).toISOString()];
  let where = 'utctimestamp >= $1::timestamptz AND utctimestamp <= $2::timestamptz';
  const cond = c.cond?.(i);
  if (cond) {
    where += ` AND (${cond.sql})`;
    values.push(...cond.values);
  }
  const lim = `$${values.length + 1}`;
  const ord = c.order === 'expr' ? "utctimestamp + interval '0 s' DESC, id DESC" : 'utctimestamp DESC, id DESC';
  const page =
    c.order === 'cte'
      ? `WITH m AS MATERIALIZED (SELECT ${COLS} FROM events WHERE ${where}) SELECT * FROM m ORDER BY utctimestamp DESC, id DESC LIMIT ${lim}`
      : `SELECT ${COLS} FROM events WHERE ${where} ORDER BY ${ord} LIMIT ${lim}`;
  return [
    { text: page, values: [...values, PAGE + 1] },
    { text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE ${where} LIMIT ${TOTAL_CAP + 1}) t`, values },
  ];
}

/** Plan nodes (child index names mapped to the parent index) and rows the filters threw away. */
function planSummary(plan: { Plan: PlanNode; 'Execution Time': number }, parents: Map<string, string>) {
  const nodes = new Set<string>();
  let removed = 0;
  const walk = (n: PlanNode) => {
    const idx = n['Index Name'] ? `(${parents.get(n['Index Name']) ?? n['Index Name']})` : '';
    nodes.add(`${n['Node Type']}${n['Scan Direction'] === 'Backward' ? ' Backward' : ''}${idx}`);
    removed += n['Rows Removed by Filter'] ?? 0;
    n.Plans?.forEach(walk);
  };
  walk(plan.Plan);
  return { nodes: [...nodes].join(', '), rowsRemovedByFilter: removed, execMs: round(plan['Execution Time']) };
}

const stats = (xs: number[]) => ({ p50Ms: latencySummary(xs).p50Ms, p95Ms: latencySummary(xs).p95Ms });

async function runCase(pool: pg.Pool, c: Case, ids: string[]): Promise<Line> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const d of c.drop ?? []) await client.query(`DROP INDEX ${d}`);
    for (const s of c.set ?? []) await client.query(s);
    const { rows: inh } = await client.query<{ c: string; p: string }>(
      `SELECT c.relname AS c, p.relname AS p FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE c.relkind = 'i'`,
    );
    const parents = new Map(inh.map((r) => [r.c, r.p]));
    const runs = c.runs ?? RUNS;
    for (let w = 0; w < WARMUP; w++) for (const s of statements(c, runs + w, ids)) await client.query(s.text, s.values);
    const samples: Array<{ cls: string; page: number; count: number; hits: number }> = [];
    const plans: Record<string, unknown> = {};
    for (let i = 0; i < runs; i++) {
      const cls = c.cond?.(i).cls ?? 'all';
      const [page, count] = statements(c, i, ids);
      // Sequential, not in parallel as the API does: on 2 shared cores parallel timings blur.
      let t0 = performance.now();
      const p = await client.query(page.text, page.values);
      const pageMs = performance.now() - t0;
      let countMs = 0;
      let hits = p.rowCount ?? 0;
      if (count) {
        t0 = performance.now();
        hits = (await client.query<{ n: number }>(count.text, count.values)).rows[0].n;
        countMs = performance.now() - t0;
      }
      samples.push({ cls, page: pageMs, count: countMs, hits });
      if (!(cls in plans)) {
        const ex = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${page.text}`, page.values);
        plans[cls] = {
          ...planSummary(
            (ex.rows[0] as { 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> })['QUERY PLAN'][0],
            parents,
          ),
          hits,
        };
      }
    }
    const byClass: Record<string, Line> = {};
    for (const cls of new Set(samples.map((s) => s.cls))) {
      const xs = samples.filter((s) => s.cls === cls);
      byClass[cls] = {
        n: xs.length,
        page: stats(xs.map((s) => s.page)),
        count: stats(xs.map((s) => s.count)),
        medianHits: percentile(
          xs.map((s) => s.hits),
          50,
        ),
      };
    }
    const line: Line = {
      bench: 'storage-query',
      case: c.name,
      runs: samples.length,
      page: stats(samples.map((s) => s.page)),
      count: stats(samples.map((s) => s.count)),
      both: stats(samples.map((s) => s.page + s.count)),
      medianHits: percentile(
        samples.map((s) => s.hits),
        50,
      ),
      byClass,
      plans,
    };
    log(
      `query ${c.name}: page p50 ${(line.page as Line).p50Ms} ms p95 ${(line.page as Line).p95Ms} ms; count p95 ${(line.count as Line).p95Ms} ms`,
    );
    return line;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

async function timedIndex(pool: pg.Pool, name: string, body: string, rows: number): Promise<Line> {
  await checkpoint(pool);
  const t0 = performance.now();
  await pool.query(`CREATE INDEX ${name} ON events USING ${body}`);
  const seconds = round((performance.now() - t0) / 1000);
  // Expression indexes only get statistics from ANALYZE; without them the planner guesses (badly).
  const t1 = performance.now();
  await pool.query('ANALYZE events');
  const analyzeSeconds = round((performance.now() - t1) / 1000);
  const mb = (await sizes(pool, 'events')).indexes[name.replace('events_', '')] ?? 0;
  const line = {
    bench: 'storage-index-build',
    index: name,
    definition: body,
    rows,
    seconds,
    analyzeSeconds,
    mb: round(mb / MB, 1),
    mbPer1M: per1M(mb, rows),
  };
  emit(line);
  return line;
}

async function queryPhase(pool: pg.Pool, pools: Pools, trgm: boolean): Promise<void> {
  await pool.query('TRUNCATE events');
  const endMs = Date.now();
  const days = new Set([dayStart(endMs - SPAN_MS), dayStart(endMs)]);
  await createPartitions(pool, 'events', days);
  log(`query: loading ${QUERY_ROWS} events into events (current schema), 100k at a time`);
  let loadMs = 0;
  let stored = 0;
  let batch: Buffer[] = [];
  const flush = async () => {
    const r = await renderCopyRows(batch, new Date());
    loadMs += await timedCopy(pool, 'events', r.chunks);
    stored += r.count;
    batch = [];
  };
  for (const b of timeOrderedBodies(pools, QUERY_ROWS, 3003, endMs)) {
    batch.push(b);
    if (batch.length === 100) await flush();
  }
  if (batch.length) await flush();
  const t0 = performance.now();
  await pool.query('VACUUM ANALYZE events'); // the steady state autovacuum reaches on its own
  const vacuumSeconds = round((performance.now() - t0) / 1000);
  const s = await sizes(pool, 'events');
  emit({
    bench: 'storage-query-load',
    rows: stored,
    partitions: days.size,
    copySeconds: round(loadMs / 1000),
    eventsPerSec: Math.round(stored / (loadMs / 1000)),
    vacuumAnalyzeSeconds: vacuumSeconds,
    heapMb: round(s.heap / MB, 1),
    indexMb: Object.fromEntries(Object.entries(s.indexes).map(([k, v]) => [k, round(v / MB, 1)])),
    indexMbPer1M: mbPer1M(s.indexes, stored),
  });

  // Values fixed up front so "with" and "without" an index answer the same questions.
  const r = rng(7);
  const n = 2 * RUNS + WARMUP;
  const ids = (await pool.query<{ id: string }>(`SELECT id FROM events ORDER BY random() LIMIT ${n}`)).rows.map(
    (x) => x.id,
  );
  // Even runs: the Zipf head (scanners, thousands of matches); odd: anywhere in the pool (a handful).
  const ips = Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { v: pools.sourceIps[(i / 2) % 20], cls: 'heavy' }
      : { v: pools.sourceIps[20 + Math.floor(r() * 4980)], cls: 'rare' },
  );
  const hosts = Array.from({ length: n }, () => pools.hostnames[Math.floor(r() * pools.hostnames.length)]);
  const tagList = ['sshd', 'aws', 'zeek', 'suricata'];
  const term: Case['cond'] = (i) => ({
    sql: 'details @> $3::jsonb',
    values: [JSON.stringify({ sourceipaddress: ips[i].v })],
    cls: ips[i].cls,
  });
  // heavy: scanner IP + its logins; rare: pool IP + its logins (a handful); disjoint: scanner IP + a phrase
  // common overall that never occurs with it (proxy lines carry internal clients), the shape of "did this
  // scanner ever log in?" whose answer is 0 while both halves alone match thousands.
  const phrase: Case['cond'] = (i) => {
    const cls = (['heavy', 'rare', 'disjoint'] as const)[i % 3];
    const ip = cls === 'rare' ? ips[i | 1].v : pools.sourceIps[i % 20];
    return {
      sql: 'summary ILIKE $3 AND details @> $4::jsonb',
      values: [cls === 'disjoint' ? '%GET https%' : '%Accepted publickey%', JSON.stringify({ sourceipaddress: ip })],
      cls,
    };
  };
  const category: Case['cond'] = (i) => {
    const v = pools.categories[i % pools.categories.length];
    return { sql: 'category = $3', values: [v], cls: v === 'ids' ? 'rare' : 'common' };
  };
  const hostname: Case['cond'] = (i) => ({ sql: 'hostname = $3', values: [hosts[i]], cls: 'any' });
  const tags: Case['cond'] = (i) => ({
    sql: 'tags @> ARRAY[$3]::text[]',
    values: [tagList[i % 4]],
    cls: tagList[i % 4] === 'suricata' ? 'rare' : 'common',
  });
  const word = (i: number) => pools.rareWords[i % pools.rareWords.length];
  const ilike: Case['cond'] = (i) => ({ sql: 'summary ILIKE $3', values: [`%${word(i)}%`], cls: 'rare' });
  const tsv: Case['cond'] = (i) => ({
    sql: "to_tsvector('simple', summary) @@ to_tsquery('simple', $3)",
    values: [word(i)],
    cls: 'rare',
  });
  const run = async (c: Case) => emit({ ...(await runCase(pool, c, ids)), rows: stored });

  await run({ name: 'term-details', cond: term });
  await run({ name: 'term-details-no-gin', cond: term, drop: ['events_details_idx'] });
  await run({ name: 'term-details-order-expr', cond: term, order: 'expr' });
  await run({ name: 'term-category', cond: category });
  await run({ name: 'term-category-no-btree', cond: category, drop: ['events_category_idx'] });
  await run({ name: 'term-hostname', cond: hostname });
  await run({ name: 'term-hostname-no-btree', cond: hostname, drop: ['events_hostname_idx'] });
  await run({ name: 'term-tags', cond: tags });
  await run({ name: 'term-tags-no-gin', cond: tags, drop: ['events_tags_idx'] });
  await run({ name: 'newest50-btree' });
  await run({ name: 'newest50-no-index', drop: ['events_utctimestamp_idx'] });
  await run({ name: 'get-by-id-btree', getById: true });
  await run({ name: 'freetext-rare-ilike-no-index', cond: ilike });
  await run({ name: 'phrase+term', runs: PHRASE_RUNS, cond: phrase });
  await run({ name: 'phrase+term-order-expr', runs: PHRASE_RUNS, cond: phrase, order: 'expr' });
  await run({ name: 'phrase+term-materialized-cte', runs: PHRASE_RUNS, cond: phrase, order: 'cte' });
  await run({
    name: 'phrase+term-enable_indexscan-off (reference)',
    runs: PHRASE_RUNS,
    cond: phrase,
    set: ['SET LOCAL enable_indexscan = off'],
  });

  // The alternatives, each built on the loaded 1M (build time is what a later migration would cost), then dropped.
  await timedIndex(pool, 'events_utctimestamp_brin', INDEXES.brin, stored);
  await run({ name: 'newest50-brin', drop: ['events_utctimestamp_idx'] });
  await run({ name: 'get-by-id-brin', getById: true, drop: ['events_utctimestamp_idx'] });
  await pool.query('DROP INDEX events_utctimestamp_brin');
  await timedIndex(pool, 'events_details_jsonb_ops', INDEXES.details_jsonb_ops, stored);
  await run({ name: 'term-details-jsonb_ops', cond: term, drop: ['events_details_idx'] });
  await pool.query('DROP INDEX events_details_jsonb_ops');
  await timedIndex(pool, 'events_summary_tsv', INDEXES.summary_tsv, stored);
  await run({ name: 'freetext-rare-tsvector (word match, not ILIKE)', cond: tsv });
  await pool.query('DROP INDEX events_summary_tsv');
  if (!trgm) return;
  await timedIndex(pool, 'events_summary_trgm', INDEXES.summary_trgm, stored);
  await run({ name: 'freetext-rare-ilike-trgm', cond: ilike });
  await run({ name: 'phrase+term-trgm', runs: PHRASE_RUNS, cond: phrase });
  await run({ name: 'phrase+term-trgm-order-expr', runs: PHRASE_RUNS, cond: phrase, order: 'expr' });
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-storage-'));
  const db = new EmbeddedPostgres({ dir, log });
  let pool: pg.Pool | undefined;
  const cleanup = async () => {
    await pool?.end().catch(() => undefined);
    await db.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    await db.start();
    pool = new pg.Pool({ connectionString: await db.connectionString(), max: 2 });
    await migrate(pool);
    const { rows: ver } = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    // The "current" variant must be what the migrations create, or the figures describe another schema.
    const { rows: defs } = await pool.query<{ d: string }>(
      `SELECT substring(indexdef from ' USING (.*)$') AS d FROM pg_indexes WHERE tablename = 'events'`,
    );
    const live = defs.map((x) => x.d).sort();
    const mine = MIGRATED.map((k) => INDEXES[k] as string).sort();
    const trgm = await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm').then(
      () => true,
      (err: Error) => (log(`pg_trgm unavailable: ${err.message}`), false),
    );
    emit({
      bench: 'storage-setup',
      serverVersion: ver[0].v,
      pgTrgmAvailable: trgm,
      currentMatchesMigrations: JSON.stringify(live) === JSON.stringify(mine),
      migrationIndexes: live,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => round(x)),
    });
    const pools = buildPools();
    if (!args.only || args.only === 'ingest') await ingestPhase(pool, pools, trgm);
    if (!args.only || args.only === 'query') await queryPhase(pool, pools, trgm);
  } finally {
    await cleanup();
  }
}

await main();
log('done');
