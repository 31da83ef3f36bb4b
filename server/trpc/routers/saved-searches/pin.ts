import { permission } from '../../init.ts';
import { announce } from './announce.ts';
import { pinInput } from './saved-searches.types.ts';

/** Pin to (or unpin from) the dashboard: an edit of `pinned`, versioned and audited like any other. */
export const pinProcedure = permission('events:read', { audit: 'recorded' })
  .input(pinInput)
  .mutation(async ({ ctx, input }) => {
    const row = await ctx.services.explorer.savedSearches.update(
      ctx.identity,
      input.id,
      { pinned: input.pinned },
      input.version,
      ctx.ip || undefined,
      input.pinned ? 'savedSearch.pin' : 'savedSearch.unpin',
    );
    await announce(ctx, row.id, row.version);
    return row;
  });
