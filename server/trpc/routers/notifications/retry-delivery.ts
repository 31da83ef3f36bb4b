import { permission } from '../../init.ts';
import { retryDeliveryInput } from './notifications.types.ts';

// Audited by the delivery log in the update's transaction (notification_delivery.retry).
export const retryDeliveryProcedure = permission('notifications:admin', { audit: 'recorded' })
  .input(retryDeliveryInput)
  .mutation(async ({ ctx, input }) => {
    const row = await ctx.services.notifications.deliveries.retry(input.id, ctx.identity, ctx.ip || undefined);
    // Due now: this process's sender picks it up without waiting for its next poll.
    void ctx.services.notifications.sender.drain();
    return row;
  });
