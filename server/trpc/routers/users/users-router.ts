import { router } from '../../init.ts';
import { createUserProcedure } from './create.ts';
import { listUsersProcedure } from './list.ts';
import { updateUserProcedure } from './update.ts';

export const usersRouter = router({
  list: listUsersProcedure,
  create: createUserProcedure,
  update: updateUserProcedure,
});
