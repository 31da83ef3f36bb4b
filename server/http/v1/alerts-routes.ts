import { z } from 'zod';
import { assigneeFilter } from '../../alerts/alert-filter.ts';
import { AlertError, type AlertRecord } from '../../alerts/alerts-service.ts';
import type { Alerting } from '../../alerts/alerting.ts';
import { AppError } from '../../errors/app-error.ts';
import { assignBody, listAlertsQuery, setStatusBody, severityList } from './alerts.types.ts';
import { query } from './events-routes.ts';
import type { RouteDef } from './router.ts';
import { alertAnswer, alertListAnswer } from './answers.types.ts';
import { parseJsonBody, parseSearchParams } from './validation.ts';

/** The alert shape of the public API (README, "Alerts"), plus fields the console uses. */
function publicAlert(a: AlertRecord) {
  return {
    id: a.id,
    utctimestamp: a.utctimestamp,
    severity: a.severity,
    summary: a.summary,
    category: a.category,
    tags: a.tags,
    ruleId: a.ruleId,
    status: a.status,
    eventIds: a.eventIds,
    eventCount: a.eventCount,
    ruleName: a.ruleName,
    groupKey: a.groupKey,
    assignee: a.assignee,
    version: a.version,
    occurrences: a.occurrences,
    lastSeen: a.lastSeen,
    incidentId: a.incidentId,
    incidentKind: a.incidentKind,
    ...(a.details ? { details: a.details } : {}),
  };
}

export function alertRoutes(alerting: Alerting): RouteDef[] {
  const { alerts } = alerting;
  return [
    {
      method: 'GET',
      path: '/alerts',
      permission: 'alerts:read',
      query: listAlertsQuery,
      response: alertListAnswer,
      async handler({ url, identity }) {
        const p = parseSearchParams(listAlertsQuery, url);
        const list = await alerts.list({
          query: p.q ? query(p.q) : undefined,
          status: p.status,
          severity: severityList(p.severity),
          ruleId: p.ruleId,
          text: p.text || undefined,
          entity: p.entity || undefined,
          assignee: assigneeFilter(p.assignee, identity.name),
          sort: p.sort,
          size: p.size,
        });
        return { alerts: list.map(publicAlert) };
      },
    },
    {
      method: 'GET',
      path: '/alerts/:id',
      permission: 'alerts:read',
      response: alertAnswer,
      async handler({ params }) {
        const a = z.uuid().safeParse(params.id).success ? await alerts.get(params.id) : null;
        if (!a) throw new AppError('not_found', `no alert ${params.id}`);
        return publicAlert(a);
      },
    },
    {
      method: 'POST',
      path: '/alerts/:id/status',
      permission: 'alerts:write',
      body: setStatusBody,
      response: alertAnswer,
      async handler({ req, params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new AppError('not_found', `no alert ${params.id}`);
        const body = await parseJsonBody(setStatusBody, req);
        return publicChange(() => alerts.setStatus(params.id, body.status, body.version, identity, ip));
      },
    },
    {
      method: 'POST',
      path: '/alerts/:id/assign',
      permission: 'alerts:write',
      summary: 'Assign an alert to a user by email (null unassigns); the assignee gets an inbox notification',
      body: assignBody,
      async handler({ req, params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new AppError('not_found', `no alert ${params.id}`);
        const body = await parseJsonBody(assignBody, req);
        return publicChange(() => alerts.assign(params.id, body.assignee, body.version, identity, ip));
      },
    },
  ];
}

async function publicChange(change: () => Promise<AlertRecord>) {
  try {
    return publicAlert(await change());
  } catch (err) {
    // The conflict's record in this API's alert shape, like every alert it returns.
    if (err instanceof AlertError && err.current)
      throw new AppError(err.code, err.message, { details: { current: publicAlert(err.current) } });
    throw err;
  }
}
