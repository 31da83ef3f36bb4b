import { permission } from '../../init.ts';
import { channelDeliveriesInput } from './notifications.types.ts';
import { AppError } from '../../../errors/app-error.ts';

/** One channel's outbox rows with their alert, newest first, paged by `before`. */
export const channelDeliveriesProcedure = permission('notifications:admin')
  .input(channelDeliveriesInput)
  .query(async ({ ctx, input }) => {
    const { channelId, ...opts } = input;
    if (!(await ctx.services.notifications.channels.get(channelId)))
      throw new AppError('not_found', `no channel ${channelId}`);
    return ctx.services.notifications.deliveries.page(channelId, opts);
  });
