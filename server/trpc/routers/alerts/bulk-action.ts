import { permission } from '../../init.ts';
import { bulkActionInput, scopeFilter } from './alerts.types.ts';

/**
 * Acknowledge, close, mark false positive, reopen or assign the ticked alerts or every alert the
 * filter matches, on the server (the browser never sends thousands of ids); one audit entry.
 */
export const bulkActionProcedure = permission('alerts:write', { audit: 'recorded' })
  .input(bulkActionInput)
  .mutation(async ({ ctx, input }) => {
    const { filter, audit } = scopeFilter(input.scope, ctx.identity);
    const r = await ctx.services.alerting.alerts.bulkChange(
      filter,
      input.change,
      { filter: audit },
      ctx.identity,
      ctx.ip,
    );
    return { matched: r.matched, changed: r.changed };
  });
