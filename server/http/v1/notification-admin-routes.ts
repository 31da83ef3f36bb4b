// The admin screen's extra notification routes: POST /notification-channels/{id}/test (a sample
// alert through the channel now), GET /notification-channels/{id}/deliveries (its outbox rows,
// paged newest first), POST /notifications/{id}/retry (a failed row back in the queue).
import { z } from 'zod';
import type { Notifications } from '../../alerts/notify/notifications.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RouteDef } from './router.ts';
import { parseSearchParams } from './validation.ts';

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
const deliveryPageQuery = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  before: z.coerce.number().int().min(1).optional(),
  size: z.coerce.number().int().min(1).max(200).default(25),
});

function uuidParam(id: string, what: string): string {
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found', `no ${what} ${id}`);
  return id;
}

export function notificationAdminRoutes(n: Notifications): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/notification-channels/:id/test',
      permission: 'notifications:admin',
      async handler({ params, identity, ip }) {
        return n.tester.send(uuidParam(params.id, 'channel'), identity, ip);
      },
    },
    {
      method: 'GET',
      path: '/notification-channels/:id/deliveries',
      permission: 'notifications:admin',
      query: deliveryPageQuery,
      async handler({ params, url }) {
        const id = uuidParam(params.id, 'channel');
        const q = parseSearchParams(deliveryPageQuery, url);
        if (!(await n.channels.get(id))) throw new AppError('not_found', `no channel ${id}`);
        return n.deliveries.page(id, q);
      },
    },
    {
      method: 'POST',
      path: '/notifications/:id/retry',
      permission: 'notifications:admin',
      async handler({ params, identity, ip }) {
        if (!/^\d{1,15}$/.test(params.id)) throw new AppError('not_found', `no delivery ${params.id}`);
        const row = await n.deliveries.retry(Number(params.id), identity, ip);
        // Due now: this process's sender picks it up without waiting for its next poll.
        void n.sender.drain();
        return row;
      },
    },
  ];
}
