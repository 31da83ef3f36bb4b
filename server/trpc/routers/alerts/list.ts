import { permission } from '../../init.ts';
import { listInput, parseFilter } from './alerts.types.ts';

/** The console's list: newest first, filtered by status/severity/rule and a Lucene query over alert fields. */
export const listProcedure = permission('alerts:read')
  .input(listInput)
  .query(({ ctx, input }) =>
    ctx.services.alerting.alerts.list({ query: parseFilter(input.q), status: input.status, severity: input.severity?.map((s) => s.toUpperCase()), ruleId: input.ruleId, size: input.size }),
  );
