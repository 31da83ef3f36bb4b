import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { WatchError } from '../../../watchlist/watchlist-service.ts';

export const listName = z.enum(['watchlist', 'blockip', 'blockfqdn']);
export const listInput = z.object({ list: listName.default('watchlist'), all: z.boolean().default(false) });
/** The item itself is validated by the service (messages name the field). */
export const createInput = z.object({ list: listName.default('watchlist'), item: z.record(z.string(), z.unknown()) });
export const removeInput = z.object({ id: z.uuid(), version: z.number().int().min(1).optional() });

export function watchTrpcError(err: unknown): never {
  if (err instanceof WatchError) {
    const code = err.code === 'not_found' ? 'NOT_FOUND' : err.code === 'bad_request' ? 'BAD_REQUEST' : 'CONFLICT';
    throw new TRPCError({ code, message: err.message, cause: err });
  }
  throw err;
}
