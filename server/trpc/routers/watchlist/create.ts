import { permission } from '../../init.ts';
import { createInput } from './watchlist.types.ts';

// Audited by the service in the insert's transaction (action <list>.create).
export const createProcedure = permission('watchlist:write', { audit: 'recorded' })
  .input(createInput)
  .mutation(({ ctx, input }) =>
    ctx.services.watchlist.create(input.list, input.item, ctx.identity, ctx.ip || undefined),
  );
