// Turning @mentions into inbox notifications, inside the transaction that writes the note: the
// note and its notifications commit together or not at all. Publishing to the recipients' topics
// happens after commit (publishInbox), like every other bus message.
import { and, inArray, isNull, or, sql } from 'drizzle-orm';
import { type InboxEntryType, inboxNotifications } from '../../db/inbox-schema.ts';
import { users } from '../../db/schema.ts';
import { can, isRole } from '../auth/permissions.ts';
import type { DbOrTx } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import { addedMentions, excerptAround, handlesFor } from './mention-parse.ts';

/** The per-user bus topics: inbox notifications and tasks assigned to the user. Messages carry ids only. */
export const inboxTopic = (userId: string) => `inbox:${userId}`;
export const tasksTopic = (userId: string) => `tasks:${userId}`;

/** Users who can be mentioned: active, and allowed to read cases (else the link would be a 403). */
export async function mentionableUsers(
  db: DbOrTx,
): Promise<Array<{ id: string; email: string; name: string; handle: string }>> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(users.email);
  // Handles are computed over all active users, so a handle means the same person for everyone.
  return handlesFor(rows)
    .filter(
      (u) =>
        isRole(u.role) && can({ kind: 'user', id: u.id, name: u.email, role: u.role, ingestOnly: false }, 'cases:read'),
    )
    .map(({ id, email, name, handle }) => ({ id, email, name, handle }));
}

/** Handle → user id for the handles that name exactly one mentionable user; others are dropped. */
export async function resolveHandles(db: DbOrTx, handles: string[]): Promise<Map<string, string>> {
  if (!handles.length) return new Map();
  const locals = handles.filter((h) => !h.includes('@'));
  const emails = handles.filter((h) => h.includes('@'));
  // Only candidates are read; their handles need everyone sharing the local part, hence the split_part match.
  const wanted = [...locals, ...emails.map((e) => e.split('@')[0])];
  const local = sql`split_part(${users.email}, '@', 1)`;
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        isNull(users.disabledAt),
        or(inArray(local, wanted), emails.length ? inArray(users.email, emails) : undefined),
      ),
    );
  const byHandle = new Map<string, string>();
  for (const u of handlesFor(rows)) {
    if (
      !isRole(u.role) ||
      !can({ kind: 'user', id: u.id, name: u.email, role: u.role, ingestOnly: false }, 'cases:read')
    )
      continue;
    byHandle.set(u.handle, u.id);
    // The full address always works too, even when the local part alone is unambiguous.
    byHandle.set(u.email.toLowerCase(), u.id);
  }
  return new Map(handles.flatMap((h) => (byHandle.has(h) ? [[h, byHandle.get(h)!] as const] : [])));
}

export interface MentionSource {
  caseId: string;
  entryType: InboxEntryType;
  /** Timeline entry or comment id; the case id for case fields. */
  entryId: string;
  /** Dedup key per recipient (see 0012_inbox.sql). */
  sourceKey: string;
  text: string;
  /** For edits: the text before; only mentions it did not have notify. */
  previousText?: string | null;
  actor: { label: string; userId: string | null };
}

export interface Notified {
  id: string;
  recipientId: string;
}

/** Writes one notification per newly mentioned user (never the author, never twice for one source). */
export async function recordMentions(tx: DbOrTx, src: MentionSource): Promise<Notified[]> {
  const handles = addedMentions(src.text, src.previousText);
  const resolved = await resolveHandles(tx, handles);
  const rows = [...resolved]
    .filter(([, userId]) => userId !== src.actor.userId)
    // Two handles of one person (local part and full address) still make one notification.
    .filter(([, userId], i, all) => all.findIndex(([, u]) => u === userId) === i)
    .map(([handle, recipientId]) => ({
      recipientId,
      kind: 'mention' as const,
      caseId: src.caseId,
      entryType: src.entryType,
      entryId: src.entryId,
      sourceKey: src.sourceKey,
      actor: src.actor.label,
      actorId: src.actor.userId,
      excerpt: excerptAround(src.text, handle),
    }));
  if (!rows.length) return [];
  return tx
    .insert(inboxNotifications)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: inboxNotifications.id, recipientId: inboxNotifications.recipientId });
}

/** After commit only: tells each recipient's open tabs to refetch their inbox. */
export function publishInbox(deps: { bus: Bus; log: Logger }, notified: Notified[]): void {
  for (const n of notified) {
    deps.bus
      .publish({ topic: inboxTopic(n.recipientId), id: n.id, version: 1 })
      .catch((err: unknown) => deps.log.error({ err, id: n.id }, 'publishing an inbox change failed'));
  }
}

/** After commit only: a task assigned to these users was created or changed. */
export function publishTasks(
  deps: { bus: Bus; log: Logger },
  userIds: Array<string | null | undefined>,
  taskId: string,
  version: number,
): void {
  for (const u of new Set(userIds)) {
    if (!u) continue;
    deps.bus
      .publish({ topic: tasksTopic(u), id: taskId, version })
      .catch((err: unknown) => deps.log.error({ err, taskId }, 'publishing a task change failed'));
  }
}
