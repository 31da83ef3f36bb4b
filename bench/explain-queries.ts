// EXPLAIN (ANALYZE, BUFFERS) of the statements the store really sends for the main explorer and
// dashboard questions, over whatever `events` holds (e.g. a bench database loaded with --events).
// The store runs on a pool that records each statement with its parameters; each is then explained.
//   node bin/run-ts.mjs bench/explain-queries.ts postgres://…/db   (or PGHOST=<socket dir> PGPORT=…)
import pg from 'pg';
import pino from 'pino';
import '../server/db/pg-types.ts';
import { parseQuery } from '../server/store/query/index.ts';
import { PostgresEventStore } from '../server/store/postgres/postgres-event-store.ts';

const pool = new pg.Pool({ connectionString: process.argv[2], max: 4 });
const recorded: Array<{ text: string; values: unknown[] }> = [];
const recording = Object.create(pool) as pg.Pool;
recording.query = ((text: string, values: unknown[]) => {
  recorded.push({ text, values });
  return pool.query(text, values);
}) as pg.Pool['query'];
const store = new PostgresEventStore(pool, pino({ level: 'silent' }), { pool: recording, timeoutMs: 60_000 });

const to = new Date();
const from = new Date(to.getTime() - 86_400_000);
const heavy =
  (
    await pool.query<{ k: string }>(
      `SELECT key AS k FROM event_rollups WHERE dim = 'sourceip' GROUP BY key ORDER BY sum(n) DESC LIMIT 1`,
    )
  ).rows[0]?.k ?? '';
const rare =
  (
    await pool.query<{ k: string }>(
      `SELECT key AS k FROM event_rollups WHERE dim = 'sourceip' GROUP BY key HAVING sum(n) > 0 ORDER BY sum(n), key LIMIT 1`,
    )
  ).rows[0]?.k ?? '';
const host =
  (
    await pool.query<{ k: string }>(
      `SELECT key AS k FROM event_rollups WHERE dim = 'hostname' GROUP BY key ORDER BY sum(n) LIMIT 1`,
    )
  ).rows[0]?.k ?? '';
const sort = { field: 'utctimestamp', order: 'desc' } as const;

const cases: Array<[string, () => Promise<unknown>]> = [
  [
    `term search, heavy IP ${heavy}`,
    () => store.search({ query: parseQuery(`details.sourceipaddress:${heavy}`), from, to, size: 100, sort }),
  ],
  [
    `term search, rare IP ${rare}`,
    () => store.search({ query: parseQuery(`details.sourceipaddress:${rare}`), from, to, size: 100, sort }),
  ],
  [
    `term search, hostname:${host}`,
    () => store.search({ query: parseQuery(`hostname:${host}`), from, to, size: 100, sort }),
  ],
  [
    'match-all histogram, 15m (rollups)',
    () => store.histogram({ query: parseQuery(''), from, to, intervalMs: 900_000 }),
  ],
  [
    'top 10 source IPs, match-all (rollups)',
    () => store.aggregate({ query: parseQuery(''), from, to, field: 'details.sourceipaddress', size: 10 }),
  ],
  [
    `histogram of a term, 15m`,
    () => store.histogram({ query: parseQuery(`details.sourceipaddress:${heavy}`), from, to, intervalMs: 900_000 }),
  ],
];

for (const [name, run] of cases) {
  recorded.length = 0;
  await run();
  for (const { text, values } of [...recorded]) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${text}`,
      values,
    );
    process.stdout.write(
      `### ${name}\n${text.replace(/\s+/g, ' ')}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\n`,
    );
  }
}
await pool.end();
