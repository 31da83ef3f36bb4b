import { z } from 'zod';
import { OAUTH_POLICIES } from '../../../settings/settings.ts';

export const updateSettingsInput = z
  .object({
    oauthNewUserRole: z.enum(OAUTH_POLICIES).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type UpdateSettingsInput = z.infer<typeof updateSettingsInput>;
