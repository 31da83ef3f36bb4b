import { permission } from '../../init.ts';
import { filterInput, toFilter } from './alerts.types.ts';

/** How many alerts the console's filter matches: the N of "select all N matching". */
export const countProcedure = permission('alerts:read')
  .input(filterInput)
  .query(({ ctx, input }) => ctx.services.alerting.alerts.count(toFilter(input, ctx.identity)));
