import { z } from 'zod';
import { newUserSchema, userPatchSchema } from '../../../auth/user-admin.ts';
import { UserError } from '../../../auth/users.ts';

export const createUserInput = newUserSchema;
export const updateUserInput = userPatchSchema.extend({ id: z.uuid() });
