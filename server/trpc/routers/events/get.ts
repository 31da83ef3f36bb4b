import { permission } from '../../init.ts';
import { getInput } from './events.types.ts';
import { AppError } from '../../../errors/app-error.ts';

/** One whole event, for the drawer. */
export const getProcedure = permission('events:read')
  .input(getInput)
  .query(async ({ ctx, input }) => {
    const event = await ctx.services.explorer.store.get(input.id);
    if (!event) throw new AppError('not_found', `no event ${input.id}`);
    return event;
  });
