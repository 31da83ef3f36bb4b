import { router } from '../../init.ts';
import { createProcedure } from './create.ts';
import { listProcedure } from './list.ts';
import { removeProcedure } from './remove.ts';

export const watchlistRouter = router({
  list: listProcedure,
  create: createProcedure,
  remove: removeProcedure,
});
