import { z } from 'zod';
import { ENTITY_KINDS, MAX_ENTITY_VALUE } from '../../../entities/entity-kinds.ts';

export const getInput = z.object({
  kind: z.string().max(20),
  value: z.string().max(MAX_ENTITY_VALUE + 1),
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
});

export const attackersInput = z.object({ from: z.string().max(100).optional(), to: z.string().max(100).optional() });

export const suggestInput = z.object({
  prefix: z.string().max(200),
  kinds: z.array(z.enum(ENTITY_KINDS)).max(4).optional(),
});
