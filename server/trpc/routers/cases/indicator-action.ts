import { z } from 'zod';
import { indicatorActionInput } from '../../../cases/indicator-actions.ts';
import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';

export const indicatorActionInputTrpc = indicatorActionInput.extend({ caseId: z.uuid(), indicatorId: z.uuid() });

/**
 * Puts an indicator on the watchlist or a block list and records it on the case timeline. Needs
 * watchlist:write (declared) and cases:write (checked inside). Audited in one transaction by the
 * watchlist service (<list>.create) and the case writer (<kind>.indicator.action). The watchlist's
 * refusals (private ranges, already listed) come back as BAD_REQUEST / CONFLICT with its message.
 */
export const indicatorActionProcedure = permission('watchlist:write', { audit: 'recorded' })
  .input(indicatorActionInputTrpc)
  .mutation(({ ctx, input: { caseId, indicatorId, ...action } }) => {
    ctx.require('cases:write');
    return ctx.services.cases
      .indicatorActions(ctx.services.watchlist)
      .apply(caseId, undefined, indicatorId, action, actor(ctx));
  });
