import { z } from 'zod';
import { auditCsv, queryAudit } from '../../audit/audit-query.ts';
import type { Db } from '../../db/drizzle.ts';
import { parseTime } from '../../store/time-range.ts';
import type { RouteDef } from './router.ts';
import { parseSearchParams } from './validation.ts';

const auditQuery = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.coerce.number().int().min(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

function time(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  return parseTime(s);
}

export function auditRoutes(db: Db): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/audit',
      permission: 'audit:read',
      query: auditQuery,
      async handler({ url }) {
        const p = parseSearchParams(auditQuery, url);
        const { entries, nextBefore } = await queryAudit(db, { ...p, from: time(p.from), to: time(p.to), before: p.cursor });
        if (p.format === 'csv') {
          return new Response(auditCsv(entries), {
            headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="picket-audit.csv"', 'Cache-Control': 'no-store' },
          });
        }
        return { entries, nextCursor: nextBefore === null ? null : String(nextBefore) };
      },
    },
  ];
}
