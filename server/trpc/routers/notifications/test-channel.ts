import { permission } from '../../init.ts';
import { testChannelInput } from './notifications.types.ts';

// A sample alert through the channel now; the service audits the outcome (notification_channel.test).
export const testChannelProcedure = permission('notifications:admin', { audit: 'recorded' })
  .input(testChannelInput)
  .mutation(({ ctx, input }) => ctx.services.notifications.tester.send(input.id, ctx.identity, ctx.ip || undefined));
