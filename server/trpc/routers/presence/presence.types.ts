import { z } from 'zod';

export const setPageInput = z.object({
  /** An app path like /incidents/1 (no origin, no query string needed). */
  page: z.string().min(1).max(512).startsWith('/'),
});
