// Dashboard panels computed per caller (outside the shared summary cache): open alerts by severity
// and open incidents/investigations by phase. Cheap grouped counts straight from Postgres.
import { and, asc, count, desc, inArray, ne } from 'drizzle-orm';
import { alerts, cases } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import type { OpenAlertsPanel, OpenCasesPanel } from '../trpc/routers/dashboard/dashboard.types.ts';

/** What the alert console calls "open" (its status=open filter). */
const OPEN_ALERT_STATUSES = ['new', 'acknowledged', 'escalated'] as const;
const SEVERITY_ORDER = ['CRITICAL', 'ERROR', 'HIGH', 'WARNING', 'MEDIUM', 'NOTICE', 'LOW', 'INFO', 'DEBUG'];
/** Newest open cases listed per kind; the phase counts cover all of them. */
const CASES_LISTED = 10;

const alertsHref = (severity?: string) =>
  `/alerts?${new URLSearchParams(severity ? { status: 'open', severity } : { status: 'open' })}`;

export async function openAlertsPanel(db: Db): Promise<OpenAlertsPanel> {
  const rows = await db
    .select({ severity: alerts.severity, count: count() })
    .from(alerts)
    .where(inArray(alerts.status, [...OPEN_ALERT_STATUSES]))
    .groupBy(alerts.severity);
  const rank = (s: string) => {
    const i = SEVERITY_ORDER.indexOf(s.toUpperCase());
    return i < 0 ? SEVERITY_ORDER.length : i;
  };
  const bySeverity = rows
    .map((r) => ({
      severity: r.severity,
      count: Number(r.count),
      query: `status:open AND severity:${r.severity}`,
      href: alertsHref(r.severity),
    }))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || a.severity.localeCompare(b.severity));
  return { query: 'status:open', href: alertsHref(), total: bySeverity.reduce((n, b) => n + b.count, 0), bySeverity };
}

export async function openCasesPanel(db: Db): Promise<OpenCasesPanel> {
  const open = ne(cases.phase, 'Closed');
  const [phaseRows, incidents, investigations] = await Promise.all([
    db
      .select({ kind: cases.kind, phase: cases.phase, count: count() })
      .from(cases)
      .where(open)
      .groupBy(cases.kind, cases.phase)
      .orderBy(asc(cases.kind), asc(cases.phase)),
    listed(db, 'incident'),
    listed(db, 'investigation'),
  ]);
  const phases = (kind: 'incident' | 'investigation') =>
    phaseRows
      .filter((r) => r.kind === kind)
      .map((r) => ({
        phase: r.phase,
        count: Number(r.count),
        href: `${pagePath(kind)}?${new URLSearchParams({ phase: r.phase })}`,
      }));
  return {
    incidents: incidents.map((c) => ({
      id: c.id,
      title: c.summary,
      phase: c.phase,
      severity: c.severity,
      href: `/incidents/${c.id}`,
    })),
    investigations: investigations.map((c) => ({
      id: c.id,
      title: c.summary,
      phase: c.phase,
      href: `/investigations/${c.id}`,
    })),
    incidentPhases: phases('incident'),
    investigationPhases: phases('investigation'),
  };
}

const pagePath = (kind: 'incident' | 'investigation') => (kind === 'incident' ? '/incidents' : '/investigations');

function listed(db: Db, kind: 'incident' | 'investigation') {
  return db
    .select({ id: cases.id, summary: cases.summary, phase: cases.phase, severity: cases.severity })
    .from(cases)
    .where(and(ne(cases.phase, 'Closed'), inArray(cases.kind, [kind])))
    .orderBy(desc(cases.openedAt))
    .limit(CASES_LISTED);
}
