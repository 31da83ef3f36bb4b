import { router } from '../../init.ts';
import { createProcedure } from './create.ts';
import { deleteProcedure } from './delete.ts';
import { listProcedure } from './list.ts';
import { pinProcedure } from './pin.ts';
import { updateProcedure } from './update.ts';

export const savedSearchesRouter = router({
  list: listProcedure,
  create: createProcedure,
  update: updateProcedure,
  delete: deleteProcedure,
  pin: pinProcedure,
});
