import { permission } from '../../init.ts';
import { alertId } from './alerts.types.ts';
import { AppError } from '../../../errors/app-error.ts';

/** One alert with its first events, for the inline view. */
export const getProcedure = permission('alerts:read')
  .input(alertId)
  .query(async ({ ctx, input }) => {
    const a = await ctx.services.alerting.alerts.get(input.id);
    if (!a) throw new AppError('not_found', `no alert ${input.id}`);
    return { ...a, events: await ctx.services.alerting.alerts.events(input.id) };
  });
