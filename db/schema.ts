// Drizzle schema: the typed view of what db/migrations creates. Migrations are the source of
// truth (forward-only SQL, applied at start); db/schema.test.ts fails if the two drift apart.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { inboxNotifications } from './inbox-schema.ts';
import { CASE_RESOLUTIONS, PAP_MARKS, TLP_MARKS } from '../server/cases/case-marks.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
// Timestamps travel as ISO strings, like the events API returns them.
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
// Drizzle's pg driver hands timestamptz over as Postgres text ("2026-01-02 03:04:05+00"); case
// records leave the API as ISO 8601 like events do, so these columns convert on the way out.
const isoTs = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (v) =>
    new Date(
      String(v)
        .replace(' ', 'T')
        .replace(/([+-]\d\d)$/, '$1:00'),
    ).toISOString(),
});
const itstz = (name: string) => isoTs(name);

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

/** Signed-out sessions (0015_ended_sessions.sql): their cookies stop working before they expire. */
export const endedSessions = pgTable('ended_sessions', {
  sid: text('sid').primaryKey(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: tstz('expires_at').notNull(),
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
  /** The account the token acts for (its creator's, or its creating token's account). */
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  /** The token that created it, when a token did (self-reference declared in the migration). */
  createdByTokenId: uuid('created_by_token_id'),
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

export const RULE_TYPES = [
  'match',
  'threshold',
  'cardinality',
  'sequence',
  'deadman',
  'watchlist',
  'sigma',
  'code',
] as const;
export const ALERT_STATUSES = ['new', 'acknowledged', 'escalated', 'closed', 'falsepositive'] as const;

/** Alert rules (0006_alerts.sql); `definition` is the rule JSON of docs/rules.md, the other columns mirror it. */
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
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => rules.id),
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
  /** What a code rule's evaluate() returned as `details`. */
  details: jsonb('details').$type<Record<string, unknown>>(),
  /** Crossings this alert stands for (grouping, 0017_alert_grouping.sql). */
  occurrences: integer('occurrences').notNull().default(1),
  /** Event time of the newest event behind the alert. */
  lastSeen: tstz('last_seen'),
  /** Takes the next crossing of its rule and group key (at most one per pair: a unique partial index). */
  absorbing: boolean('absorbing').notNull().default(false),
  /** Who last acknowledged it, and when (0020_alert_triage.sql). */
  acknowledgedBy: text('acknowledged_by'),
  acknowledgedAt: tstz('acknowledged_at'),
  /** Who set the current assignee, and when. */
  assignedBy: text('assigned_by'),
  assignedAt: tstz('assigned_at'),
  /** The case it was escalated to (0021_case_lifecycle.sql). */
  incidentId: uuid('incident_id'),
});

/** Which events fed which alert; unique per (rule, event): MozDef's dedup, enforced by the database. */
export const alertEvents = pgTable(
  'alert_events',
  {
    // No foreign keys since 0025_alert_links_without_foreign_keys.sql (their per-row checks cost
    // as much as the insert); the alert writer inserts the alert and its links together.
    alertId: uuid('alert_id').notNull(),
    ruleId: uuid('rule_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventTime: tstz('event_time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.eventId] })],
);

export const ruleExceptions = pgTable('rule_exceptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  ruleId: uuid('rule_id')
    .notNull()
    .references(() => rules.id),
  query: text('query').notNull(),
  comment: text('comment').notNull().default(''),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  /** Stops applying at this time; null: never (chosen explicitly). */
  expiresAt: tstz('expires_at'),
});

export const ruleSuppressions = pgTable(
  'rule_suppressions',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => rules.id),
    groupKey: text('group_key').notNull(),
    until: tstz('until').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.groupKey] })],
);

/** Per rule: stored events up to this receivedtimestamp were evaluated and their alerts written (crash replay). */
export const ruleCursors = pgTable('rule_cursors', {
  ruleId: uuid('rule_id')
    .primaryKey()
    .references(() => rules.id),
  evaluatedThrough: tstz('evaluated_through').notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** One row (id = 1), versioned; NULL settings fall back to the environment's default. */
export const settings = pgTable('settings', {
  id: integer('id').primaryKey().default(1),
  oauthNewUserRole: text('oauth_new_user_role', { enum: ['viewer', 'analyst', 'none'] }),
  version: integer('version').notNull().default(1),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

// Incidents and investigations (0005_cases.sql): one table, `kind` tells them apart.
export const cases = pgTable('cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['incident', 'investigation'] }).notNull(),
  summary: text('summary').notNull(),
  description: text('description').notNull().default(''),
  severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] })
    .notNull()
    .default('medium'),
  phase: text('phase').notNull(),
  ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
  contacts: text('contacts').array().notNull().default(sql`'{}'`),
  openedAt: itstz('opened_at').notNull().default(sql`now()`),
  reportedAt: itstz('reported_at'),
  verifiedAt: itstz('verified_at'),
  mitigatedAt: itstz('mitigated_at'),
  containedAt: itstz('contained_at'),
  closedAt: itstz('closed_at'),
  veris: text('veris').array().notNull().default(sql`'{}'`),
  attack: text('attack').array().notNull().default(sql`'{}'`),
  references: text('references').array().notNull().default(sql`'{}'`),
  lessonsLearned: text('lessons_learned').notNull().default(''),
  mitigations: text('mitigations').notNull().default(''),
  promotedFromId: uuid('promoted_from_id'),
  promotedToId: uuid('promoted_to_id'),
  createdBy: text('created_by').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  updatedAt: itstz('updated_at').notNull().default(sql`now()`),
  version: integer('version').notNull().default(1),
  fieldVersions: jsonb('field_versions').$type<Record<string, number>>().notNull().default({}),
  /** Set when closed (0021_case_lifecycle.sql). */
  resolution: text('resolution', { enum: CASE_RESOLUTIONS }),
  resolutionSummary: text('resolution_summary').notNull().default(''),
  tlp: text('tlp', { enum: TLP_MARKS }).notNull().default('amber'),
  pap: text('pap', { enum: PAP_MARKS }).notNull().default('amber'),
  templateId: uuid('template_id'),
});

export const casePhaseChanges = pgTable('case_phase_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  fromPhase: text('from_phase'),
  phase: text('phase').notNull(),
  at: itstz('at').notNull().default(sql`now()`),
  actor: text('actor').notNull(),
});

export const caseTimeline = pgTable('case_timeline', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseVersion: integer('case_version').notNull().default(1),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  occurredAt: itstz('occurred_at').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  author: text('author').notNull(),
  kind: text('kind', { enum: ['note', 'action', 'finding', 'communication'] }).notNull(),
  text: text('text').notNull(),
  eventId: uuid('event_id'),
  evidenceId: uuid('evidence_id'),
});

export const caseEvidence = pgTable('case_evidence', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseVersion: integer('case_version').notNull().default(1),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['event', 'text', 'file'] }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  eventId: uuid('event_id'),
  eventSnapshot: jsonb('event_snapshot').$type<Record<string, unknown>>(),
  textContent: text('text_content'),
  fileName: text('file_name'),
  contentType: text('content_type'),
  content: bytea('content'),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  addedBy: text('added_by').notNull(),
  addedAt: itstz('added_at').notNull().default(sql`now()`),
  tlp: text('tlp', { enum: TLP_MARKS }),
  pap: text('pap', { enum: PAP_MARKS }),
});

/** Admin-defined starting points for new cases (0021_case_lifecycle.sql). */
export const caseTemplates = pgTable('case_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['incident', 'investigation'] })
    .notNull()
    .default('incident'),
  severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] })
    .notNull()
    .default('medium'),
  tlp: text('tlp', { enum: TLP_MARKS }).notNull().default('amber'),
  pap: text('pap', { enum: PAP_MARKS }).notNull().default('amber'),
  description: text('description').notNull().default(''),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  tasks: text('tasks').array().notNull().default(sql`'{}'`),
  createdBy: text('created_by').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  updatedAt: itstz('updated_at').notNull().default(sql`now()`),
  version: integer('version').notNull().default(1),
});

export const caseHypotheses = pgTable('case_hypotheses', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseVersion: integer('case_version').notNull().default(1),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  statement: text('statement').notNull(),
  status: text('status', { enum: ['open', 'supported', 'refuted', 'inconclusive'] })
    .notNull()
    .default('open'),
  confidence: integer('confidence').notNull().default(50),
  supportingEvidence: uuid('supporting_evidence').array().notNull().default(sql`'{}'`),
  refutingEvidence: uuid('refuting_evidence').array().notNull().default(sql`'{}'`),
  createdBy: text('created_by').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  updatedAt: itstz('updated_at').notNull().default(sql`now()`),
  version: integer('version').notNull().default(1),
  fieldVersions: jsonb('field_versions').$type<Record<string, number>>().notNull().default({}),
});

export const caseHypothesisComments = pgTable('case_hypothesis_comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseVersion: integer('case_version').notNull().default(1),
  hypothesisId: uuid('hypothesis_id')
    .notNull()
    .references(() => caseHypotheses.id, { onDelete: 'cascade' }),
  author: text('author').notNull(),
  text: text('text').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
});

export const caseIndicators = pgTable('case_indicators', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseVersion: integer('case_version').notNull().default(1),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  type: text('type', { enum: ['ip', 'domain', 'url', 'hash', 'user'] }).notNull(),
  value: text('value').notNull(),
  note: text('note').notNull().default(''),
  addedBy: text('added_by').notNull(),
  addedAt: itstz('added_at').notNull().default(sql`now()`),
});

export const caseTasks = pgTable('case_tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseVersion: integer('case_version').notNull().default(1),
  caseId: uuid('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
  dueAt: itstz('due_at'),
  status: text('status', { enum: ['open', 'in_progress', 'done', 'cancelled'] })
    .notNull()
    .default('open'),
  createdBy: text('created_by').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  updatedAt: itstz('updated_at').notNull().default(sql`now()`),
  version: integer('version').notNull().default(1),
  fieldVersions: jsonb('field_versions').$type<Record<string, number>>().notNull().default({}),
});

export const WATCH_LISTS = ['watchlist', 'blockip', 'blockfqdn'] as const;
export const WATCH_TYPES = ['ip', 'cidr', 'domain', 'username', 'hash'] as const;

/** Watchlist and block-list items (0009_watchlist.sql). */
export const watchItems = pgTable('watch_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  list: text('list', { enum: WATCH_LISTS }).notNull(),
  type: text('type', { enum: WATCH_TYPES }).notNull(),
  value: text('value').notNull(),
  hashType: text('hash_type', { enum: ['md5', 'sha1', 'sha256'] }),
  comment: text('comment').notNull().default(''),
  duration: text('duration'),
  createdBy: text('created_by').notNull(),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  expiresAt: itstz('expires_at'),
  version: integer('version').notNull().default(1),
  deletedAt: itstz('deleted_at'),
});

export const NOTIFY_KINDS = ['webhook', 'slack', 'email'] as const;

export const notificationChannels = pgTable('notification_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: NOTIFY_KINDS }).notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  secret: text('secret').notNull().default(''),
  enabled: boolean('enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
  updatedAt: itstz('updated_at').notNull().default(sql`now()`),
  deletedAt: itstz('deleted_at'),
});

export const notificationOutbox = pgTable('notification_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  alertId: uuid('alert_id')
    .notNull()
    .references(() => alerts.id),
  channelId: uuid('channel_id')
    .notNull()
    .references(() => notificationChannels.id),
  status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] })
    .notNull()
    .default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: itstz('next_attempt_at').notNull().default(sql`now()`),
  lastError: text('last_error'),
  sentAt: itstz('sent_at'),
  createdAt: itstz('created_at').notNull().default(sql`now()`),
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

// Each process's enrichment plugins, as it reports them (0018_enrichment_plugins.sql).
export const pluginStatus = pgTable('plugin_status', {
  processId: text('process_id').primaryKey(),
  label: text('label').notNull(),
  reportedAt: tstz('reported_at').notNull().defaultNow(),
  status: jsonb('status').notNull(),
});

// Admin drop filters, MozDef's dropMessage (0018_enrichment_plugins.sql).
export const dropFilters = pgTable('drop_filters', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  query: text('query').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

export const schema = {
  events,
  eventsDeadLetter,
  users,
  endedSessions,
  apiTokens,
  auditLog,
  cases,
  casePhaseChanges,
  caseTimeline,
  caseEvidence,
  caseHypotheses,
  caseHypothesisComments,
  caseIndicators,
  caseTasks,
  caseTemplates,
  settings,
  rules,
  ruleVersions,
  alerts,
  alertEvents,
  ruleExceptions,
  ruleSuppressions,
  watchItems,
  notificationChannels,
  notificationOutbox,
  savedSearches,
  inboxNotifications,
  ruleCursors,
  pluginStatus,
  dropFilters,
};
