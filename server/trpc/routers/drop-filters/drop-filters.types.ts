import { z } from 'zod';
import { MAX_QUERY_LENGTH } from '../../../store/query/index.ts';

export const dropFilterInput = z
  .object({
    name: z.string().trim().min(1, 'name: required').max(200),
    query: z.string().trim().min(1, 'query: required').max(MAX_QUERY_LENGTH),
    enabled: z.boolean(),
  })
  .strict();

export const updateDropFilterInput = z
  .object({ id: z.uuid(), version: z.number().int().min(1), filter: dropFilterInput })
  .strict();
export const removeDropFilterInput = z.object({ id: z.uuid(), version: z.number().int().min(1) }).strict();
