import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { escalateAlertsInput } from './cases.types.ts';

/**
 * Escalates alerts into a new incident (no incidentId) or an existing case: their events become
 * evidence with one timeline entry per alert, each alert is marked escalated and linked to the case.
 * Needs cases:write (declared) and alerts:write (checked). Audited by the service (alert.escalate,
 * <kind>.escalate). The console's single and bulk escalate both call this.
 */
export const escalateAlertsProcedure = permission('cases:write', { audit: 'recorded' })
  .input(escalateAlertsInput)
  .mutation(({ ctx, input }) => {
    ctx.require('alerts:write');
    return ctx.services.cases.alerts.escalateAlerts(input, actor(ctx));
  });
