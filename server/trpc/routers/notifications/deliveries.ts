import { permission } from '../../init.ts';
import { deliveriesInput } from './notifications.types.ts';

/** The outbox: pending, sent and failed notifications (no secrets in it). */
export const deliveriesProcedure = permission('alerts:read')
  .input(deliveriesInput)
  .query(({ ctx, input }) => ctx.services.notifications.sender.list(input));
