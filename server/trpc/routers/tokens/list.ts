import { permission } from '../../init.ts';
import { listTokensInput } from './tokens.types.ts';

/** Admins see every token unless `mine`; everyone else only their own. */
export const listTokensProcedure = permission('tokens:read-own')
  .input(listTokensInput)
  .query(({ ctx, input }) => ctx.services.tokens.listFor(ctx.identity, input.mine));
