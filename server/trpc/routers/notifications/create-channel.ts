import { permission } from '../../init.ts';
import { createChannelInput } from './notifications.types.ts';

// Audited by the service in the insert's transaction (notification_channel.create).
export const createChannelProcedure = permission('notifications:admin', { audit: 'recorded' })
  .input(createChannelInput)
  .mutation(({ ctx, input }) =>
    ctx.services.notifications.channels.create(input.channel, ctx.identity, ctx.ip || undefined),
  );
