import { z } from 'zod';
import { ACTIONS, ROLES } from '../../../auth/permissions.ts';

export const meOutput = z.object({
  kind: z.enum(['user', 'token']),
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  ingestOnly: z.boolean(),
  /** Everything this identity may do, so the UI hides what the role cannot use. */
  permissions: z.array(z.enum(ACTIONS)),
});
export type MeOutput = z.infer<typeof meOutput>;
