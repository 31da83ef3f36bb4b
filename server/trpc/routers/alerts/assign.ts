import { permission } from '../../init.ts';
import { assignInput } from './alerts.types.ts';

/** Assigns an alert to a responder (null unassigns). */
export const assignProcedure = permission('alerts:write', { audit: 'recorded' })
  .input(assignInput)
  .mutation(({ ctx, input }) =>
    ctx.services.alerting.alerts.assign(input.id, input.assignee, input.version, ctx.identity, ctx.ip),
  );
