// Reading and marking one user's inbox. Every function takes the recipient's user id and touches
// only that user's rows: the permission is "your own notifications", enforced in the WHERE clause.
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { inboxNotifications } from '../../db/inbox-schema.ts';
import { cases, users } from '../../db/schema.ts';
import type { DbOrTx } from '../db/drizzle.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../db/keyset-cursor.ts';
import { AppError } from '../errors/app-error.ts';

export interface InboxItem {
  id: string;
  /** A mention in a case, or an assignment of a task (in a case) or an alert. */
  kind: 'mention' | 'assignment';
  /** Null for an alert assignment. */
  caseId: string | null;
  caseKind: 'incident' | 'investigation' | null;
  caseSummary: string | null;
  /** Set for an alert assignment. */
  alertId: string | null;
  entryType: (typeof inboxNotifications.$inferSelect)['entryType'];
  entryId: string;
  /** Who wrote the mention or assigned: their name or email when they are a user, else the actor label. */
  actorName: string;
  /** The text around a mention; the task title or alert summary of an assignment. */
  excerpt: string;
  createdAt: string;
  readAt: string | null;
}

export class InboxError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}

function decodeCursor(cursor: string): [string, string] {
  const pair = decodeKeysetCursor(cursor);
  if (!pair) throw new InboxError('cursor is not one this API returned');
  return pair;
}

// Cursors carry millisecond ISO times; compare at that precision (see case-read.ts).
const createdMs = sql`date_trunc('milliseconds', ${inboxNotifications.createdAt})`;

/** Newest first. */
export async function listInbox(
  db: DbOrTx,
  me: string,
  opts: { unreadOnly?: boolean; limit: number; cursor?: string },
): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(inboxNotifications.recipientId, me)];
  if (opts.unreadOnly) where.push(isNull(inboxNotifications.readAt));
  if (opts.cursor) {
    const [at, id] = decodeCursor(opts.cursor);
    where.push(sql`(${createdMs}, ${inboxNotifications.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      id: inboxNotifications.id,
      kind: inboxNotifications.kind,
      caseId: inboxNotifications.caseId,
      alertId: inboxNotifications.alertId,
      caseKind: cases.kind,
      caseSummary: cases.summary,
      entryType: inboxNotifications.entryType,
      entryId: inboxNotifications.entryId,
      actorName: sql<string>`coalesce(nullif(${users.name}, ''), ${users.email}, regexp_replace(${inboxNotifications.actor}, '^[a-z]+:', ''))`,
      excerpt: inboxNotifications.excerpt,
      createdAt: inboxNotifications.createdAt,
      readAt: inboxNotifications.readAt,
    })
    .from(inboxNotifications)
    // Every row names a case or an alert (a check constraint); one whose subject is gone cascades away.
    .leftJoin(cases, eq(cases.id, inboxNotifications.caseId))
    .leftJoin(users, eq(users.id, inboxNotifications.actorId))
    .where(and(...where))
    .orderBy(desc(createdMs), desc(inboxNotifications.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > opts.limit && last ? encodeKeysetCursor(last.createdAt, last.id) : null };
}

export async function unreadCount(db: DbOrTx, me: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxNotifications)
    .where(and(eq(inboxNotifications.recipientId, me), isNull(inboxNotifications.readAt)));
  return r.n;
}

/** Marks the given (or, without ids, all) unread notifications of `me` read; returns the ids it changed. */
export async function markRead(
  tx: DbOrTx,
  me: string,
  ids?: string[],
): Promise<{ ids: string[]; readAt: string | null }> {
  const rows = await tx
    .update(inboxNotifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(inboxNotifications.recipientId, me),
        isNull(inboxNotifications.readAt),
        ids ? inArray(inboxNotifications.id, ids) : undefined,
      ),
    )
    .returning({ id: inboxNotifications.id, readAt: inboxNotifications.readAt });
  return { ids: rows.map((r) => r.id), readAt: rows[0]?.readAt ?? null };
}
