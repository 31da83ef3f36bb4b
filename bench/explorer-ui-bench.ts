// explorer-query and live-tail: the explorer UI in a real browser (playwright-core + /usr/bin/chromium)
// against its own Picket with the web UI (needs a `next build` in .next, as `npm test` makes).
import type { Page } from 'playwright-core';
import pg from 'pg';
import { launchBrowser } from '../test/browser.ts';
import { buildPools, EventGenerator, ndjsonBatches } from './generate-events.ts';
import { bulkLoad, storedCount, type BenchContext } from './ingest-bench.ts';
import { HttpClient } from './load.ts';
import { buildQueries } from './search-queries.ts';
import { startBenchServer } from './server-process.ts';
import { latencySummary, log, ratio, round } from './stats.ts';

type Line = Record<string, unknown>;
const ADMIN = { email: 'bench@example.org', password: 'bench-explorer-password-2026' };

export interface ExplorerUiOptions {
  databaseUrl?: string;
  events: number;
  queries: number;
  tailSeconds: number;
  tailRate: number;
  only: { query: boolean; tail: boolean };
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url + '/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(url + '/');
}

/** Where one query's time went, from the page's clock (ms after the Enter keydown). */
interface QueryPhases {
  /** Enter → first row in the DOM, measured in the page. */
  pageMs: number;
  /** End of a server navigation (RSC) request, when the page made one. */
  navigationEndMs: number | null;
  /** The request carrying events.search: when it started and when its response ended. */
  searchStartMs: number | null;
  searchEndMs: number | null;
}

/**
 * Types q into the query bar and returns ms from pressing Enter until the first row of its answer
 * is in the DOM (`[role=table][data-q=q]` has a row), polled every 10 ms in the page.
 * Timed from Node, so it includes two DevTools round trips (a few ms). The phases come from the
 * page's own clock and Resource Timing.
 */
async function submitAndTime(page: Page, q: string): Promise<{ ms: number; phases: QueryPhases }> {
  const bar = page.getByRole('combobox', { name: 'Query' });
  await bar.fill(q);
  await bar.press('Escape');
  await page.evaluate(() => {
    const w = window as unknown as { benchT0?: number; benchT1?: number; benchHooked?: boolean };
    w.benchT0 = w.benchT1 = undefined;
    performance.clearResourceTimings();
    if (w.benchHooked) return;
    w.benchHooked = true;
    document.addEventListener('keydown', (e) => e.key === 'Enter' && (w.benchT0 ??= performance.now()), true);
  });
  const t0 = performance.now();
  await bar.press('Enter');
  await page.waitForFunction(
    (q) => {
      const done =
        [...document.querySelectorAll('[role=table][data-q]')].some(
          (t) => t.getAttribute('data-q') === q && t.querySelector('[data-event-id]'),
        ) ||
        // textContent of the results, not body.innerText: innerText lays the page out, and run every
        // 10 ms it slowed the very rendering being timed.
        (new URL(location.href).searchParams.get('q') === q &&
          (document.querySelector('section[aria-label=Results]')?.textContent ?? '').includes('No events match'));
      const w = window as unknown as { benchT1?: number };
      if (done) w.benchT1 ??= performance.now();
      return done;
    },
    q,
    { polling: 10, timeout: 60_000 },
  );
  const ms = performance.now() - t0;
  const phases = await page.evaluate((): QueryPhases => {
    const w = window as unknown as { benchT0: number; benchT1: number };
    const t = w.benchT0;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const nav = res.find((r) => r.name.includes('_rsc='));
    const search = res.find((r) => r.name.includes('/api/trpc/') && r.name.includes('events.search'));
    return {
      pageMs: w.benchT1 - t,
      navigationEndMs: nav ? nav.responseEnd - t : null,
      searchStartMs: search ? search.startTime - t : null,
      searchEndMs: search ? search.responseEnd - t : null,
    };
  });
  return { ms, phases };
}

const medianOf = (xs: Array<number | null>): number | null => {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? round(v[Math.floor(v.length / 2)]) : null;
};

export async function explorerUiBench(opts: ExplorerUiOptions): Promise<Line[]> {
  const server = await startBenchServer({
    databaseUrl: opts.databaseUrl,
    extraEnv: { PICKET_UI: 'true', PICKET_ADMIN_EMAIL: ADMIN.email, PICKET_ADMIN_PASSWORD: ADMIN.password },
  });
  const pool = new pg.Pool({ connectionString: server.dbUrl, max: 2 });
  pool.on('error', (err) => log(`bench pool: ${err.message}`));
  const browser = await launchBrowser();
  const out: Line[] = [];
  try {
    const ctx: BenchContext = { server, pool };
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(page, server.url);
    if (opts.only.query) out.push(await queryBench(ctx, page, opts));
    if (opts.only.tail) out.push(await tailBench(ctx, page, opts));
  } finally {
    await browser.close();
    await pool.end().catch(() => undefined);
    await server.stop();
  }
  return out;
}

async function queryBench(ctx: BenchContext, page: Page, opts: ExplorerUiOptions): Promise<Line> {
  log(`explorer-query: generating and loading ${opts.events} events`);
  const gen = new EventGenerator(buildPools(), 3003, Date.now());
  const bodies = ndjsonBatches(gen, opts.events, 1000);
  await bulkLoad(ctx, bodies, opts.events);
  bodies.length = 0;
  await ctx.pool.query('VACUUM ANALYZE events');
  const stored = await storedCount(ctx.pool);
  // Distinct queries, so no answer comes from the page's cache: Zipf head and tail terms (the
  // generator repeats a few categories and hosts, hence the larger draw).
  const qs = [...new Set(buildQueries(buildPools(), 4 * (opts.queries + 2)).term.map((q) => q.q))].slice(
    0,
    opts.queries + 2,
  );
  await page.goto(`${ctx.server.url}/events?from=now-24h&to=now`);
  await page.locator('[data-event-id]').first().waitFor({ timeout: 120_000 });
  log(`explorer-query: ${stored} events, page ready; ${qs.length} queries`);
  const client = new HttpClient(ctx.server.url, 1);
  const auth = { authorization: `Bearer ${ctx.server.token}` };
  const ui: number[] = [];
  const api: number[] = [];
  const phases: QueryPhases[] = [];
  try {
    const rest = async (q: string) => {
      const res = await client.request(
        'GET',
        `/api/v1/events?${new URLSearchParams({ q, from: 'now-24h', size: '500' })}`,
        undefined,
        auth,
      );
      if (res.status !== 200) throw new Error(`REST search answered ${res.status}`);
      return res.ms;
    };
    for (const [i, q] of qs.entries()) {
      // Which side asks first alternates, so neither always finds the other's answer in Postgres's cache.
      const restFirst = i % 2 === 1 ? await rest(q) : undefined;
      const { ms, phases: p } = await submitAndTime(page, q);
      const at = (x: number | null) => (x === null ? '-' : Math.round(x));
      log(
        `  ${q}: ${Math.round(ms)} ms (navigation done ${at(p.navigationEndMs)}, search ${at(p.searchStartMs)}→${at(p.searchEndMs)}, row ${at(p.pageMs)})`,
      );
      // The same search through the API: what the page asks for, minus the browser.
      const apiMs = restFirst ?? (await rest(q));
      if (i < 2) continue; // warm-up
      ui.push(ms);
      api.push(apiMs);
      phases.push(p);
    }
  } finally {
    client.close();
  }
  const a = latencySummary(ui);
  const b = latencySummary(api);
  return {
    bench: 'explorer-query',
    events: stored,
    queries: a.n,
    p50Ms: round(a.p50Ms),
    p95Ms: round(a.p95Ms),
    maxMs: round(a.maxMs),
    baseline: b.p95Ms,
    baselineP50Ms: b.p50Ms,
    baselineKind: 'REST GET /api/v1/events (same q, size 500)',
    ratio: ratio(a.p95Ms, b.p95Ms),
    // Medians, ms after Enter on the page's clock: where the time goes (null: no such request).
    phasesMedianMs: {
      navigationEnd: medianOf(phases.map((p) => p.navigationEndMs)),
      searchStart: medianOf(phases.map((p) => p.searchStartMs)),
      searchEnd: medianOf(phases.map((p) => p.searchEndMs)),
      firstRow: medianOf(phases.map((p) => p.pageMs)),
    },
    targetRatio: 2,
    ok: ratio(a.p95Ms, b.p95Ms) <= 2,
  };
}

async function tailBench(ctx: BenchContext, page: Page, opts: ExplorerUiOptions): Promise<Line> {
  await page.goto(`${ctx.server.url}/events?q=category:tailbench&from=now-1h&to=now`);
  await page.getByText('No events match').waitFor({ timeout: 60_000 });
  // Every time the top row changes, read its send time from its summary: lag = visible − POSTed.
  await page.evaluate(() => {
    const w = window as unknown as { lags: number[]; longest: number };
    w.lags = [];
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = '';
    new MutationObserver(() => {
      const top = document.querySelector('[role=row][aria-rowindex="2"]');
      const m = top && /lt (\d+) /.exec(top.textContent ?? '');
      if (!m || m[0] === last) return;
      last = m[0];
      w.lags.push(Date.now() - Number(m[1]));
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Live tail' }).click();
  await page.getByRole('status', { name: 'Live tail status' }).filter({ hasText: 'Live' }).waitFor();
  // Steady rate: a batch every 50 ms, summaries carry the send time.
  const client = new HttpClient(ctx.server.url, 4);
  const perBatch = Math.max(1, Math.round(opts.tailRate / 20));
  const started = Date.now();
  let sent = 0;
  let failures = 0;
  const inflight: Promise<unknown>[] = [];
  try {
    for (let tick = 0; Date.now() - started < opts.tailSeconds * 1000; tick++) {
      const due = started + tick * 50;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const at = Date.now();
      const body = Buffer.from(
        Array.from({ length: perBatch }, (_, i) =>
          JSON.stringify({ category: 'tailbench', hostname: 'bench', summary: `lt ${at} ${sent + i}` }),
        ).join('\n'),
      );
      sent += perBatch;
      inflight.push(
        client
          .request('POST', '/events', body, {
            authorization: `Bearer ${ctx.server.token}`,
            'content-type': 'application/x-ndjson',
          })
          .then((r) => r.status !== 200 && failures++),
      );
      if (inflight.length > 200) await Promise.all(inflight.splice(0, 100));
    }
    await Promise.all(inflight);
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    client.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const { lags, longest, dropped } = await page.evaluate(() => {
    const w = window as unknown as { lags: number[]; longest: number };
    const d = /([\d,]+) dropped/.exec(document.body.innerText);
    return { lags: w.lags, longest: w.longest, dropped: d ? Number(d[1]!.replace(/,/g, '')) : 0 };
  });
  const s = latencySummary(lags.slice(2));
  return {
    bench: 'live-tail',
    ratePerSec: round(sent / seconds),
    sent,
    postFailures: failures,
    samples: s.n,
    p50Ms: round(s.p50Ms),
    p95Ms: round(s.p95Ms),
    maxMs: round(s.maxMs),
    longestLongTaskMs: round(longest),
    droppedShown: dropped,
    keptRows: 5000,
    targetP95Ms: 1000,
    ok: s.p95Ms <= 1000,
  };
}
