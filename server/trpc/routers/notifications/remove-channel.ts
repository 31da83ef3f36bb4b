import { permission } from '../../init.ts';
import { removeChannelInput } from './notifications.types.ts';

// Audited by the service (notification_channel.remove).
export const removeChannelProcedure = permission('notifications:admin', { audit: 'recorded' })
  .input(removeChannelInput)
  .mutation(({ ctx, input }) =>
    ctx.services.notifications.channels.remove(input.id, input.version, ctx.identity, ctx.ip || undefined),
  );
