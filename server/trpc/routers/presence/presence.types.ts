import { z } from 'zod';
import { CASE_ID } from '../../../realtime/presence-room.ts';

export const setPageInput = z.object({
  /** An app path like /incidents/1 (no origin, no query string needed). */
  page: z.string().min(1).max(512).startsWith('/'),
});

export const setActivityInput = z.object({
  /** Where on the page the person is typing ("Timeline", "Summary"); null when they stopped. */
  what: z.string().trim().min(1).max(40).nullable(),
});

export const roomInput = z.object({
  /** The case (incident or investigation) whose room to list. */
  caseId: z.string().regex(CASE_ID, 'a case id'),
});
