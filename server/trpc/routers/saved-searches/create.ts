import { permission } from '../../init.ts';
import { announce } from './announce.ts';
import { checkRunnable } from './saved-search-checks.ts';
import { createInput } from './saved-searches.types.ts';

/**
 * Saving needs only events:read: a saved search is the reader's own view of events they may read
 * (viewers included), and changing someone else's is refused by ownership, not by role.
 */
export const createProcedure = permission('events:read', { audit: 'recorded' })
  .input(createInput)
  .mutation(async ({ ctx, input }) => {
    checkRunnable(input);
    const row = await ctx.services.explorer.savedSearches.create(ctx.identity, input, ctx.ip || undefined);
    await announce(ctx, row.id, row.version);
    return row;
  });
