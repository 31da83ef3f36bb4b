import type { EventStore } from '../../store/event-store.ts';
import { parseQuery, type QueryNode } from '../../store/query/index.ts';
import { resolveRange } from '../../store/time-range.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RouteDef } from './router.ts';
import { aggregateQuery, exportQuery, histogramQuery, searchQuery } from './events.types.ts';
import { aggregateAnswer, eventAnswer, eventSearchAnswer, histogramAnswer } from './answers.types.ts';
import { prepareExport } from '../../store/event-export.ts';
import { parseSearchParams } from './validation.ts';

const MAX_BUCKETS = 2000;
const NICE_INTERVALS_MS = [1, 5, 10, 30]
  .map((s) => s * 1000)
  .concat(
    [1, 5, 10, 30].map((m) => m * 60_000),
    [1, 3, 6, 12].map((h) => h * 3_600_000),
    [86_400_000, 7 * 86_400_000],
  );

export function query(q: string): QueryNode {
  return parseQuery(q);
}

export function range(from?: string, to?: string): { from: Date; to: Date } {
  return resolveRange(from, to, new Date(), 'now-24h');
}

export function parseInterval(s: string, spanMs: number): number {
  if (s === 'auto') {
    const nice = NICE_INTERVALS_MS.find((i) => spanMs / i <= 120);
    if (nice !== undefined) return nice;
    // A span of millennia (to=8000000000000000 is a valid time) in weeks would be millions of buckets.
    const week = NICE_INTERVALS_MS.at(-1)!;
    return Math.ceil(spanMs / 120 / week) * week;
  }
  const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(s);
  if (!m)
    throw new AppError('bad_request', `interval must be auto or a number with a unit (ms, s, m, h, d, w), e.g. 5m`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'ms'];
  const ms = Number(m[1]) * unit;
  if (ms < 1000) throw new AppError('bad_request', 'interval must be at least 1s');
  if (spanMs / ms > MAX_BUCKETS)
    throw new AppError('bad_request', `interval ${s} gives more than ${MAX_BUCKETS} buckets for this time range`);
  return ms;
}

export function eventRoutes(store: EventStore): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/events',
      permission: 'events:read',
      query: searchQuery,
      response: eventSearchAnswer,
      async handler({ url }) {
        const started = performance.now();
        const p = parseSearchParams(searchQuery, url);
        const { from, to } = range(p.from, p.to);
        const r = await store.search({ query: query(p.q), from, to, size: p.size, sort: p.sort, cursor: p.cursor });
        return {
          total: r.total,
          totalExact: r.totalExact,
          events: r.events,
          nextCursor: r.nextCursor,
          tookMs: Math.round(performance.now() - started),
        };
      },
    },
    {
      method: 'GET',
      path: '/events/aggregate',
      permission: 'events:read',
      query: aggregateQuery,
      response: aggregateAnswer,
      async handler({ url }) {
        const p = parseSearchParams(aggregateQuery, url);
        const { from, to } = range(p.from, p.to);
        return { buckets: await store.aggregate({ query: query(p.q), from, to, field: p.field, size: p.size }) };
      },
    },
    {
      method: 'GET',
      path: '/events/histogram',
      permission: 'events:read',
      query: histogramQuery,
      response: histogramAnswer,
      async handler({ url }) {
        const p = parseSearchParams(histogramQuery, url);
        const { from, to } = range(p.from, p.to);
        const intervalMs = parseInterval(p.interval, to.getTime() - from.getTime());
        return {
          interval: `${intervalMs / 1000}s`,
          buckets: await store.histogram({ query: query(p.q), from, to, intervalMs }),
        };
      },
    },
    {
      // Before /events/:id, which would otherwise take "export" for an id.
      method: 'GET',
      path: '/events/export',
      permission: 'events:read',
      summary: "Search results as a CSV or NDJSON download (the explorer's columns; at most 100,000 rows)",
      query: exportQuery,
      async handler({ url }) {
        const p = parseSearchParams(exportQuery, url);
        const { from, to } = range(p.from, p.to);
        const out = await prepareExport(store, {
          query: query(p.q),
          from,
          to,
          sort: p.sort,
          columns: p.columns,
          format: p.format,
          limit: p.limit,
        });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const headers: Record<string, string> = {
          'Content-Type': p.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
          'Content-Disposition': `attachment; filename="picket-events-${stamp}.${p.format}"`,
          'Cache-Control': 'no-store',
          'X-Picket-Export-Limit': String(p.limit),
        };
        if (out.rows !== null) headers['X-Picket-Export-Rows'] = String(out.rows);
        if (out.truncated !== null) headers['X-Picket-Export-Truncated'] = String(out.truncated);
        return new Response(textStream(out.chunks), { headers });
      },
    },
    {
      method: 'GET',
      path: '/events/:id',
      permission: 'events:read',
      response: eventAnswer,
      async handler({ params }) {
        const event = await store.get(params.id);
        if (!event) throw new AppError('not_found', `no event ${params.id}`);
        return event;
      },
    },
  ];
}

function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next: IteratorResult<string, unknown> = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value));
    },
    async cancel() {
      await it.return?.();
    },
  });
}
