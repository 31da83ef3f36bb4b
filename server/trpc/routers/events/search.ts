import type { PicketEvent } from '../../../ingest/event.ts';
import { readOwnPath, writeOwnPath } from '../../../ingest/own-path.ts';
import { permission } from '../../init.ts';
import { searchInput } from './events.types.ts';
import { parseQ, parseRange } from './query-input.ts';

const COLUMN_FIELDS = new Set(['receivedtimestamp', 'category', 'source', 'hostname', 'processname', 'processid', 'severity', 'summary', 'tags']);

/** Keeps id, utctimestamp and the chosen columns; `details.a.b` / bare `a.b` keep that path of details. */
export function projectEvent(e: PicketEvent, columns: string[]): Partial<PicketEvent> & { id: string; utctimestamp: string } {
  const out: Record<string, unknown> = { id: e.id, utctimestamp: e.utctimestamp };
  let details: Record<string, unknown> | undefined;
  for (const c of columns) {
    if (COLUMN_FIELDS.has(c)) {
      out[c] = e[c as keyof PicketEvent];
      continue;
    }
    if (c === 'details') {
      details = e.details;
      out.details = details;
      continue;
    }
    const path = (c.startsWith('details.') ? c.slice(8) : c).split('.');
    const src = readOwnPath(e.details, path);
    if (src === undefined) continue;
    details ??= {};
    writeOwnPath(details, path, src);
    out.details = details;
  }
  return out as Partial<PicketEvent> & { id: string; utctimestamp: string };
}

/** The explorer's result table: same semantics and event shape as GET /api/v1/events, plus column projection. */
export const searchProcedure = permission('events:read')
  .input(searchInput)
  .query(async ({ ctx, input }) => {
    const started = performance.now();
    const query = parseQ(input.q);
    const { from, to } = parseRange(input.from, input.to);
    const r = await ctx.services.explorer.store.search({ query, from, to, size: input.size, sort: input.sort, cursor: input.cursor });
    const events = input.columns ? r.events.map((e) => projectEvent(e, input.columns!)) : r.events;
    return {
      total: r.total,
      totalExact: r.totalExact,
      events,
      nextCursor: r.nextCursor,
      from: from.toISOString(),
      to: to.toISOString(),
      tookMs: Math.round(performance.now() - started),
    };
  });
