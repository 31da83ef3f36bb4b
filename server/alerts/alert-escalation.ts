// Escalating many alerts at once into one incident or investigation, server-side: the same steps
// the console's escalate dialog takes for one alert (cases.records.create, cases.parts.addEvidence,
// the alert status "escalated"), run over the alerts a filter picks.
import { inArray } from 'drizzle-orm';
import { alertEvents } from '../../db/schema.ts';
import type { Identity } from '../auth/permissions.ts';
import type { CaseKind } from '../cases/case-model.ts';
import type { Cases } from '../cases/cases.ts';
import type { Db } from '../db/drizzle.ts';
import type { AlertFilter } from './alert-filter.ts';
import { SEVERITY_ORDER } from './alert-filter.ts';
import type { AlertsService } from './alerts-service.ts';
import { caseSeverity } from './case-severity.ts';

/** Events snapshotted as evidence per bulk escalation (the dialog's cap for one alert, cases.addEvents' per call). */
export const MAX_BULK_EVIDENCE = 100;

export type EscalationTarget = { mode: 'new'; kind: CaseKind; summary: string } | { mode: 'existing'; kind: CaseKind; caseId: string };

export interface EscalationResult {
  caseId: string;
  kind: CaseKind;
  summary: string;
  matched: number;
  escalated: number;
  evidence: number;
}

export async function escalateAlerts(
  deps: { db: Db; cases: Cases; alerts: AlertsService },
  filter: AlertFilter,
  target: EscalationTarget,
  auditFilter: Record<string, unknown>,
  identity: Identity,
  ip?: string,
): Promise<EscalationResult> {
  const caseActor = { identity, ip };
  const ids = await deps.alerts.matchingIds(filter);
  if (ids.length === 0) return { caseId: '', kind: target.kind, summary: '', matched: 0, escalated: 0, evidence: 0 };
  let caseId: string;
  let summary: string;
  if (target.mode === 'new') {
    const picked = await deps.alerts.list({ ids, size: 1, sort: 'severity' });
    const worst = picked[0]?.severity ?? SEVERITY_ORDER[1];
    const created = await deps.cases.records.create(
      target.kind,
      { summary: target.summary, severity: caseSeverity(worst), description: `Escalated from ${ids.length} alert${ids.length === 1 ? '' : 's'} in the alert console.` },
      caseActor,
    );
    caseId = created.id;
    summary = created.summary;
  } else {
    const existing = await deps.cases.records.get(target.caseId, target.kind);
    caseId = existing.id;
    summary = existing.summary;
  }
  const rows = await deps.db
    .selectDistinct({ eventId: alertEvents.eventId, eventTime: alertEvents.eventTime })
    .from(alertEvents)
    .where(inArray(alertEvents.alertId, ids))
    .orderBy(alertEvents.eventTime)
    .limit(MAX_BULK_EVIDENCE);
  for (const r of rows) await deps.cases.parts.addEvidence(caseId, target.kind, { kind: 'event', eventId: r.eventId }, caseActor);
  const changed = await deps.alerts.bulkChange({ ids }, { status: 'escalated' }, { filter: { ...auditFilter, escalatedTo: caseId } }, identity, ip);
  return { caseId, kind: target.kind, summary, matched: ids.length, escalated: changed.changed, evidence: rows.length };
}
