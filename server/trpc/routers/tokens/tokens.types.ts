import { z } from 'zod';
import { newTokenSchema } from '../../../auth/api-tokens.ts';

export const listTokensInput = z.object({ mine: z.boolean().default(false) }).default({ mine: false });
export const createTokenInput = newTokenSchema;
export const revokeTokenInput = z.object({ id: z.uuid() });
