import { permission } from '../../init.ts';
import { listInput, toFilter } from './alerts.types.ts';

/** The console's list: by severity then time, or newest first; filtered by status/severity/rule/assignee, free text, an entity and a Lucene query over alert fields. */
export const listProcedure = permission('alerts:read')
  .input(listInput)
  .query(({ ctx, input }) =>
    ctx.services.alerting.alerts.list({ ...toFilter(input, ctx.identity), size: input.size, sort: input.sort }),
  );
