// Figures for the list/board views: cases per phase, and how long containing and closing took.
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { cases, users } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { type CaseKind, PHASES } from './case-model.ts';

export interface DurationStats {
  /** Cases with both dates set. */
  n: number;
  medianMs: number | null;
  p90Ms: number | null;
  meanMs: number | null;
}

export interface CaseMetrics {
  kind: CaseKind;
  byPhase: Record<string, number>;
  timeToContain: DurationStats;
  timeToClose: DurationStats;
}

function durationStats(db: Db, kind: CaseKind, end: typeof cases.containedAt) {
  const ms = sql<number>`extract(epoch from (${end} - ${cases.openedAt})) * 1000`;
  return db
    .select({
      n: sql<number>`count(*)::int`,
      medianMs: sql<number | null>`round(percentile_cont(0.5) within group (order by ${ms}))::float8`,
      p90Ms: sql<number | null>`round(percentile_cont(0.9) within group (order by ${ms}))::float8`,
      meanMs: sql<number | null>`round(avg(${ms}))::float8`,
    })
    .from(cases)
    .where(and(eq(cases.kind, kind), sql`${end} IS NOT NULL`))
    .then((r) => r[0]);
}

export async function caseMetrics(db: Db, kind: CaseKind): Promise<CaseMetrics> {
  const counts = await db
    .select({ phase: cases.phase, n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.kind, kind))
    .groupBy(cases.phase);
  const byPhase = Object.fromEntries(PHASES[kind].map((p) => [p, counts.find((c) => c.phase === p)?.n ?? 0]));
  return {
    kind,
    byPhase,
    timeToContain: await durationStats(db, kind, cases.containedAt),
    timeToClose: await durationStats(db, kind, cases.closedAt),
  };
}

/** People a case can be owned by or a task assigned to: active users who may work cases. */
export function assignableUsers(db: Db): Promise<Array<{ id: string; name: string; email: string }>> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(isNull(users.disabledAt), ne(users.role, 'viewer')))
    .orderBy(asc(users.email));
}
