// Drizzle schema: the typed view of what db/migrations creates. Migrations are the source of
// truth (forward-only SQL, applied at start); db/schema.test.ts fails if the two drift apart.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
// Timestamps travel as ISO strings, like the events API returns them.
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** Partitioned by day on utctimestamp (see 0001_events.sql); written with COPY, read with compiled SQL. */
export const events = pgTable('events', {
  id: uuid('id').notNull(),
  utctimestamp: tstz('utctimestamp').notNull(),
  receivedtimestamp: tstz('receivedtimestamp').notNull(),
  category: text('category').notNull(),
  source: text('source').notNull(),
  hostname: text('hostname').notNull(),
  processname: text('processname').notNull(),
  processid: text('processid').notNull(),
  severity: text('severity').notNull(),
  summary: text('summary').notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

export const eventsDeadLetter = pgTable('events_dead_letter', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: tstz('at').notNull().defaultNow(),
  error: text('error').notNull(),
  raw: text('raw').notNull(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
  passwordHash: text('password_hash'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: tstz('locked_until'),
  disabledAt: tstz('disabled_at'),
  lastLoginAt: tstz('last_login_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
  sessionEpoch: integer('session_epoch').notNull().default(0),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
  ingestOnly: boolean('ingest_only').notNull().default(false),
  tokenHash: bytea('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdBy: text('created_by'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  lastUsedAt: tstz('last_used_at'),
  revokedAt: tstz('revoked_at'),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
});

/** Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: tstz('at').notNull().defaultNow(),
  actor: text('actor').notNull(),
  actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  diff: jsonb('diff'),
  ip: text('ip'),
});

/** Events explorer searches (0008_saved_searches.sql); editable, so versioned. */
export const savedSearches = pgTable('saved_searches', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  query: text('query').notNull().default(''),
  timeFrom: text('time_from').notNull().default('now-24h'),
  timeTo: text('time_to').notNull().default('now'),
  columns: text('columns').array().notNull().default(sql`'{}'`),
  owner: text('owner').notNull(),
  ownerName: text('owner_name').notNull(),
  shared: boolean('shared').notNull().default(false),
  pinned: boolean('pinned').notNull().default(false),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export const schema = { events, eventsDeadLetter, users, apiTokens, auditLog, savedSearches };
