// The alert writer's multi-row inserts, each as one statement with one jsonb parameter
// (jsonb_to_recordset). Drizzle's insert builder costs per value: a burst of threshold alerts
// linking tens of thousands of events spent more CPU building SQL than Postgres spent storing it,
// and the writer fell behind the events (the soak bench, docs/performance.md).
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/drizzle.ts';
import type { EventLink, NewAlertRow } from './alert-grouping.ts';

export interface AlertEventLink extends EventLink {
  alertId: string;
}

export interface AuditRow {
  actor: string;
  actorType: 'user' | 'token' | 'system';
  action: string;
  targetType: string;
  targetId: string;
  diff: Record<string, unknown>;
}

const json = (rows: readonly object[]) => sql.param(JSON.stringify(rows));

export async function insertAlertRows(tx: DbOrTx, rows: readonly NewAlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO alerts (id, utctimestamp, severity, summary, details, category, tags, rule_id, rule_version, group_key, event_count, last_seen)
    SELECT x."id", x."utctimestamp", x."severity", x."summary", x."details", x."category", x."tags", x."ruleId",
           x."ruleVersion", x."groupKey", x."eventCount", x."lastSeen"
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS x("id" uuid, "utctimestamp" timestamptz, "severity" text,
      "summary" text, "details" jsonb, "category" text, "tags" text[], "ruleId" uuid, "ruleVersion" int,
      "groupKey" text, "eventCount" int, "lastSeen" timestamptz)`);
}

/**
 * Links events to alerts; a pair already linked is skipped (ON CONFLICT). Returns how many links
 * each alert got, so the caller can tell a crossing whose events already fed an alert.
 */
export async function linkAlertEvents(tx: DbOrTx, links: readonly AlertEventLink[]): Promise<Map<string, number>> {
  const linked = new Map<string, number>();
  if (links.length === 0) return linked;
  const r = await tx.execute<{ alert_id: string; n: number }>(sql`
    WITH ins AS (
      INSERT INTO alert_events (alert_id, rule_id, event_id, event_time)
      SELECT x."alertId", x."ruleId", x."eventId", x."eventTime"
      FROM jsonb_to_recordset(${json(links)}::jsonb) AS x("alertId" uuid, "ruleId" uuid, "eventId" uuid, "eventTime" timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING alert_id
    )
    SELECT alert_id, count(*)::int AS n FROM ins GROUP BY alert_id`);
  for (const row of r.rows) linked.set(row.alert_id, Number(row.n));
  return linked;
}

/** What recordAudit writes, for many entries at once. */
export async function insertAuditRows(tx: DbOrTx, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO audit_log (actor, actor_type, action, target_type, target_id, diff)
    SELECT x."actor", x."actorType", x."action", x."targetType", x."targetId", x."diff"
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS x("actor" text, "actorType" text, "action" text,
      "targetType" text, "targetId" text, "diff" jsonb)`);
}
