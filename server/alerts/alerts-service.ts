// Alerts as records responders work: list/filter, status changes (acknowledge, escalate, close,
// false positive), assignment. Every change is versioned, audited in its transaction and announced
// on the bus after commit.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { alertEvents, alerts, type ALERT_STATUSES, rules } from '../../db/schema.ts';
import { actorName, recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/drizzle.ts';
import type { PicketEvent } from '../ingest/event.ts';
import type { Bus } from '../realtime/bus.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Actor } from './rules-service.ts';
import { ABSORBING_STATUSES } from './alert-grouping.ts';
import { AppError } from '../errors/app-error.ts';
import { asEvent, matcherOf, orderOf, SCAN_LIMIT, whereOf, type AlertFilter, type AlertSort } from './alert-filter.ts';
import { notifyAssignee } from '../inbox/assignment-writer.ts';
import { inboxTopic, type Notified } from '../inbox/mention-writer.ts';

export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertRecord {
  id: string;
  utctimestamp: string;
  severity: string;
  summary: string;
  category: string;
  tags: string[];
  ruleId: string | null;
  ruleName: string | null;
  ruleVersion: number | null;
  groupKey: string;
  status: AlertStatus;
  assignee: string | null;
  version: number;
  eventIds: string[];
  eventCount: number;
  /** Code rules: what evaluate() returned as details (null otherwise). */
  details: Record<string, unknown> | null;
  /** Crossings this alert stands for: 1, more when its rule groups repeated crossings. */
  occurrences: number;
  /** Event time of the newest event behind the alert (utctimestamp when it has none). */
  lastSeen: string;
  /** Who last acknowledged it and when (null: never acknowledged). */
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** Who set the current assignee and when. */
  assignedBy: string | null;
  assignedAt: string | null;
  /** The incident or investigation it was escalated to. */
  incidentId: string | null;
  /** Which kind of case incidentId is (its room's path differs). */
  incidentKind: 'incident' | 'investigation' | null;
}

/** What a bulk action over a filter does to every alert it picks. */
export type BulkChange = { status: AlertStatus } | { assignee: string | null };

export class AlertError extends AppError<'not_found' | 'version_conflict'> {
  constructor(
    code: 'not_found' | 'version_conflict',
    message: string,
    readonly current?: AlertRecord,
  ) {
    super(code, message, current === undefined ? {} : { details: { current } });
  }
}

/** Event ids listed per alert; eventCount has the full number. */
const MAX_EVENT_IDS = 1000;

const columns = {
  id: alerts.id,
  utctimestamp: alerts.utctimestamp,
  severity: alerts.severity,
  summary: alerts.summary,
  category: alerts.category,
  tags: alerts.tags,
  ruleId: alerts.ruleId,
  ruleName: rules.name,
  ruleVersion: alerts.ruleVersion,
  groupKey: alerts.groupKey,
  status: alerts.status,
  assignee: alerts.assignee,
  version: alerts.version,
  eventCount: alerts.eventCount,
  details: alerts.details,
  occurrences: alerts.occurrences,
  lastSeen: sql<string>`coalesce(${alerts.lastSeen}, ${alerts.utctimestamp})`,
  acknowledgedBy: alerts.acknowledgedBy,
  acknowledgedAt: alerts.acknowledgedAt,
  assignedBy: alerts.assignedBy,
  assignedAt: alerts.assignedAt,
  incidentId: alerts.incidentId,
  incidentKind: sql<
    'incident' | 'investigation' | null
  >`(SELECT c.kind FROM cases c WHERE c.id = ${alerts.incidentId})`,
};

type Row = Omit<AlertRecord, 'eventIds'>;

/** Leaving new/acknowledged ends an alert's absorbing for good (see alert-grouping.ts). */
function absorbingAfter(status: AlertStatus | undefined): { absorbing: false } | Record<string, never> {
  return status !== undefined && !ABSORBING_STATUSES.includes(status) ? { absorbing: false } : {};
}

export class AlertsService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly store: EventStore,
  ) {}

  async list(p: AlertFilter & { size: number; sort?: AlertSort }): Promise<AlertRecord[]> {
    const matcher = matcherOf(p);
    const rows = await this.db
      .select(columns)
      .from(alerts)
      .leftJoin(rules, eq(rules.id, alerts.ruleId))
      .where(whereOf(p))
      .orderBy(...orderOf(p.sort))
      .limit(matcher ? SCAN_LIMIT : p.size);
    const picked = (matcher ? rows.filter((r) => matcher(asEvent(r))) : rows).slice(0, p.size);
    return this.withEventIds(picked);
  }

  /** How many alerts the filter matches (a Lucene filter counts within the newest SCAN_LIMIT). */
  async count(f: AlertFilter): Promise<{ count: number; capped: boolean }> {
    if (matcherOf(f)) {
      const ids = await this.matchingIds(f);
      return { count: ids.length, capped: ids.length >= SCAN_LIMIT };
    }
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(alerts)
      .leftJoin(rules, eq(rules.id, alerts.ruleId))
      .where(whereOf(f));
    return { count: Math.min(r.n, SCAN_LIMIT), capped: r.n > SCAN_LIMIT };
  }

  /** Ids the filter matches, newest (or most severe) first, at most SCAN_LIMIT: what a bulk action over "all matching" changes. */
  async matchingIds(f: AlertFilter, sort: AlertSort = 'time'): Promise<string[]> {
    const matcher = matcherOf(f);
    const rows = await this.db
      .select(matcher ? columns : { id: alerts.id })
      .from(alerts)
      .leftJoin(rules, eq(rules.id, alerts.ruleId))
      .where(whereOf(f))
      .orderBy(...orderOf(sort))
      .limit(SCAN_LIMIT);
    return (matcher ? (rows as Row[]).filter((r) => matcher(asEvent(r))) : rows).map((r) => r.id);
  }

  /**
   * One change for every alert the filter matches, server-side: one transaction, one audit entry
   * (`alert.bulk`, with the filter and the count), then one bus message per changed alert.
   * Alerts already in that state are left alone (and not counted).
   */
  async bulkChange(
    f: AlertFilter,
    change: BulkChange,
    audit: { filter: Record<string, unknown> },
    actor: Actor,
    ip?: string,
  ): Promise<{ matched: number; changed: number; ids: string[] }> {
    const ids = await this.matchingIds(f);
    if (ids.length === 0) return { matched: 0, changed: 0, ids: [] };
    const by = actor === 'system' ? 'system' : actor.name;
    let notified: Notified[] = [];
    const changed = await this.db.transaction(async (tx) => {
      const set =
        'status' in change
          ? {
              status: change.status,
              ...absorbingAfter(change.status),
              ...(change.status === 'acknowledged' ? { acknowledgedBy: by, acknowledgedAt: sql`now()` } : {}),
            }
          : {
              assignee: change.assignee,
              assignedBy: change.assignee === null ? null : by,
              assignedAt: change.assignee === null ? null : sql`now()`,
            };
      const differs =
        'status' in change
          ? ne(alerts.status, change.status)
          : sql`${alerts.assignee} IS DISTINCT FROM ${change.assignee}`;
      const rows = await tx
        .update(alerts)
        .set({ ...set, version: sql`${alerts.version} + 1`, updatedAt: sql`now()` })
        .where(and(inArray(alerts.id, ids), differs))
        .returning({ id: alerts.id, version: alerts.version, summary: alerts.summary });
      await recordAudit(tx, {
        actor,
        action: 'alert.bulk',
        targetType: 'alert',
        diff: { change, filter: audit.filter, matched: ids.length, changed: rows.length, by: actorName(actor) },
        ip,
      });
      // One notice per bulk assignment, not one per alert: assigning 300 alerts must not bury the inbox.
      if ('assignee' in change && change.assignee)
        notified = await notifyAssignee(tx, change.assignee, rows, assignmentActor(actor));
      return rows;
    });
    for (const r of changed) await this.bus.publish({ topic: 'alerts', id: r.id, version: r.version });
    for (const n of notified) await this.bus.publish({ topic: inboxTopic(n.recipientId), id: n.id, version: 1 });
    return { matched: ids.length, changed: changed.length, ids };
  }

  async get(id: string): Promise<AlertRecord | null> {
    const [row] = await this.db
      .select(columns)
      .from(alerts)
      .leftJoin(rules, eq(rules.id, alerts.ruleId))
      .where(eq(alerts.id, id));
    return row ? (await this.withEventIds([row]))[0] : null;
  }

  /** The alert's events from the store (first `max`), for the console's inline view. */
  async events(id: string, max = 100): Promise<PicketEvent[]> {
    const rows = await this.db
      .select({ id: alertEvents.eventId })
      .from(alertEvents)
      .where(eq(alertEvents.alertId, id))
      .orderBy(alertEvents.eventTime)
      .limit(max);
    const found = await Promise.all(rows.map((r) => this.store.get(r.id)));
    return found.filter((e): e is PicketEvent => e !== null);
  }

  async setStatus(
    id: string,
    status: AlertStatus,
    version: number | undefined,
    actor: Actor,
    ip?: string,
  ): Promise<AlertRecord> {
    return this.change(id, version, { status }, actor, ip);
  }

  async assign(
    id: string,
    assignee: string | null,
    version: number | undefined,
    actor: Actor,
    ip?: string,
  ): Promise<AlertRecord> {
    return this.change(id, version, { assignee }, actor, ip);
  }

  /**
   * MozDef's triage bot answer (/alertstatus): the status plus who was asked and what they said,
   * kept under details.triage and details.identityConfidence.
   */
  async recordTriage(
    id: string,
    status: AlertStatus,
    triage: { triage: unknown; identityConfidence: string },
    actor: Actor,
    ip?: string,
  ): Promise<AlertRecord> {
    const version = await this.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ status: alerts.status, details: alerts.details, version: alerts.version })
        .from(alerts)
        .where(eq(alerts.id, id))
        .for('update');
      if (!before) throw new AlertError('not_found', `no alert ${id}`);
      const details = {
        ...(before.details ?? {}),
        triage: triage.triage,
        identityConfidence: triage.identityConfidence,
      };
      const [row] = await tx
        .update(alerts)
        .set({ status, details, ...absorbingAfter(status), version: sql`${alerts.version} + 1`, updatedAt: sql`now()` })
        .where(eq(alerts.id, id))
        .returning({ version: alerts.version });
      const diff: Record<string, [unknown, unknown]> = {
        triage: [before.details?.triage ?? null, triage.triage],
        identityConfidence: [before.details?.identityConfidence ?? null, triage.identityConfidence],
      };
      if (status !== before.status) diff.status = [before.status, status];
      await recordAudit(tx, { actor, action: 'alert.triage', targetType: 'alert', targetId: id, diff, ip });
      return row.version;
    });
    await this.bus.publish({ topic: 'alerts', id, version });
    return (await this.get(id))!;
  }

  private async change(
    id: string,
    version: number | undefined,
    patch: { status?: AlertStatus; assignee?: string | null },
    actor: Actor,
    ip?: string,
  ): Promise<AlertRecord> {
    let notified: Notified[] = [];
    const changed = await this.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ status: alerts.status, assignee: alerts.assignee, version: alerts.version, summary: alerts.summary })
        .from(alerts)
        .where(eq(alerts.id, id))
        .for('update');
      if (!before) throw new AlertError('not_found', `no alert ${id}`);
      if (version !== undefined && before.version !== version) {
        throw new AlertError(
          'version_conflict',
          `alert was changed by someone else (now version ${before.version})`,
          (await this.get(id)) ?? undefined,
        );
      }
      const diff: Record<string, [unknown, unknown]> = {};
      if (patch.status !== undefined && patch.status !== before.status) diff.status = [before.status, patch.status];
      if (patch.assignee !== undefined && patch.assignee !== before.assignee)
        diff.assignee = [before.assignee, patch.assignee];
      if (Object.keys(diff).length === 0) return null;
      const by = actor === 'system' ? 'system' : actor.name;
      const who = {
        ...(diff.status && patch.status === 'acknowledged' ? { acknowledgedBy: by, acknowledgedAt: sql`now()` } : {}),
        ...(diff.assignee
          ? { assignedBy: patch.assignee === null ? null : by, assignedAt: patch.assignee === null ? null : sql`now()` }
          : {}),
      };
      await tx
        .update(alerts)
        .set({
          ...patch,
          ...who,
          ...absorbingAfter(patch.status),
          version: sql`${alerts.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(eq(alerts.id, id));
      await recordAudit(tx, {
        actor,
        action: diff.status ? 'alert.status' : 'alert.assign',
        targetType: 'alert',
        targetId: id,
        diff,
        ip,
      });
      if (diff.assignee && patch.assignee)
        notified = await notifyAssignee(
          tx,
          patch.assignee,
          [{ id, summary: before.summary, version: before.version + 1 }],
          assignmentActor(actor),
        );
      return diff;
    });
    const after = (await this.get(id))!;
    if (changed) await this.bus.publish({ topic: 'alerts', id, version: after.version });
    for (const n of notified) await this.bus.publish({ topic: inboxTopic(n.recipientId), id: n.id, version: 1 });
    return after;
  }

  private async withEventIds(rows: Row[]): Promise<AlertRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const evs = await this.db
      .select({
        alertId: alertEvents.alertId,
        ids: sql<
          string[]
        >`(array_agg(${alertEvents.eventId} ORDER BY ${alertEvents.eventTime}))[1:${sql.raw(String(MAX_EVENT_IDS))}]`,
      })
      .from(alertEvents)
      .where(inArray(alertEvents.alertId, ids))
      .groupBy(alertEvents.alertId);
    const byAlert = new Map(evs.map((e) => [e.alertId, e.ids]));
    const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());
    return rows.map((r) => ({
      ...r,
      utctimestamp: new Date(r.utctimestamp).toISOString(),
      lastSeen: new Date(r.lastSeen).toISOString(),
      acknowledgedAt: iso(r.acknowledgedAt),
      assignedAt: iso(r.assignedAt),
      eventIds: byAlert.get(r.id) ?? [],
    }));
  }
}

/** Who assigned, for the assignee's inbox: the label audit uses, and the user id to skip self-assignment. */
function assignmentActor(actor: Actor): { label: string; userId: string | null } {
  if (actor === 'system') return { label: 'system', userId: null };
  return { label: `${actor.kind}:${actor.name}`, userId: actor.kind === 'user' ? actor.id : null };
}
