// `npm run bench [-- --quick] [--only NAME[,NAME]] [--bulk-events N] [--single-seconds S] [--events N]`
// Starts its own Picket, prints one JSON object per line on stdout; progress goes to stderr.
import { loadConfig } from '../server/config.ts';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ingestBulk, ingestSingle, type BenchContext } from './ingest-bench.ts';
import { searchBench } from './search-bench.ts';
import { liveUpdateBench } from './live-update-bench.ts';
import { alertEngineBench } from './alert-engine-bench.ts';
import { ingestQueueBench } from './ingest-queue-bench.ts';
import { watchlistBench } from './watchlist-bench.ts';
import { explorerApiBench } from './explorer-api-bench.ts';
import { alertLatencyBench } from './alert-latency-bench.ts';
import { explorerUiBench } from './explorer-ui-bench.ts';
import { parseDuration, soakBench } from './soak-bench.ts';
import { SEARCH_KINDS, type SearchKind } from './search-queries.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import { emit, log } from './stats.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRegression, judge, readBaseline, recordBaseline, type Verdict } from './compare.ts';

const RSS_TARGET_MB = 1024;
const BENCHES = [
  'ingest-bulk',
  'ingest-single',
  'ingest-queue',
  'search',
  'live-update',
  'alert-engine',
  'alert-latency',
  'explorer-api',
  'watchlist-match',
  'explorer-query',
  'live-tail',
  'soak',
] as const;
/** Benches that run only when asked for (by --only or their own option), not in a plain `npm run bench`. */
const ON_REQUEST = new Set<string>(['soak']);

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'bulk-events': { type: 'string' },
    'single-seconds': { type: 'string' },
    events: { type: 'string' },
    queries: { type: 'string' },
    'alert-events': { type: 'string' },
    'queue-events': { type: 'string' },
    'latency-seconds': { type: 'string' },
    'latency-rate': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'heap-snapshots': { type: 'string' },
    soak: { type: 'string' },
    record: { type: 'boolean', default: false },
    'no-compare': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    'keep-db': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stderr.write(`usage: npm run bench -- [--quick] [--only ${BENCHES.join('|')}|search-<kind>[,...]]
  (explorer-api uses --events and --queries too)
  [--bulk-events N (200000)] [--single-seconds S (15)] [--events N (1000000)] [--queries N per search kind (40)]
  [--alert-events N per alert-engine run (100000)] [--queue-events N per ingest-queue run (100000)] [--latency-seconds S per alert-latency phase (30)] [--latency-rate events/s (10000)]
  [--soak DURATION (e.g. 10m, 2m): the soak alone (with --only, besides those): 5 min filling the rule windows unpaced, then DURATION at 80 % of the capacity measured over its last minute, 200 rules, 20 live clients, RSS growth]
  [--cpu-prof DIR: the server process writes a V8 CPU profile into DIR when it stops]
  [--heap-snapshots DIR: \`kill -USR2 <server pid>\` makes the server write a heap snapshot into DIR
   (it pauses for a minute or more and needs ~3x its heap; read it with bench/heap-snapshot-summary.ts)]
  [--keep-db picket_NAME: with DATABASE_URL, run on that database (created if missing) and keep it;
   the search and explorer-api benches then reuse events already loaded there when the count matches]
  [--record: write this run's ratios into the baseline file] [--no-compare] [--baseline FILE (bench/baseline.json)]
  Each line's ratio is compared with the recorded one; more than 10 % worse exits non-zero.
  DATABASE_URL set: runs on a fresh database picket_bench_<random> on that server (dropped at the end).\n`);
  process.exit(0);
}

function num(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${v}`);
  return n;
}

const quick = values.quick ?? false;
const opts = {
  bulkEvents: Math.round(num(values['bulk-events'], quick ? 20_000 : 200_000)),
  singleSeconds: num(values['single-seconds'], quick ? 3 : 15),
  searchEvents: Math.round(num(values.events, quick ? 50_000 : 1_000_000)),
  perKind: Math.round(num(values.queries, quick ? 20 : 40)),
  alertEvents: Math.round(num(values['alert-events'], quick ? 20_000 : 100_000)),
  queueEvents: Math.round(num(values['queue-events'], quick ? 20_000 : 100_000)),
  latencySeconds: num(values['latency-seconds'], quick ? 10 : 30),
  latencyRate: Math.round(num(values['latency-rate'], 10_000)),
  soakMs: parseDuration(values.soak ?? '10m'),
};

// --only search runs every search kind; --only search-term one of them.
// --soak alone runs only the soak; with --only, the soak besides the benches named.
const only = (values.only ?? (values.soak ? 'soak' : undefined))
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
if (values.soak && only && !only.includes('soak')) only.push('soak');
const searchKinds = new Set<SearchKind>();
for (const name of only ?? []) {
  const kind = name.replace(/^search-/, '') as SearchKind;
  if (name.startsWith('search-') && SEARCH_KINDS.includes(kind)) searchKinds.add(kind);
  else if (!(BENCHES as readonly string[]).includes(name))
    throw new Error(`unknown bench ${name}: one of ${BENCHES.join(', ')}, search-<${SEARCH_KINDS.join('|')}>`);
}
const wants = (name: (typeof BENCHES)[number]) =>
  only ? only.includes(name) || (name === 'search' && searchKinds.size > 0) : !ON_REQUEST.has(name);

const baselineFile = values.baseline ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline.json');
const recorded = readBaseline(baselineFile);
const verdicts: Verdict[] = [];
const command = `npm run bench -- ${process.argv
  .slice(2)
  .filter((a) => a !== '--record')
  .join(' ')}`.trim();

let server: BenchServer | undefined;
let pool: pg.Pool | undefined;
let cleaning: Promise<void> | undefined;

/** Idempotent: the normal end, an error and Ctrl-C all come through here. */
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    await pool?.end().catch(() => undefined);
    if (server) {
      log('stopping picket');
      await server.stop();
    }
  })());
}

let interruptedAt = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // npm forwards the terminal's Ctrl-C too, so one keypress can arrive twice: only a later one forces exit.
    if (interruptedAt) {
      if (Date.now() - interruptedAt > 3000) process.exit(130);
      return;
    }
    interruptedAt = Date.now();
    log(`${sig}: cleaning up (stopping picket and its Postgres, removing temp files); press Ctrl-C again to leave now`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  log(`options: ${JSON.stringify({ quick, only: only ?? 'all', ...opts })}`);
  const cpuProf = values['cpu-prof'];
  // The server writes its .cpuprofile when it exits (SIGTERM at the end of the run).
  const keepDb = values['keep-db'];
  if (keepDb && !loadConfig().DATABASE_URL) throw new Error('--keep-db needs DATABASE_URL (an external Postgres)');
  server = await startBenchServer({
    databaseUrl: loadConfig().DATABASE_URL,
    keepDatabase: keepDb,
    nodeArgs: [
      ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []),
      ...(values['heap-snapshots']
        ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${values['heap-snapshots']}`]
        : []),
    ],
  });
  // A few connections: the COPY baseline and the two statements of a search floor.
  pool = new pg.Pool({ connectionString: server.dbUrl, max: 4 });
  pool.on('error', (err) => log(`bench pool: ${err.message}`));
  const ctx: BenchContext = { server, pool, reuseEvents: keepDb !== undefined };
  const s = server;
  const out = (line: Record<string, unknown>) => {
    const full: Record<string, unknown> = {
      ...line,
      serverPeakRssMb: s.peakRssMb(),
      loadAvg1m: Math.round(os.loadavg()[0] * 10) / 10,
    };
    const v = values['no-compare'] ? undefined : judge(full, recorded);
    if (v) {
      verdicts.push(v);
      full.recordedRatio = v.recorded?.ratio ?? null;
      full.ratioChange = v.change ?? null;
      full.regressed = v.regressed;
    }
    emit(full);
  };
  let failures = 0;
  const attempt = async (name: string, fn: () => Promise<Record<string, unknown> | Record<string, unknown>[]>) => {
    if (interruptedAt) return;
    try {
      const r = await fn();
      for (const line of Array.isArray(r) ? r : [r]) out(line);
    } catch (err) {
      if (interruptedAt) return; // the failure is the interruption itself, not a finding
      // One broken bench must not hide the others' figures: report it as a line and go on.
      failures++;
      log(`${name} failed: ${(err as Error).stack ?? err}`);
      out({ bench: name, error: (err as Error).message.slice(0, 500) });
    }
  };
  if (wants('ingest-bulk')) await attempt('ingest-bulk', () => ingestBulk(ctx, opts.bulkEvents));
  if (wants('ingest-single')) await attempt('ingest-single', () => ingestSingle(ctx, opts.singleSeconds));
  if (wants('ingest-queue'))
    await attempt('ingest-queue', () =>
      ingestQueueBench(ctx, { events: opts.queueEvents, redisUrl: loadConfig().REDIS_URL }),
    );
  if (wants('search')) {
    await attempt('search', async () => {
      await searchBench(ctx, out, opts.searchEvents, opts.perKind, searchKinds.size ? searchKinds : undefined);
      return [];
    });
  }
  if (wants('live-update'))
    await attempt('live-update', () =>
      liveUpdateBench(s, { entries: 1000, mutations: quick ? 10 : 40, clientCounts: quick ? [2, 20] : [2, 20, 200] }),
    );
  if (wants('alert-engine')) await attempt('alert-engine', () => alertEngineBench(ctx, opts.alertEvents));
  if (wants('watchlist-match')) await attempt('watchlist-match', async () => watchlistBench(quick ? 20_000 : 100_000));
  if (wants('explorer-api'))
    await attempt('explorer-api', () => explorerApiBench(ctx, opts.searchEvents, opts.perKind));
  if (wants('alert-latency'))
    await attempt('alert-latency', () =>
      alertLatencyBench(ctx, { rate: opts.latencyRate, seconds: opts.latencySeconds, probes: quick ? 8 : 25 }),
    );
  if (wants('explorer-query') || wants('live-tail')) {
    // A second Picket with the web UI and its own database: the browser benches need pages.
    await attempt('explorer-ui', () =>
      explorerUiBench({
        databaseUrl: loadConfig().DATABASE_URL,
        events: opts.searchEvents,
        queries: opts.perKind,
        tailSeconds: quick ? 10 : 30,
        tailRate: 2000,
        only: { query: wants('explorer-query'), tail: wants('live-tail') },
      }),
    );
  }
  if (wants('soak')) await attempt('soak', () => soakBench(ctx, opts.soakMs));
  if (interruptedAt) return 130;
  const peak = s.peakRssMb();
  emit({ bench: 'rss', serverPeakRssMb: peak, targetMb: RSS_TARGET_MB, ok: peak <= RSS_TARGET_MB });
  return compareStep(failures);
}

/** The comparison step: ratios against bench/baseline.json; --record writes this run's instead. */
function compareStep(failures: number): number {
  if (values.record) {
    recordBaseline(baselineFile, recorded, verdicts, command);
    log(`recorded ${verdicts.length} ratios into ${baselineFile}`);
    emit({ bench: 'compare', recorded: verdicts.map((v) => v.key), file: baselineFile, ok: true });
    return failures ? 1 : 0;
  }
  if (values['no-compare']) return failures ? 1 : 0;
  const regressions = verdicts.filter((v) => v.regressed);
  const missing = verdicts.filter((v) => !v.recorded).map((v) => v.key);
  for (const r of regressions) log(`REGRESSION ${describeRegression(r)}`);
  if (missing.length)
    log(`no recorded ratio yet for ${missing.join(', ')} (npm run bench -- --record ... keeps this run's)`);
  emit({
    bench: 'compare',
    file: baselineFile,
    compared: verdicts.length - missing.length,
    tolerance: 0.1,
    regressions: regressions.map((r) => ({
      bench: r.key,
      ratio: r.ratio,
      recordedRatio: r.recorded!.ratio,
      change: r.change,
    })),
    notRecorded: missing,
    ok: regressions.length === 0,
  });
  if (regressions.length)
    log(`comparison step FAILED: ${regressions.length} ratio(s) more than 10 % worse than ${baselineFile}`);
  return failures || regressions.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`bench failed: ${(err as Error).stack ?? err}`);
} finally {
  await cleanup();
}
log('done');
process.exit(code);
