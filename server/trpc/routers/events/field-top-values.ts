import { permission } from '../../init.ts';
import { fieldTopValuesInput } from './events.types.ts';
import { badField, parseQ, parseRange } from './query-input.ts';

/**
 * The field sidebar: top values of one field over the current query and range. By default over the
 * newest `sample` matches (cheap at any size, like Discover's sample); `exact` counts every match.
 */
export const fieldTopValuesProcedure = permission('events:read')
  .input(fieldTopValuesInput)
  .query(async ({ ctx, input }) => {
    const query = parseQ(input.q);
    const { from, to } = parseRange(input.from, input.to);
    const { store, explorer } = ctx.services.explorer;
    if (input.exact) {
      const buckets = await store.aggregate({ query, from, to, field: input.field, size: input.size }).catch(badField);
      return { field: input.field, buckets, examined: null, withValue: null, exact: true };
    }
    const r = await explorer
      .topValues({ query, from, to, field: input.field, size: input.size, sample: input.sample })
      .catch(badField);
    return { field: input.field, ...r };
  });
