// Escalating the alerts a console filter picks (or the ticked ones) into one incident or
// investigation. The work per alert is the cases service's escalateAlerts (events as evidence,
// one timeline entry per alert, the alert linked and marked escalated), run in chunks it accepts.
import { inArray } from 'drizzle-orm';
import { alerts as alertsTable } from '../../db/schema.ts';
import type { Identity } from '../auth/permissions.ts';
import { MAX_ALERTS_PER_ESCALATION } from '../cases/case-alerts.ts';
import type { CaseKind } from '../cases/case-model.ts';
import type { Cases } from '../cases/cases.ts';
import type { Db } from '../db/drizzle.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { AlertFilter } from './alert-filter.ts';
import type { AlertsService } from './alerts-service.ts';
import { caseSeverity } from './case-severity.ts';

export type EscalationTarget =
  | { mode: 'new'; kind: CaseKind; summary: string }
  | { mode: 'existing'; kind: CaseKind; caseId: string };

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
  const actor = { identity, ip };
  // Worst first, so a new incident is named and ranked by its most severe alert.
  const matching = await deps.alerts.matchingIds(filter, 'severity');
  const state = new Map(
    matching.length
      ? (
          await deps.db
            .select({ id: alertsTable.id, incidentId: alertsTable.incidentId, severity: alertsTable.severity })
            .from(alertsTable)
            .where(inArray(alertsTable.id, matching))
        ).map((r) => [r.id, r])
      : [],
  );
  // An alert already in a case stays there (escalating it elsewhere is refused): a bulk escalation skips it.
  const ordered = matching.filter((id) => state.get(id) && !state.get(id)?.incidentId);
  if (ordered.length === 0)
    return { caseId: '', kind: target.kind, summary: '', matched: 0, escalated: 0, evidence: 0 };

  let caseId: string | undefined;
  let summary = target.mode === 'new' ? target.summary : '';
  if (target.mode === 'existing') {
    const existing = await deps.cases.records.get(target.caseId, target.kind);
    caseId = existing.id;
    summary = existing.summary;
  } else if (target.kind === 'investigation') {
    // escalateAlerts opens incidents; an investigation is opened here first.
    const worst = state.get(ordered[0])?.severity ?? 'INFO';
    const created = await deps.cases.records.create(
      'investigation',
      {
        summary: target.summary,
        severity: caseSeverity(worst),
        description: `Escalated from ${ordered.length} alert${ordered.length === 1 ? '' : 's'} in the alert console.`,
      },
      actor,
    );
    caseId = created.id;
    summary = created.summary;
  }
  let escalated = 0;
  let evidence = 0;
  for (let i = 0; i < ordered.length; i += MAX_ALERTS_PER_ESCALATION) {
    const r = await deps.cases.alerts.escalateAlerts(
      {
        alertIds: ordered.slice(i, i + MAX_ALERTS_PER_ESCALATION),
        incidentId: caseId,
        summary: caseId ? undefined : summary,
      },
      actor,
    );
    caseId = r.incidentId;
    escalated += r.escalated.length;
    evidence += r.eventsAdded;
  }
  // One entry for the bulk action as a whole, like the console's other bulk changes (each alert's own is alert.escalate).
  await recordAudit(deps.db, {
    actor: identity,
    action: 'alert.bulk',
    targetType: 'alert',
    diff: {
      change: { status: 'escalated', incidentId: caseId },
      filter: auditFilter,
      matched: matching.length,
      changed: escalated,
    },
    ip,
  });
  return { caseId: caseId!, kind: target.kind, summary, matched: ordered.length, escalated, evidence };
}
