// search-pattern: leading wildcards and regexes over 24 h. Nothing can index them, so they are held
// to a time limit instead of a latency target: each must answer, or be refused with
// `400 query_timeout` and a message saying what to narrow, within 2 s; and no statement of theirs may
// still hold a pool connection afterwards (pg_stat_activity).
import type { BenchContext } from './ingest-bench.ts';
import type { HttpClient } from './load.ts';
import { PAGE_SIZE } from './search-queries.ts';
import { latencySummary, log } from './stats.ts';

const LIMIT_MS = 2_000;
/** The generator's summaries, user agents, hostnames and URLs, each reached only by a pattern. */
const PATTERNS = [
  'summary:*example.net*',
  'details.useragent:*Firefox*',
  'hostname:/proxy-[0-9]+\\.corp\\..*/',
  'details.url:/.*search.*/',
  'NOT details.useragent:*Safari*',
];

interface Answer {
  q: string;
  ms: number;
  status: number;
  code?: string;
  message?: string;
}

export async function patternLine(ctx: BenchContext, client: HttpClient, stored: number, count: number) {
  const answers: Answer[] = [];
  log(`search pattern: ${count} queries over ${PATTERNS.length} patterns, e.g. q=${JSON.stringify(PATTERNS[0])}`);
  for (let i = 0; i < count; i++) {
    const q = PATTERNS[i % PATTERNS.length];
    const to = new Date();
    const from = new Date(to.getTime() - 86_400_000);
    const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const path = `/api/v1/events?q=${encodeURIComponent(q)}&${range}&size=${PAGE_SIZE}`;
    const res = await client.request('GET', path, undefined, { authorization: `Bearer ${ctx.server.token}` });
    const body = JSON.parse(res.body) as { error?: { code?: string; message?: string } };
    answers.push({ q, ms: res.ms, status: res.status, code: body.error?.code, message: body.error?.message });
  }
  // A statement the server gave up on must not run on: none of ours may still be active 1 s later.
  await new Promise((r) => setTimeout(r, 1_000));
  const { rows } = await ctx.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
       AND query_start < now() - interval '2 seconds'`,
  );
  const lat = latencySummary(answers.map((a) => a.ms));
  const cut = answers.filter((a) => a.status === 400 && a.code === 'query_timeout' && a.message);
  const answered = answers.filter((a) => a.status === 200);
  const wrong = answers.filter((a) => a.status !== 200 && !cut.includes(a));
  const late = answers.filter((a) => a.ms > LIMIT_MS);
  return {
    bench: 'search-pattern',
    kind: 'pattern',
    events: stored,
    queries: answers.length,
    answered: answered.length,
    cut: cut.length,
    ...(cut[0] ? { cutMessage: cut[0].message } : {}),
    p50Ms: lat.p50Ms,
    p95Ms: lat.p95Ms,
    maxMs: lat.maxMs,
    overLimit: late.length,
    otherAnswers: wrong.map((a) => ({ q: a.q, status: a.status, code: a.code })),
    activeStatementsAfter: rows[0].n,
    perPattern: Object.fromEntries(
      PATTERNS.map((q) => {
        const mine = answers.filter((a) => a.q === q);
        return [
          q,
          { answered: mine.filter((a) => a.status === 200).length, maxMs: Math.max(...mine.map((a) => a.ms)) },
        ];
      }),
    ),
    target: `each answered or cut (400 query_timeout with a message) within ${LIMIT_MS} ms; no statement left running`,
    ok: late.length === 0 && wrong.length === 0 && rows[0].n === 0,
  };
}
