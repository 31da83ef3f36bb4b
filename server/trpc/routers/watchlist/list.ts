import { permission } from '../../init.ts';
import { listInput } from './watchlist.types.ts';

/** Items of one list; expired ones only with all: true. */
export const listProcedure = permission('watchlist:read')
  .input(listInput)
  .query(({ ctx, input }) => ctx.services.watchlist.list(input.list, { all: input.all }));
