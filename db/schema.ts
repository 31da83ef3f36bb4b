// Drizzle schema: the typed view of what db/migrations creates. Migrations are the source of
// truth (forward-only SQL, applied at start); db/schema.test.ts fails if the two drift apart.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

export const RULE_TYPES = ['match', 'threshold', 'cardinality', 'sequence', 'deadman', 'watchlist', 'sigma'] as const;
export const ALERT_STATUSES = ['new', 'acknowledged', 'escalated', 'closed', 'falsepositive'] as const;

/** Alert rules (0006_alerts.sql); `definition` is the rule JSON of DESIGN.md, the other columns mirror it. */
export const rules = pgTable('rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  catalogueKey: text('catalogue_key').unique(),
  name: text('name').notNull(),
  type: text('type', { enum: RULE_TYPES }).notNull(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  owner: text('owner').notNull(),
  severity: text('severity').notNull(),
  category: text('category').notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  summary: text('summary').notNull(),
  version: integer('version').notNull().default(1),
  deletedAt: tstz('deleted_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const ruleVersions = pgTable(
  'rule_versions',
  {
    ruleId: uuid('rule_id').notNull().references(() => rules.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    enabled: boolean('enabled').notNull(),
    changedBy: text('changed_by').notNull(),
    changedAt: tstz('changed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.version] })],
);

export const alerts = pgTable('alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  utctimestamp: tstz('utctimestamp').notNull().defaultNow(),
  severity: text('severity').notNull(),
  summary: text('summary').notNull(),
  category: text('category').notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  ruleId: uuid('rule_id').references(() => rules.id),
  ruleVersion: integer('rule_version'),
  groupKey: text('group_key').notNull().default(''),
  status: text('status', { enum: ALERT_STATUSES }).notNull().default('new'),
  assignee: text('assignee'),
  eventCount: integer('event_count').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** Which events fed which alert; unique per (rule, event): MozDef's dedup, enforced by the database. */
export const alertEvents = pgTable(
  'alert_events',
  {
    alertId: uuid('alert_id').notNull().references(() => alerts.id),
    ruleId: uuid('rule_id').notNull().references(() => rules.id),
    eventId: uuid('event_id').notNull(),
    eventTime: tstz('event_time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.eventId] })],
);

export const ruleExceptions = pgTable('rule_exceptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  ruleId: uuid('rule_id').notNull().references(() => rules.id),
  query: text('query').notNull(),
  comment: text('comment').notNull().default(''),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const ruleSuppressions = pgTable(
  'rule_suppressions',
  {
    ruleId: uuid('rule_id').notNull().references(() => rules.id),
    groupKey: text('group_key').notNull(),
    until: tstz('until').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.groupKey] })],
);

export const schema = { events, eventsDeadLetter, users, apiTokens, auditLog, rules, ruleVersions, alerts, alertEvents, ruleExceptions, ruleSuppressions };
