// "Needs attention": what the signed-in person should act on, computed per caller from Postgres —
// open CRITICAL/HIGH alerts nobody owns (by name, oldest first), the open alerts and tasks that are
// theirs, and how long the oldest unowned one has waited. The nav badges read the same counts.
import { and, asc, count, eq, inArray, isNull, min, sql } from 'drizzle-orm';
import { alerts, cases, caseTasks, users } from '../../db/schema.ts';
import { can, type Identity } from '../auth/permissions.ts';
import type { DbOrTx } from '../db/drizzle.ts';

/** What the alert console calls "open". */
const OPEN = ['new', 'acknowledged', 'escalated'] as const;
const OPEN_TASK = ['open', 'in_progress'] as const;
/** Severities that must not wait without an owner. */
export const URGENT_SEVERITIES = ['CRITICAL', 'HIGH'] as const;
/** Items listed per group; the counts cover all of them. */
const LISTED = 10;

export interface AttentionAlert {
  id: string;
  summary: string;
  severity: string;
  status: string;
  utctimestamp: string;
  href: string;
}

export interface AttentionTask {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
  caseId: string;
  caseKind: 'incident' | 'investigation';
  caseSummary: string;
  href: string;
}

export interface NeedsAttention {
  /** Absent without alerts:read. */
  alerts?: {
    unassigned: AttentionAlert[];
    unassignedCount: number;
    /** Alert time of the oldest unassigned urgent open alert (null: none waits). */
    oldestUnassignedAt: string | null;
    unassignedHref: string;
    mine: AttentionAlert[];
    mineCount: number;
  };
  /** Absent without cases:read or for API tokens (tasks belong to users). */
  tasks?: { mine: AttentionTask[]; mineCount: number; href: string };
}

export interface NavCounts {
  /** Open unassigned CRITICAL/HIGH alerts; null without alerts:read. */
  alerts: number | null;
  /** My open tasks; null without cases:read or for a token. */
  tasks: number | null;
}

export const alertHref = (id: string) => `/alerts?${new URLSearchParams({ status: 'any', id })}`;
// The console filters one severity at a time and has no assignee filter yet: the link opens all open alerts.
const unassignedHref = '/alerts?status=open';
const taskHref = (t: { caseKind: string; caseId: string; id: string }) =>
  `/${t.caseKind === 'incident' ? 'incidents' : 'investigations'}/${t.caseId}?entry=${encodeURIComponent(`task-${t.id}`)}`;

const unassignedUrgent = and(
  inArray(alerts.status, [...OPEN]),
  isNull(alerts.assignee),
  inArray(sql`upper(${alerts.severity})`, [...URGENT_SEVERITIES]),
);
const alertColumns = {
  id: alerts.id,
  summary: alerts.summary,
  severity: alerts.severity,
  status: alerts.status,
  utctimestamp: alerts.utctimestamp,
};
const asAttention = (a: {
  id: string;
  summary: string;
  severity: string;
  status: string;
  utctimestamp: string | Date;
}): AttentionAlert => ({
  ...a,
  utctimestamp: new Date(a.utctimestamp).toISOString(),
  href: alertHref(a.id),
});

/** The caller's email when a user (alert assignees are email addresses). */
async function myEmail(db: DbOrTx, me: Identity): Promise<string | null> {
  if (me.kind !== 'user') return null;
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, me.id));
  return u?.email ?? null;
}

const mineWhere = (email: string) =>
  and(inArray(alerts.status, [...OPEN]), eq(sql`lower(${alerts.assignee})`, email.toLowerCase()));
const myTasksWhere = (userId: string) =>
  and(eq(caseTasks.assigneeId, userId), inArray(caseTasks.status, [...OPEN_TASK]));

export async function needsAttention(db: DbOrTx, me: Identity): Promise<NeedsAttention> {
  const out: NeedsAttention = {};
  const email = await myEmail(db, me);
  if (can(me, 'alerts:read')) {
    const [unassigned, [agg], mine, [mineAgg]] = await Promise.all([
      db
        .select(alertColumns)
        .from(alerts)
        .where(unassignedUrgent)
        .orderBy(asc(alerts.utctimestamp), asc(alerts.id))
        .limit(LISTED),
      db
        .select({ n: count(), oldest: min(alerts.utctimestamp) })
        .from(alerts)
        .where(unassignedUrgent),
      email
        ? db
            .select(alertColumns)
            .from(alerts)
            .where(mineWhere(email))
            .orderBy(asc(alerts.utctimestamp), asc(alerts.id))
            .limit(LISTED)
        : [],
      email ? db.select({ n: count() }).from(alerts).where(mineWhere(email)) : [{ n: 0 }],
    ]);
    out.alerts = {
      unassigned: unassigned.map(asAttention),
      unassignedCount: Number(agg.n),
      oldestUnassignedAt: agg.oldest ? new Date(agg.oldest).toISOString() : null,
      unassignedHref,
      mine: mine.map(asAttention),
      mineCount: Number(mineAgg.n),
    };
  }
  if (can(me, 'cases:read') && me.kind === 'user') {
    const [rows, [agg]] = await Promise.all([
      db
        .select({
          id: caseTasks.id,
          title: caseTasks.title,
          status: caseTasks.status,
          dueAt: caseTasks.dueAt,
          caseId: caseTasks.caseId,
          caseKind: cases.kind,
          caseSummary: cases.summary,
        })
        .from(caseTasks)
        .innerJoin(cases, eq(cases.id, caseTasks.caseId))
        .where(myTasksWhere(me.id))
        .orderBy(sql`${caseTasks.dueAt} ASC NULLS LAST`, asc(caseTasks.createdAt))
        .limit(LISTED),
      db.select({ n: count() }).from(caseTasks).where(myTasksWhere(me.id)),
    ]);
    out.tasks = { mine: rows.map((t) => ({ ...t, href: taskHref(t) })), mineCount: Number(agg.n), href: '/tasks' };
  }
  return out;
}

export async function navCounts(db: DbOrTx, me: Identity): Promise<NavCounts> {
  const [alertsN, tasksN] = await Promise.all([
    can(me, 'alerts:read') ? db.select({ n: count() }).from(alerts).where(unassignedUrgent) : null,
    can(me, 'cases:read') && me.kind === 'user'
      ? db.select({ n: count() }).from(caseTasks).where(myTasksWhere(me.id))
      : null,
  ]);
  return { alerts: alertsN ? Number(alertsN[0].n) : null, tasks: tasksN ? Number(tasksN[0].n) : null };
}
