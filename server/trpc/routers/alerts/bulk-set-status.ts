import { AlertError } from '../../../alerts/alerts-service.ts';
import { permission } from '../../init.ts';
import { bulkSetStatusInput } from './alerts.types.ts';

/** One status for many alerts (the console's bulk actions); each change is its own audited transaction. */
export const bulkSetStatusProcedure = permission('alerts:write', { audit: 'recorded' })
  .input(bulkSetStatusInput)
  .mutation(async ({ ctx, input }) => {
    const updated: string[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    for (const id of input.ids) {
      try {
        await ctx.services.alerting.alerts.setStatus(id, input.status, undefined, ctx.identity, ctx.ip);
        updated.push(id);
      } catch (err) {
        if (!(err instanceof AlertError)) throw err;
        failed.push({ id, error: err.message });
      }
    }
    return { updated, failed };
  });
