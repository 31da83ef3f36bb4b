import { router } from '../../init.ts';
import { assignProcedure } from './assign.ts';
import { bulkActionProcedure } from './bulk-action.ts';
import { bulkEscalateProcedure } from './bulk-escalate.ts';
import { countProcedure } from './count.ts';
import { bulkSetStatusProcedure } from './bulk-set-status.ts';
import { getProcedure } from './get.ts';
import { listProcedure } from './list.ts';
import { setStatusProcedure } from './set-status.ts';

export const alertsRouter = router({
  list: listProcedure,
  count: countProcedure,
  get: getProcedure,
  setStatus: setStatusProcedure,
  bulkSetStatus: bulkSetStatusProcedure,
  assign: assignProcedure,
  bulkAction: bulkActionProcedure,
  bulkEscalate: bulkEscalateProcedure,
});
