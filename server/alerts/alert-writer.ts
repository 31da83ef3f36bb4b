// Raising alerts durably, many at a time: the alert rows, the events that fed them (alert_events,
// unique per rule and event), quiet periods and audit entries of one batch commit together in one
// transaction, so a burst of alerts costs one commit rather than one each. An alert built from
// events that already fed one (a restart racing a pending write) collides on the unique key and is
// taken out again inside the transaction, so nothing is ever doubled. Crossings of rules that group
// are absorbed into their group's open alert instead (alert-grouping.ts): no new alert, no new
// notification, the change announced like any other.
import { inArray, sql } from 'drizzle-orm';
import { alertEvents, alerts, ruleSuppressions } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { eventId } from '../ingest/event-id.ts';
import type { CompiledRule } from './compiled-rule.ts';
import type { Firing } from './rule-state.ts';
import { renderSummary } from './summary-template.ts';
import { enqueueNotifications } from './notify/outbox.ts';
import { advanceCursors, type CursorAdvance } from './rule-cursors.ts';
import type { AlertActions } from './alert-actions.ts';
import { absorbOrRaise, type NewAlertRow } from './alert-grouping.ts';
import { insertAlertRows, insertAuditRows, linkAlertEvents } from './alert-rows.ts';
import { groupingOf } from './rule-definition.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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
  /** The crossing was counted into an open alert of its group rather than raising this one. */
  absorbed: boolean;
}

function newestReceived(events: Firing['events']): number | null {
  let newest: number | null = null;
  for (const e of events) {
    const t = Date.parse(e.receivedtimestamp);
    if (Number.isFinite(t) && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** Event time of the newest event behind a crossing, or null when it has none (deadman). */
function newestEventTime(events: Firing['events']): string | null {
  let newest = -Infinity;
  for (const e of events) {
    const t = Date.parse(e.utctimestamp);
    if (t > newest) newest = t;
  }
  return Number.isFinite(newest) ? new Date(newest).toISOString() : null;
}

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

type Item = AlertToWrite & { row: NewAlertRow };

/** Plain crossings: one multi-row insert; an alert whose events already fed one is taken out again. */
async function insertPlain(tx: Tx, items: Item[]): Promise<Item[]> {
  if (items.length === 0) return [];
  for (const c of chunks(
    items.map((k) => k.row),
    1000,
  ))
    await insertAlertRows(tx, c);
  const links = items.flatMap(({ rule, firing, row }) =>
    firing.events.map((e) => ({ alertId: row.id, ruleId: rule.id, eventId: e.id, eventTime: e.utctimestamp })),
  );
  const linked = new Map<string, number>();
  for (const c of chunks(links))
    for (const [id, n] of await linkAlertEvents(tx, c)) linked.set(id, (linked.get(id) ?? 0) + n);
  const dups = items.filter((k) => (linked.get(k.row.id) ?? 0) !== k.row.eventCount).map((k) => k.row.id);
  if (dups.length) {
    await tx.delete(alertEvents).where(inArray(alertEvents.alertId, dups));
    await tx.delete(alerts).where(inArray(alerts.id, dups));
  }
  const dupSet = new Set(dups);
  return items.filter((k) => !dupSet.has(k.row.id));
}

interface Absorbed extends Item {
  into: { id: string; version: number; occurrences: number };
}

/** Grouped crossings, one at a time and in order: a batch may hold several crossings of one group. */
async function writeGrouped(tx: Tx, items: Item[]): Promise<{ raised: Item[]; absorbed: Absorbed[] }> {
  const raised: Item[] = [];
  const absorbed: Absorbed[] = [];
  for (const k of items) {
    const links = k.firing.events.map((e) => ({ ruleId: k.rule.id, eventId: e.id, eventTime: e.utctimestamp }));
    const out = await absorbOrRaise(tx, k.row, groupingOf(k.rule.def)!, links);
    if (out.kind === 'raised') raised.push(k);
    else if (out.kind === 'absorbed') absorbed.push({ ...k, into: out });
  }
  return { raised, absorbed };
}

/**
 * Writes the alerts of one batch; returns those that were new or absorbed (duplicates are left out).
 * `advance` moves the per-event rules' replay cursors in the same transaction (see rule-cursors.ts);
 * `actions` runs the rule actions of every crossing written in it too (alert-actions.ts).
 */
export async function writeAlerts(
  db: Db,
  batch: AlertToWrite[],
  advance?: CursorAdvance,
  actions?: AlertActions,
): Promise<WrittenAlert[]> {
  if (batch.length === 0) {
    if (advance) await advanceCursors(db, advance);
    return [];
  }
  const items: Item[] = batch.map((b) => {
    const { rule, firing, raisedAt } = b;
    const row: NewAlertRow = {
      // Time-ordered (UUIDv7): alert_events' key (alert_id, event_id) then grows at its right edge
      // instead of touching a random index page per link.
      id: eventId(raisedAt.getTime()),
      utctimestamp: raisedAt.toISOString(),
      severity: firing.severity ?? rule.def.severity,
      summary:
        firing.summary ??
        renderSummary(rule.def.summary, { events: firing.events, ruleName: rule.def.name, distinct: firing.distinct }),
      details: firing.details ?? null,
      category: rule.def.category,
      tags: rule.def.tags,
      ruleId: rule.id,
      ruleVersion: rule.version,
      groupKey: firing.groupKey,
      eventCount: firing.events.length,
      lastSeen: newestEventTime(firing.events),
    };
    return { ...b, row };
  });
  const grouped = (k: Item) => groupingOf(k.rule.def) !== null && k.firing.events.length > 0;
  const { written, afterCommit } = await db.transaction(async (tx) => {
    const plain = await insertPlain(
      tx,
      items.filter((k) => !grouped(k)),
    );
    const { raised, absorbed } = await writeGrouped(tx, items.filter(grouped));
    const kept = [...plain, ...raised];
    const all: Item[] = [...kept, ...absorbed];
    // One upsert per key: a statement may not update the same row twice.
    const quiet = new Map<string, { ruleId: string; groupKey: string; until: string }>();
    for (const k of all)
      if (k.suppressUntil)
        quiet.set(`${k.rule.id}\u0000${k.firing.groupKey}`, {
          ruleId: k.rule.id,
          groupKey: k.firing.groupKey,
          until: k.suppressUntil.toISOString(),
        });
    for (const c of chunks([...quiet.values()])) {
      await tx
        .insert(ruleSuppressions)
        .values(c)
        .onConflictDoUpdate({
          target: [ruleSuppressions.ruleId, ruleSuppressions.groupKey],
          set: { until: sql`excluded.until` },
        });
    }
    // The audit entries of the batch (what recordAudit writes, as one multi-row insert).
    const audit = [
      ...kept.map((k) => ({
        actor: 'system',
        actorType: 'system' as const,
        action: 'alert.create',
        targetType: 'alert',
        targetId: k.row.id,
        diff: {
          rule: k.rule.def.name,
          ruleId: k.rule.id,
          ruleVersion: k.rule.version,
          summary: k.row.summary,
          eventCount: k.row.eventCount,
        },
      })),
      ...absorbed.map((k) => ({
        actor: 'system',
        actorType: 'system' as const,
        action: 'alert.absorb',
        targetType: 'alert',
        targetId: k.into.id,
        diff: {
          rule: k.rule.def.name,
          ruleId: k.rule.id,
          ruleVersion: k.rule.version,
          occurrences: k.into.occurrences,
          eventsAdded: k.row.eventCount,
        },
      })),
    ];
    for (const c of chunks(audit)) await insertAuditRows(tx, c);
    // Notifications: one outbox row per new alert and channel, in the alert's own transaction
    // (durable). An absorbed crossing notifies nobody: its alert already did.
    const outbox = kept.flatMap((k) => (k.rule.def.notify ?? []).map((channelId) => [k.row.id, channelId] as const));
    if (outbox.length) await enqueueNotifications(tx, outbox);
    if (advance) await advanceCursors(tx, advance);
    const withActions = actions ? all.filter((k) => k.rule.def.actions?.length) : [];
    const alertIdOf = (k: Item) => ('into' in k ? (k as Absorbed).into.id : k.row.id);
    const afterCommit = withActions.length
      ? await actions!.apply(
          tx,
          withActions.map((k) => ({ alertId: alertIdOf(k), rule: k.rule, firing: k.firing, summary: k.row.summary })),
        )
      : undefined;
    const out: WrittenAlert[] = [
      ...kept.map((k) => ({
        id: k.row.id,
        version: 1,
        newestReceivedMs: newestReceived(k.firing.events),
        absorbed: false,
      })),
      ...absorbed.map((k) => ({
        id: k.into.id,
        version: k.into.version,
        newestReceivedMs: newestReceived(k.firing.events),
        absorbed: true,
      })),
    ];
    return { written: out, afterCommit };
  });
  await afterCommit?.();
  return written;
}
