import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { newUserSchema, userPatchSchema } from '../../../auth/user-admin.ts';
import { UserError } from '../../../auth/users.ts';

export const createUserInput = newUserSchema;
export const updateUserInput = userPatchSchema.extend({ id: z.uuid() });

/** The Users service's refusals as tRPC errors; a version conflict keeps its cause, whose `current` the error formatter passes on. */
export function userTrpcError(err: unknown): never {
  if (err instanceof UserError) {
    const code = err.code === 'not_found' ? 'NOT_FOUND' : err.code === 'weak_password' ? 'BAD_REQUEST' : 'CONFLICT';
    throw new TRPCError({ code, message: err.message, cause: err });
  }
  throw err;
}
