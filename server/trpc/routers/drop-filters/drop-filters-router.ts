import { router } from '../../init.ts';
import { createDropFilterProcedure } from './create.ts';
import { listDropFiltersProcedure } from './list.ts';
import { removeDropFilterProcedure } from './remove.ts';
import { updateDropFilterProcedure } from './update.ts';

export const dropFiltersRouter = router({
  list: listDropFiltersProcedure,
  create: createDropFilterProcedure,
  update: updateDropFilterProcedure,
  remove: removeDropFilterProcedure,
});
