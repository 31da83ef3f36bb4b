import { permission } from '../../init.ts';
import { listInput } from './saved-searches.types.ts';

/** The caller's own searches and the ones teammates shared; `mine` tells them apart. */
export const listProcedure = permission('events:read')
  .input(listInput)
  .query(async ({ ctx, input }) => {
    const rows = await ctx.services.explorer.savedSearches.list(ctx.identity, input);
    const me = `${ctx.identity.kind}:${ctx.identity.id}`;
    return { searches: rows.map((r) => ({ ...r, mine: r.owner === me })) };
  });
