import { escalateAlerts } from '../../../alerts/alert-escalation.ts';
import { can } from '../../../auth/permissions.ts';
import { AppError } from '../../../errors/app-error.ts';
import { permission } from '../../init.ts';
import { bulkEscalateInput, scopeFilter } from './alerts.types.ts';

/** Escalates the ticked or all matching alerts into one new or existing incident/investigation (needs alerts:write too). */
export const bulkEscalateProcedure = permission('cases:write', { audit: 'recorded' })
  .input(bulkEscalateInput)
  .mutation(({ ctx, input }) => {
    if (!can(ctx.identity, 'alerts:write'))
      throw new AppError('forbidden', 'escalating alerts needs the alerts:write permission');
    const { filter, audit } = scopeFilter(input.scope, ctx.identity);
    return escalateAlerts(
      { db: ctx.services.db, cases: ctx.services.cases, alerts: ctx.services.alerting.alerts },
      filter,
      input.target,
      audit,
      ctx.identity,
      ctx.ip,
    );
  });
