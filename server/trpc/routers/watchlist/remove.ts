import { permission } from '../../init.ts';
import { removeInput } from './watchlist.types.ts';

// Audited by the service in the delete's transaction (action <list>.remove).
export const removeProcedure = permission('watchlist:write', { audit: 'recorded' })
  .input(removeInput)
  .mutation(({ ctx, input }) =>
    ctx.services.watchlist.remove(input.id, input.version, ctx.identity, ctx.ip || undefined),
  );
