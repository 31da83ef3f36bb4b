import { TRPCError } from '@trpc/server';
import { permission } from '../../init.ts';
import { channelDeliveriesInput } from './notifications.types.ts';

/** One channel's outbox rows with their alert, newest first, paged by `before`. */
export const channelDeliveriesProcedure = permission('notifications:admin')
  .input(channelDeliveriesInput)
  .query(async ({ ctx, input }) => {
    const { channelId, ...opts } = input;
    if (!(await ctx.services.notifications.channels.get(channelId))) throw new TRPCError({ code: 'NOT_FOUND', message: `no channel ${channelId}` });
    return ctx.services.notifications.deliveries.page(channelId, opts);
  });
