import { z } from 'zod';
import { permission } from '../../init.ts';
import { caseCall } from './case-procedure.ts';

/**
 * For each indicator of a case, the live watchlist/block-list items it is on (the room's badges).
 * Refetched when the watchlist topic changes. Needs cases:read (declared) and watchlist:read.
 */
export const indicatorStatusProcedure = permission('cases:read')
  .input(z.object({ caseId: z.uuid() }))
  .query(({ ctx, input }) => {
    ctx.require('watchlist:read');
    return caseCall(() => ctx.services.cases.indicatorActions(ctx.services.watchlist).status(input.caseId));
  });
