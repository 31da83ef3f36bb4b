import { permission } from '../../init.ts';
import { announce } from './announce.ts';
import { checkRunnable } from './saved-search-checks.ts';
import { updateInput } from './saved-searches.types.ts';

/** Edits made against `version`; a stale one is CONFLICT with the current record in error.data.current. */
export const updateProcedure = permission('events:read', { audit: 'recorded' })
  .input(updateInput)
  .mutation(async ({ ctx, input }) => {
    const { id, version, ...patch } = input;
    const searches = ctx.services.explorer.savedSearches;
    const current = await searches.get(ctx.identity, id);
    checkRunnable(patch, current);
    const row = await searches.update(ctx.identity, id, patch, version, ctx.ip || undefined);
    await announce(ctx, row.id, row.version);
    return row;
  });
