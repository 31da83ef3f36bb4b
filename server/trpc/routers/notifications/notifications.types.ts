import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ChannelError } from '../../../alerts/notify/channels-service.ts';

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

export function channelTrpcError(err: unknown): never {
  if (err instanceof ChannelError) {
    const code = err.code === 'not_found' ? 'NOT_FOUND' : err.code === 'bad_request' ? 'BAD_REQUEST' : 'CONFLICT';
    throw new TRPCError({ code, message: err.message, cause: err });
  }
  throw err;
}
