// Raising alerts durably, many at a time: the alert rows, the events that fed them (alert_events,
// unique per rule and event), quiet periods and audit entries of one batch commit together in one
// transaction, so a burst of alerts costs one commit rather than one each. An alert built from
// events that already fed one (a restart racing a pending write) collides on the unique key and is
// taken out again inside the transaction, so nothing is ever doubled.
import crypto from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { alertEvents, alerts, auditLog, ruleSuppressions } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import type { CompiledRule } from './compiled-rule.ts';
import type { Firing } from './rule-state.ts';
import { renderSummary } from './summary-template.ts';
import { enqueueNotifications } from './notify/outbox.ts';
import { advanceCursors, type CursorAdvance } from './rule-cursors.ts';
import type { AlertActions } from './alert-actions.ts';

/** Rows per INSERT: well under Postgres' 65535 parameters for every table here. */
const CHUNK = 5000;

export interface AlertToWrite {
  rule: CompiledRule;
  firing: Firing;
  suppressUntil: Date | null;
  /** When the engine raised it (the alert's utctimestamp, as in MozDef). */
  raisedAt: Date;
}

export interface WrittenAlert {
  id: string;
  version: number;
  /** Arrival (receivedtimestamp, ms) of the newest event behind the alert; null when none (deadman). */
  newestReceivedMs: number | null;
}

function newestReceived(events: Firing['events']): number | null {
  let newest: number | null = null;
  for (const e of events) {
    const t = Date.parse(e.receivedtimestamp);
    if (Number.isFinite(t) && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Writes the alerts of one batch; returns those that were new (duplicates are left out). `advance`
 * moves the per-event rules' replay cursors in the same transaction (see rule-cursors.ts); `actions`
 * runs the new alerts' rule actions in it too (alert-actions.ts).
 */
export async function writeAlerts(db: Db, batch: AlertToWrite[], advance?: CursorAdvance, actions?: AlertActions): Promise<WrittenAlert[]> {
  if (batch.length === 0) {
    if (advance) await advanceCursors(db, advance);
    return [];
  }
  const rows = batch.map(({ rule, firing, raisedAt }) => ({
    id: crypto.randomUUID(),
    utctimestamp: raisedAt.toISOString(),
    severity: firing.severity ?? rule.def.severity,
    summary: firing.summary ?? renderSummary(rule.def.summary, { events: firing.events, ruleName: rule.def.name, distinct: firing.distinct }),
    details: firing.details ?? null,
    category: rule.def.category,
    tags: rule.def.tags,
    ruleId: rule.id,
    ruleVersion: rule.version,
    groupKey: firing.groupKey,
    eventCount: firing.events.length,
  }));
  const { written, afterCommit } = await db.transaction(async (tx) => {
    for (const c of chunks(rows, 1000)) await tx.insert(alerts).values(c);
    const links = batch.flatMap(({ rule, firing }, i) => firing.events.map((e) => ({ alertId: rows[i].id, ruleId: rule.id, eventId: e.id, eventTime: e.utctimestamp })));
    const linked = new Map<string, number>();
    for (const c of chunks(links)) {
      const inserted = await tx.insert(alertEvents).values(c).onConflictDoNothing().returning({ alertId: alertEvents.alertId });
      for (const r of inserted) linked.set(r.alertId, (linked.get(r.alertId) ?? 0) + 1);
    }
    const dups = rows.filter((r) => (linked.get(r.id) ?? 0) !== r.eventCount).map((r) => r.id);
    if (dups.length) {
      await tx.delete(alertEvents).where(inArray(alertEvents.alertId, dups));
      await tx.delete(alerts).where(inArray(alerts.id, dups));
    }
    const dupSet = new Set(dups);
    const kept = batch.map((b, i) => ({ ...b, row: rows[i] })).filter((b) => !dupSet.has(b.row.id));
    // One upsert per key: a statement may not update the same row twice.
    const quiet = new Map<string, { ruleId: string; groupKey: string; until: string }>();
    for (const k of kept) if (k.suppressUntil) quiet.set(`${k.rule.id}\u0000${k.firing.groupKey}`, { ruleId: k.rule.id, groupKey: k.firing.groupKey, until: k.suppressUntil.toISOString() });
    for (const c of chunks([...quiet.values()])) {
      await tx
        .insert(ruleSuppressions)
        .values(c)
        .onConflictDoUpdate({ target: [ruleSuppressions.ruleId, ruleSuppressions.groupKey], set: { until: sql`excluded.until` } });
    }
    // The audit entries of the batch (what recordAudit writes, as one multi-row insert).
    const audit = kept.map((k) => ({
      actor: 'system',
      actorType: 'system' as const,
      action: 'alert.create',
      targetType: 'alert',
      targetId: k.row.id,
      diff: { rule: k.rule.def.name, ruleId: k.rule.id, ruleVersion: k.rule.version, summary: k.row.summary, eventCount: k.row.eventCount },
    }));
    for (const c of chunks(audit, 1000)) await tx.insert(auditLog).values(c);
    // Notifications: one outbox row per alert and channel, in the alert's own transaction (durable).
    const outbox = kept.flatMap((k) => (k.rule.def.notify ?? []).map((channelId) => [k.row.id, channelId] as const));
    if (outbox.length) await enqueueNotifications(tx, outbox);
    if (advance) await advanceCursors(tx, advance);
    const withActions = actions ? kept.filter((k) => k.rule.def.actions?.length) : [];
    const afterCommit = withActions.length ? await actions!.apply(tx, withActions.map((k) => ({ alertId: k.row.id, rule: k.rule, firing: k.firing, summary: k.row.summary }))) : undefined;
    return { written: kept.map((k) => ({ id: k.row.id, version: 1, newestReceivedMs: newestReceived(k.firing.events) })), afterCommit };
  });
  await afterCommit?.();
  return written;
}
