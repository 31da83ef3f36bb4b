import { projectEvent } from '../../../store/event-export.ts';
import { permission } from '../../init.ts';
import { searchInput } from './events.types.ts';
import { parseQ, parseRange } from './query-input.ts';

/** The explorer's result table: same semantics and event shape as GET /api/v1/events, plus column projection. */
export const searchProcedure = permission('events:read')
  .input(searchInput)
  .query(async ({ ctx, input }) => {
    const started = performance.now();
    const query = parseQ(input.q);
    const { from, to } = parseRange(input.from, input.to);
    const r = await ctx.services.explorer.store.search({
      query,
      from,
      to,
      size: input.size,
      sort: input.sort,
      cursor: input.cursor,
    });
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
