// Notification channels (admin): GET|POST /notification-channels, GET|PATCH|DELETE
// /notification-channels/{id}; deliveries (the outbox, incl. failed ones): GET /notifications.
import { z } from 'zod';
import type { Notifications } from '../../alerts/notify/notifications.ts';
import { AppError } from '../../errors/app-error.ts';
import { notificationAdminRoutes } from './notification-admin-routes.ts';
import { Created, jsonBody, type RouteDef } from './router.ts';
import { parseSearchParams } from './validation.ts';

function channelId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found', `no channel ${id}`);
  return id;
}

const deliveriesQuery = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(),
  alertId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  size: z.coerce.number().int().min(1).max(1000).default(100),
});

export function notificationRoutes(n: Notifications): RouteDef[] {
  const { channels, sender } = n;
  return [
    {
      method: 'GET',
      path: '/notification-channels',
      permission: 'notifications:admin',
      async handler() {
        // With the rules routed to each and its last delivery (what the admin list shows).
        return { channels: await n.deliveries.withUsage(await channels.list()) };
      },
    },
    {
      method: 'POST',
      path: '/notification-channels',
      permission: 'notifications:admin',
      async handler({ req, identity, ip }) {
        const body = await jsonBody(req);
        return channels.create(body, identity, ip).then((c) => new Created(c));
      },
    },
    {
      method: 'GET',
      path: '/notification-channels/:id',
      permission: 'notifications:admin',
      async handler({ params }) {
        const c = await channels.get(channelId(params.id));
        if (!c) throw new AppError('not_found', `no channel ${params.id}`);
        return c;
      },
    },
    {
      method: 'PATCH',
      path: '/notification-channels/:id',
      permission: 'notifications:admin',
      async handler({ req, params, identity, ip }) {
        const id = channelId(params.id);
        const body = await jsonBody(req);
        return channels.update(id, body, identity, ip);
      },
    },
    {
      method: 'DELETE',
      path: '/notification-channels/:id',
      permission: 'notifications:admin',
      async handler({ params, url, identity, ip }) {
        const v = url.searchParams.get('version');
        if (v !== null && !/^\d{1,9}$/.test(v))
          throw new AppError('bad_request', 'version: must be a positive integer');
        return channels.remove(channelId(params.id), v === null ? undefined : Number(v), identity, ip);
      },
    },
    {
      method: 'GET',
      path: '/notifications',
      permission: 'alerts:read',
      query: deliveriesQuery,
      async handler({ url }) {
        const q = parseSearchParams(deliveriesQuery, url);
        return { notifications: await sender.list(q) };
      },
    },
    ...notificationAdminRoutes(n),
  ];
}
