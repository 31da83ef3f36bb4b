import { z } from 'zod';
import { auditCsv, auditTextFilterSchema, parseAuditFilter, queryAudit } from '../../audit/audit-query.ts';
import type { Db } from '../../db/drizzle.ts';
import type { RouteDef } from './router.ts';
import { auditListAnswer } from './answers.types.ts';
import { parseSearchParams } from './validation.ts';

const auditQuery = auditTextFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.coerce.number().int().min(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

function filter({ cursor, format: _, ...p }: z.infer<typeof auditQuery>) {
  // A bad time bound is a TimeParseError, a 400 through the error table.
  return parseAuditFilter({ ...p, before: cursor });
}

export function auditRoutes(db: Db): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/audit',
      permission: 'audit:read',
      query: auditQuery,
      response: auditListAnswer,
      async handler({ url }) {
        const p = parseSearchParams(auditQuery, url);
        const { entries, nextBefore } = await queryAudit(db, filter(p));
        if (p.format === 'csv') {
          return new Response(auditCsv(entries), {
            headers: {
              'Content-Type': 'text/csv; charset=utf-8',
              'Content-Disposition': 'attachment; filename="picket-audit.csv"',
              'Cache-Control': 'no-store',
            },
          });
        }
        return { entries, nextCursor: nextBefore === null ? null : String(nextBefore) };
      },
    },
  ];
}
