import { permission } from '../../init.ts';
import { setStatusInput } from './alerts.types.ts';

/** Acknowledge, escalate, close, mark false positive (or reopen); versioned and audited by the service. */
export const setStatusProcedure = permission('alerts:write', { audit: 'recorded' })
  .input(setStatusInput)
  .mutation(({ ctx, input }) =>
    ctx.services.alerting.alerts.setStatus(input.id, input.status, input.version, ctx.identity, ctx.ip),
  );
