// "You were assigned …" notifications: written in the transaction that changes the assignee, so the
// assignment and its notification commit together. Publishing to the recipient's inbox topic
// happens after commit (publishInbox), as for mentions.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { inboxNotifications } from '../../db/inbox-schema.ts';
import { users } from '../../db/schema.ts';
import type { DbOrTx } from '../db/drizzle.ts';
import type { Notified } from './mention-writer.ts';

/** Longest title kept in the notification (the task title or alert summary, as text). */
const EXCERPT_MAX = 300;

export type AssignmentSubject =
  | { type: 'task'; caseId: string; taskId: string; title: string; version: number }
  | { type: 'alert'; alertId: string; summary: string; version: number };

export interface AssignmentActor {
  label: string;
  userId: string | null;
}

/** The active user an alert's assignee (an email address) names, if any. */
export async function userIdByEmail(db: DbOrTx, email: string): Promise<string | null> {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), isNull(users.disabledAt)))
    .limit(1);
  return u?.id ?? null;
}

/**
 * One notification for the new assignee; none when nobody is assigned or people assign themselves.
 * The source key carries the subject's version, so assigning the same person again later notifies
 * again while a replayed write does not.
 */
export async function recordAssignment(
  tx: DbOrTx,
  recipientId: string | null,
  subject: AssignmentSubject,
  actor: AssignmentActor,
): Promise<Notified[]> {
  if (!recipientId || recipientId === actor.userId) return [];
  const common = { recipientId, kind: 'assignment' as const, actor: actor.label, actorId: actor.userId };
  const row =
    subject.type === 'task'
      ? {
          ...common,
          caseId: subject.caseId,
          alertId: null,
          entryType: 'task' as const,
          entryId: subject.taskId,
          sourceKey: `assign:task:${subject.taskId}:${subject.version}`,
          excerpt: subject.title.slice(0, EXCERPT_MAX),
        }
      : {
          ...common,
          caseId: null,
          alertId: subject.alertId,
          entryType: 'alert' as const,
          entryId: subject.alertId,
          sourceKey: `assign:alert:${subject.alertId}:${subject.version}`,
          excerpt: subject.summary.slice(0, EXCERPT_MAX),
        };
  return tx
    .insert(inboxNotifications)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: inboxNotifications.id, recipientId: inboxNotifications.recipientId });
}

/**
 * The notice for alerts assigned to `email`: one per assignment, however many alerts it took
 * (a bulk assignment names the first and how many), so the console's "assign all" is one bell entry.
 */
export async function notifyAssignee(
  tx: DbOrTx,
  email: string,
  alerts: ReadonlyArray<{ id: string; summary: string; version: number }>,
  actor: AssignmentActor,
): Promise<Notified[]> {
  const first = alerts[0];
  if (!first) return [];
  const summary = alerts.length === 1 ? first.summary : `${alerts.length} alerts, the first: ${first.summary}`;
  const subject = { type: 'alert' as const, alertId: first.id, summary, version: first.version };
  return recordAssignment(tx, await userIdByEmail(tx, email), subject, actor);
}
