import { permission } from '../../init.ts';

/** Channels with secrets redacted to hints, the rules routed to each and its last delivery. */
export const channelsProcedure = permission('notifications:admin').query(async ({ ctx }) =>
  ctx.services.notifications.deliveries.withUsage(await ctx.services.notifications.channels.list()),
);
