import { z } from 'zod';
import { and, desc, eq, gte, ilike, like, lt, lte, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { parseTime } from '../store/time-range.ts';

export interface AuditFilter {
  /** Substring of the actor, e.g. `alice` or `token:`. */
  actor?: string;
  /** Exact action, or a prefix when it ends with `.` or `*` (`token.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Entries older than this id (keyset pagination, newest first). */
  before?: number;
}

export interface AuditEntryRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  diff: unknown;
  ip: string | null;
}

/** The filter fields of both audit APIs (each adds its own paging fields). */
export const auditTextFilterSchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
});

/** A filter as typed by a person or a script: times as `now-7d` or ISO text. */
export type AuditTextFilter = Omit<AuditFilter, 'from' | 'to'> & { from?: string; to?: string };

/** Resolves the text times; a bad one throws TimeParseError (REST and tRPC answer it as bad input). */
export function parseAuditFilter({ from, to, ...rest }: AuditTextFilter): AuditFilter {
  return { ...rest, from: from ? parseTime(from) : undefined, to: to ? parseTime(to) : undefined };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

export async function queryAudit(
  db: Db,
  f: AuditFilter,
): Promise<{ entries: AuditEntryRow[]; nextBefore: number | null }> {
  const where: (SQL | undefined)[] = [];
  if (f.actor) where.push(ilike(auditLog.actor, `%${escapeLike(f.actor)}%`));
  if (f.action) {
    const prefix = f.action.endsWith('*') ? f.action.slice(0, -1) : f.action.endsWith('.') ? f.action : undefined;
    where.push(prefix === undefined ? eq(auditLog.action, f.action) : like(auditLog.action, `${escapeLike(prefix)}%`));
  }
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
  if (f.from) where.push(gte(auditLog.at, f.from.toISOString()));
  if (f.to) where.push(lte(auditLog.at, f.to.toISOString()));
  if (f.before !== undefined) where.push(lt(auditLog.id, f.before));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      diff: auditLog.diff,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const entries = rows.slice(0, f.limit);
  return { entries, nextBefore: rows.length > f.limit ? entries.at(-1)!.id : null };
}

// Cells a spreadsheet would evaluate as formulas are prefixed with ' (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(v: unknown): string {
  let s =
    v === null || v === undefined
      ? ''
      : typeof v === 'string'
        ? v
        : typeof v === 'number'
          ? String(v)
          : JSON.stringify(v);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function auditCsv(entries: AuditEntryRow[]): string {
  const header = ['id', 'at', 'actor', 'action', 'targetType', 'targetId', 'diff', 'ip'] as const;
  const lines = [header.join(',')];
  for (const e of entries) lines.push(header.map((k) => csvCell(e[k])).join(','));
  return lines.join('\r\n') + '\r\n';
}
