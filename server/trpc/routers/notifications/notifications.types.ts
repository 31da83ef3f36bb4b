import { z } from 'zod';

/** Channel bodies are validated by the service (per kind; messages name the field). */
export const createChannelInput = z.object({ channel: z.record(z.string(), z.unknown()) });
export const updateChannelInput = z.object({ id: z.uuid(), patch: z.record(z.string(), z.unknown()) });
export const removeChannelInput = z.object({ id: z.uuid(), version: z.number().int().min(1).optional() });
export const deliveriesInput = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(),
  alertId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  size: z.number().int().min(1).max(1000).default(100),
});

export const testChannelInput = z.object({ id: z.uuid() });
export const channelDeliveriesInput = z.object({
  channelId: z.uuid(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(),
  before: z.number().int().min(1).optional(),
  size: z.number().int().min(1).max(200).default(25),
});
export const retryDeliveryInput = z.object({ id: z.number().int().min(1) });
