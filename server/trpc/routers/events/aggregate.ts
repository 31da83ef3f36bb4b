import { permission } from '../../init.ts';
import { aggregateInput } from './events.types.ts';
import { badField, parseQ, parseRange } from './query-input.ts';

/** Top values of a field over every match in the range (exact counts, as GET /api/v1/events/aggregate). */
export const aggregateProcedure = permission('events:read')
  .input(aggregateInput)
  .query(async ({ ctx, input }) => {
    const query = parseQ(input.q);
    const { from, to } = parseRange(input.from, input.to);
    const buckets = await ctx.services.explorer.store
      .aggregate({ query, from, to, field: input.field, size: input.size })
      .catch(badField);
    return { field: input.field, buckets };
  });
