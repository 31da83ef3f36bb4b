import { z } from 'zod';
import { permission } from '../../init.ts';

/**
 * For each indicator of a case, the live watchlist/block-list items it is on (the room's badges).
 * Refetched when the watchlist topic changes. Needs cases:read (declared) and watchlist:read.
 */
export const indicatorStatusProcedure = permission('cases:read')
  .input(z.object({ caseId: z.uuid() }))
  .query(({ ctx, input }) => {
    ctx.require('watchlist:read');
    return ctx.services.cases.indicatorActions(ctx.services.watchlist).status(input.caseId);
  });
