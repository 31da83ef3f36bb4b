import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { DropFilterError } from '../../../drop-filters/drop-filters.ts';
import { StaleVersionError } from '../../error-data.ts';
import { MAX_QUERY_LENGTH } from '../../../store/query/index.ts';

export const dropFilterInput = z
  .object({
    name: z.string().trim().min(1, 'name: required').max(200),
    query: z.string().trim().min(1, 'query: required').max(MAX_QUERY_LENGTH),
    enabled: z.boolean(),
  })
  .strict();

export const updateDropFilterInput = z.object({ id: z.uuid(), version: z.number().int().min(1), filter: dropFilterInput }).strict();
export const removeDropFilterInput = z.object({ id: z.uuid(), version: z.number().int().min(1) }).strict();

export function dropFilterTrpcError(err: unknown): never {
  if (err instanceof DropFilterError) throw new TRPCError({ code: err.code === 'not_found' ? 'NOT_FOUND' : 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof StaleVersionError) throw new TRPCError({ code: 'CONFLICT', message: err.message, cause: err });
  throw err;
}
