import { router } from '../../init.ts';
import { createTokenProcedure } from './create.ts';
import { listTokensProcedure } from './list.ts';
import { revokeTokenProcedure } from './revoke.ts';

export const tokensRouter = router({
  list: listTokensProcedure,
  create: createTokenProcedure,
  revoke: revokeTokenProcedure,
});
