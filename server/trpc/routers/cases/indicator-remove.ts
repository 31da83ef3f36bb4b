import { z } from 'zod';
import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';

/**
 * Unblock / unwatch from the room: takes the indicator's watch item off its list (the watchlist
 * service audits `<list>.remove`) and records the action on the case timeline (`<kind>.indicator.remove`).
 * Needs watchlist:write (declared) and cases:write (checked).
 */
export const indicatorRemoveProcedure = permission('watchlist:write', { audit: 'recorded' })
  .input(z.object({ caseId: z.uuid(), indicatorId: z.uuid(), itemId: z.uuid() }))
  .mutation(({ ctx, input }) => {
    ctx.require('cases:write');
    return ctx.services.cases
      .indicatorActions(ctx.services.watchlist)
      .remove(input.caseId, undefined, input.indicatorId, input.itemId, actor(ctx));
  });
