import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { newTokenSchema, TokenError } from '../../../auth/api-tokens.ts';

export const listTokensInput = z.object({ mine: z.boolean().default(false) }).default({ mine: false });
export const createTokenInput = newTokenSchema;
export const revokeTokenInput = z.object({ id: z.uuid() });

/** ApiTokens' refusals (role ceiling, someone else's token) as tRPC errors. */
export function tokenTrpcError(err: unknown): never {
  if (err instanceof TokenError) throw new TRPCError({ code: err.code === 'forbidden' ? 'FORBIDDEN' : 'NOT_FOUND', message: err.message, cause: err });
  throw err;
}
