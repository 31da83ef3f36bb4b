import { permission } from '../../init.ts';
import { announce } from './announce.ts';
import { deleteInput } from './saved-searches.types.ts';

/** Deletes against `version` too: never remove a search someone just changed without seeing it. */
export const deleteProcedure = permission('events:read', { audit: 'recorded' })
  .input(deleteInput)
  .mutation(async ({ ctx, input }) => {
    await ctx.services.explorer.savedSearches.remove(ctx.identity, input.id, input.version, ctx.ip || undefined);
    // Deleted: the version after the last one tells clients to drop it (refetch finds nothing).
    await announce(ctx, input.id, input.version + 1);
    return { ok: true as const };
  });
