import { z } from 'zod';
import { type AuditFilter, auditTextFilterSchema, parseAuditFilter } from '../../../audit/audit-query.ts';

/** The filters of REST GET /api/v1/audit; `cursor` is the id to continue below (newest first). */
export const listAuditInput = auditTextFilterSchema.extend({
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z.number().int().min(1).nullish(),
});

/** A time bound the user typed that does not parse is a TimeParseError: BAD_REQUEST with the parser's words. */
export function auditFilterOf({ cursor, ...filters }: z.infer<typeof listAuditInput>): AuditFilter {
  return parseAuditFilter({ ...filters, before: cursor ?? undefined });
}
