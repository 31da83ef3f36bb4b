// Drizzle view of 0012_inbox.sql and 0022_assignment_notifications.sql (kept beside schema.ts so the inbox feature stays in its own files).
// Foreign keys live in the migration; queries here do not need Drizzle to know them.
import { sql } from 'drizzle-orm';
import { customType, pgTable, text, uuid } from 'drizzle-orm/pg-core';

// Same conversion as schema.ts: timestamptz leaves the API as ISO 8601.
const isoTs = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (v) =>
    new Date(
      String(v)
        .replace(' ', 'T')
        .replace(/([+-]\d\d)$/, '$1:00'),
    ).toISOString(),
});

export const INBOX_ENTRY_TYPES = [
  'timeline',
  'comment',
  'description',
  'lessonsLearned',
  'mitigations',
  'task',
  'alert',
] as const;
export type InboxEntryType = (typeof INBOX_ENTRY_TYPES)[number];

export const inboxNotifications = pgTable('inbox_notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  recipientId: uuid('recipient_id').notNull(),
  kind: text('kind', { enum: ['mention', 'assignment'] }).notNull(),
  /** Null only for an alert assignment (alertId then names the alert). */
  caseId: uuid('case_id'),
  alertId: uuid('alert_id'),
  entryType: text('entry_type', { enum: INBOX_ENTRY_TYPES }).notNull(),
  entryId: uuid('entry_id').notNull(),
  sourceKey: text('source_key').notNull(),
  actor: text('actor').notNull(),
  actorId: uuid('actor_id'),
  excerpt: text('excerpt').notNull(),
  createdAt: isoTs('created_at').notNull().default(sql`now()`),
  readAt: isoTs('read_at'),
});
