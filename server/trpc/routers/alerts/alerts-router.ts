import { router } from '../../init.ts';
import { assignProcedure } from './assign.ts';
import { bulkSetStatusProcedure } from './bulk-set-status.ts';
import { getProcedure } from './get.ts';
import { listProcedure } from './list.ts';
import { setStatusProcedure } from './set-status.ts';

export const alertsRouter = router({
  list: listProcedure,
  get: getProcedure,
  setStatus: setStatusProcedure,
  bulkSetStatus: bulkSetStatusProcedure,
  assign: assignProcedure,
});
