// Alerts ↔ cases: escalating alerts into a case (one timeline entry per alert, its events as
// evidence, the alert linked and marked escalated) and, when a case closes, resolving its open
// alerts. Both write the case and the alerts in one transaction; the bus hears of both after commit.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alertEvents, alerts, caseEvidence, cases, caseTimeline } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { CaseError, type CaseKind, type CaseResolution, type Severity } from './case-model.ts';
import { eventEvidenceRow } from './case-children.ts';
import type { CaseService } from './case-service.ts';
import { type Actor, actorLabel, type CaseDeps, lockCase, mapDbError, type Tx } from './case-writer.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { caseSeverity } from '../alerts/case-severity.ts';

/** Events snapshotted per escalated alert (its eventCount says how many it had). */
export const MAX_EVENTS_PER_ALERT = 100;
/** Alerts per escalation (the console's bulk escalate sends a page at most). */
export const MAX_ALERTS_PER_ESCALATION = 200;

export interface EscalateAlertsInput {
  alertIds: string[];
  /** An existing incident or investigation; without it a new incident is opened. */
  incidentId?: string;
  /** The new incident's summary (default: the first alert's). */
  summary?: string;
}

export interface EscalateAlertsResult {
  incidentId: string;
  kind: CaseKind;
  /** True when the escalation opened the case. */
  created: boolean;
  /** Evidence items added (events already in the case are not added twice). */
  eventsAdded: number;
  /** Alerts newly linked (an alert already escalated to this case is skipped). */
  escalated: string[];
}

/** What a closed case makes of its open alerts. */
const OPEN_ALERT_STATUSES = ['new', 'acknowledged', 'escalated'] as const;
const resolvedStatus = (r: CaseResolution) => (r === 'falsepositive' ? 'falsepositive' : 'closed');

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

type AlertRow = {
  id: string;
  summary: string;
  severity: string;
  status: string;
  incidentId: string | null;
  utctimestamp: string;
  eventCount: number;
  version: number;
};

export class CaseAlerts {
  constructor(
    private readonly deps: CaseDeps,
    private readonly records: CaseService,
  ) {}

  /**
   * Escalates alerts into a case: the alerts' events (first MAX_EVENTS_PER_ALERT each) become event
   * evidence, ONE timeline finding per alert says how many ("10 events added from alert …"), and each
   * alert is marked escalated and linked to the case. An alert already escalated to another case is
   * refused (409); one already in this case is left as it is. Used by REST, tRPC and the bulk console.
   */
  async escalateAlerts(input: EscalateAlertsInput, actor: Actor): Promise<EscalateAlertsResult> {
    const ids = [...new Set(input.alertIds)];
    if (ids.length === 0 || ids.length > MAX_ALERTS_PER_ESCALATION)
      throw new CaseError('bad_request', `escalate 1 to ${MAX_ALERTS_PER_ESCALATION} alerts`);
    const rows = await this.readAlerts(ids);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new CaseError('not_found', `no alert ${missing[0]}`);
    const elsewhere = rows.find((r) => r.incidentId && r.incidentId !== input.incidentId);
    if (elsewhere)
      throw new CaseError('conflict', `alert ${elsewhere.id} was already escalated to case ${elsewhere.incidentId}`);
    const todo = rows.filter((r) => !r.incidentId);
    if (todo.length === 0 && input.incidentId) {
      const { kind } = await this.records.get(input.incidentId);
      return { incidentId: input.incidentId, kind, created: false, eventsAdded: 0, escalated: [] };
    }
    // Events are read before the transaction: no case lock is held while the store answers.
    const events = new Map<string, PicketEvent[]>();
    for (const a of todo) events.set(a.id, await this.eventsOf(a.id));
    const by = actorLabel(actor);
    let published: { kind: CaseKind; id: string; version: number } | undefined;
    const alertVersions: Array<{ id: string; version: number }> = [];
    let notified: Awaited<ReturnType<CaseService['createIn']>>['notified'] = [];
    const result = await this.deps.db
      .transaction(async (tx) => {
        let caseId = input.incidentId;
        let created = false;
        if (!caseId) {
          const worst = todo
            .map((a) => caseSeverity(a.severity))
            .sort((x, y) => SEVERITY_RANK[y] - SEVERITY_RANK[x])[0];
          const first = todo[0];
          const out = await this.records.createIn(
            tx,
            'incident',
            {
              summary: (input.summary?.trim() || first.summary).slice(0, 500),
              severity: worst,
              description: todo
                .map((a) => `Escalated from alert "${a.summary}" (${a.eventCount} events).`)
                .join('\n\n'),
            },
            actor,
          );
          caseId = out.record.id;
          notified = out.notified;
          created = true;
        }
        const row = await lockCase(tx, caseId, undefined);
        const next = row.version + 1;
        const held = new Set(
          (
            await tx.select({ eventId: caseEvidence.eventId }).from(caseEvidence).where(eq(caseEvidence.caseId, caseId))
          ).map((e) => e.eventId),
        );
        let eventsAdded = 0;
        const escalated: string[] = [];
        for (const a of todo) {
          const fresh = (events.get(a.id) ?? []).filter((e) => !held.has(e.id));
          for (const e of fresh) held.add(e.id);
          if (fresh.length)
            await tx
              .insert(caseEvidence)
              .values(fresh.map((e) => ({ ...eventEvidenceRow(caseId, e, by), caseVersion: next })));
          eventsAdded += fresh.length;
          const more =
            a.eventCount > MAX_EVENTS_PER_ALERT ? ` (the first ${MAX_EVENTS_PER_ALERT} of ${a.eventCount})` : '';
          await tx.insert(caseTimeline).values({
            caseId,
            caseVersion: next,
            occurredAt: a.utctimestamp,
            author: by,
            kind: 'finding',
            text: `${fresh.length} event${fresh.length === 1 ? '' : 's'} added from alert "${a.summary}"${more}`,
          });
          const [after] = await tx
            .update(alerts)
            .set({
              status: 'escalated',
              incidentId: caseId,
              absorbing: false,
              version: sql`${alerts.version} + 1`,
              updatedAt: sql`now()`,
            })
            .where(eq(alerts.id, a.id))
            .returning({ version: alerts.version });
          await recordAudit(tx, {
            actor: actor.identity,
            action: 'alert.escalate',
            targetType: 'alert',
            targetId: a.id,
            diff: { status: [a.status, 'escalated'], incidentId: [a.incidentId, caseId] },
            ip: actor.ip,
          });
          alertVersions.push({ id: a.id, version: after.version });
          escalated.push(a.id);
        }
        await tx.update(cases).set({ version: next, updatedAt: sql`now()` }).where(eq(cases.id, caseId));
        await recordAudit(tx, {
          actor: actor.identity,
          action: `${row.kind}.escalate`,
          targetType: row.kind,
          targetId: caseId,
          diff: { alerts: [null, escalated], evidence: [null, eventsAdded] },
          ip: actor.ip,
        });
        published = { kind: row.kind, id: caseId, version: next };
        return { incidentId: caseId, kind: row.kind, created, eventsAdded, escalated };
      })
      .catch((err: unknown) => (err instanceof CaseError ? Promise.reject(err) : mapDbError(err)));
    if (published) this.records.writer.publish(published.kind, published.id, published.version);
    publishAlertChanges(this.deps, alertVersions);
    this.records.afterCreate(notified);
    return result;
  }

  private async readAlerts(ids: string[]): Promise<AlertRow[]> {
    const rows = await this.deps.db
      .select({
        id: alerts.id,
        summary: alerts.summary,
        severity: alerts.severity,
        status: alerts.status,
        incidentId: alerts.incidentId,
        utctimestamp: alerts.utctimestamp,
        eventCount: alerts.eventCount,
        version: alerts.version,
      })
      .from(alerts)
      .where(inArray(alerts.id, ids));
    // Keep the caller's order: the first alert names a new incident.
    return ids
      .flatMap((id) => rows.filter((r) => r.id === id))
      .map((r) => ({ ...r, utctimestamp: new Date(r.utctimestamp).toISOString() }));
  }

  private async eventsOf(alertId: string): Promise<PicketEvent[]> {
    const links = await this.deps.db
      .select({ id: alertEvents.eventId })
      .from(alertEvents)
      .where(eq(alertEvents.alertId, alertId))
      .orderBy(asc(alertEvents.eventTime))
      .limit(MAX_EVENTS_PER_ALERT);
    const found = await Promise.all(links.map((l) => this.deps.store.get(l.id)));
    return found.filter((e): e is PicketEvent => e !== null);
  }
}

/**
 * Closing a case resolves its open alerts with the case's resolution (false positive → alert
 * falsepositive, anything else → closed), audited per alert. Returns what to publish after commit.
 */
export async function resolveOpenAlerts(
  tx: Tx,
  caseId: string,
  resolution: CaseResolution,
  actor: Actor,
): Promise<Array<{ id: string; version: number }>> {
  const status = resolvedStatus(resolution);
  const open = await tx
    .select({ id: alerts.id, status: alerts.status })
    .from(alerts)
    .where(and(eq(alerts.incidentId, caseId), inArray(alerts.status, [...OPEN_ALERT_STATUSES])))
    .for('update');
  const out: Array<{ id: string; version: number }> = [];
  for (const a of open) {
    const [after] = await tx
      .update(alerts)
      .set({ status, absorbing: false, version: sql`${alerts.version} + 1`, updatedAt: sql`now()` })
      .where(eq(alerts.id, a.id))
      .returning({ version: alerts.version });
    await recordAudit(tx, {
      actor: actor.identity,
      action: 'alert.status',
      targetType: 'alert',
      targetId: a.id,
      diff: { status: [a.status, status], resolution: [null, resolution] },
      ip: actor.ip,
    });
    out.push({ id: a.id, version: after.version });
  }
  return out;
}

/** After commit only, like case changes. */
export function publishAlertChanges(
  deps: Pick<CaseDeps, 'bus' | 'log'>,
  changed: Array<{ id: string; version: number }>,
): void {
  for (const a of changed)
    deps.bus
      .publish({ topic: 'alerts', id: a.id, version: a.version })
      .catch((err: unknown) => deps.log.error({ err, id: a.id }, 'publishing an alert change failed'));
}
