import { permission } from '../../init.ts';
import { updateChannelInput } from './notifications.types.ts';

// Audited by the service (notification_channel.update); patch.version is required (409 when stale).
export const updateChannelProcedure = permission('notifications:admin', { audit: 'recorded' })
  .input(updateChannelInput)
  .mutation(({ ctx, input }) =>
    ctx.services.notifications.channels.update(input.id, input.patch, ctx.identity, ctx.ip || undefined),
  );
