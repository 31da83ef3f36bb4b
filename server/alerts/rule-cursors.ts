// Crash replay for rules that alert per event (match, watchlist, plain Sigma). Windowed rules rebuild
// from the store at start, but a per-event rule has no window: an event committed to the store whose
// alert was not yet written when the process died would be lost. Each such rule keeps a cursor
// (rule_cursors): stored events up to `evaluated_through` (receivedtimestamp) were evaluated and their
// alerts written. It moves in the alert write's own transaction, or on the engine's timer while
// nothing is pending; at start the events received after it are evaluated again. Alert↔event dedup
// (alert_events) keeps an event that did alert from alerting twice.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alertEvents, ruleCursors } from '../../db/schema.ts';
import type { Db, DbOrTx } from '../db/drizzle.ts';
import type { PicketEvent } from '../ingest/event.ts';
import type { EventStore } from '../store/event-store.ts';
import type { QueryNode } from '../store/query/index.ts';
import { FUTURE_SLACK_MS, readEvents } from './rule-loader.ts';

/**
 * Replay starts this long before the cursor: batches commit concurrently (and other processes
 * share the cursor), so an event received just before the cursor may have been committed after it.
 */
export const REPLAY_SLACK_MS = 60_000;
/** Events read back at most by one replay (more are left out, with a warning). */
export const MAX_REPLAY_EVENTS = 100_000;
/** Replayed events carry event times at most this far before the cursor (keeps the scan to recent partitions). */
const REPLAY_EVENT_TIME_LOOKBACK_MS = 24 * 3_600_000;

export interface CursorAdvance {
  ruleIds: string[];
  /** receivedtimestamp (ms) through which every event was evaluated. */
  through: number;
}

export async function readCursors(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ ruleId: ruleCursors.ruleId, at: ruleCursors.evaluatedThrough }).from(ruleCursors);
  return new Map(rows.map((r) => [r.ruleId, Date.parse(r.at)]));
}

/** A rule starting to evaluate without a cursor starts now: nothing before its start is replayed. */
export async function ensureCursor(db: Db, ruleId: string, now: number): Promise<void> {
  await db
    .insert(ruleCursors)
    .values({ ruleId, evaluatedThrough: new Date(now).toISOString() })
    .onConflictDoNothing();
}

/** A disabled or deleted rule forgets its cursor, so enabling it later does not replay the time it was off. */
export async function dropCursor(db: Db, ruleId: string): Promise<void> {
  await db.delete(ruleCursors).where(eq(ruleCursors.ruleId, ruleId));
}

/**
 * Moves cursors forward only (several processes advance the same rows). Only existing rows: a rule
 * disabled meanwhile dropped its cursor, and must not get it back from a write already under way.
 */
export async function advanceCursors(tx: DbOrTx, a: CursorAdvance): Promise<void> {
  if (a.ruleIds.length === 0 || !Number.isFinite(a.through)) return;
  const at = new Date(a.through).toISOString();
  await tx
    .update(ruleCursors)
    .set({
      evaluatedThrough: sql`greatest(${ruleCursors.evaluatedThrough}, ${at}::timestamptz)`,
      updatedAt: sql`now()`,
    })
    .where(inArray(ruleCursors.ruleId, a.ruleIds));
}

export interface ReplayRule {
  id: string;
  storeQuery: QueryNode;
  accepts(e: PicketEvent): boolean;
  /** Cursor read at start (ms). */
  cursor: number;
}

/**
 * Events stored after the oldest cursor (minus the slack), oldest received first, each paired with
 * the rules it must be offered to again: the rule accepts it, it was received after that rule's
 * cursor minus the slack, and it did not already feed an alert of that rule.
 */
export async function eventsToReplay(
  db: Db,
  store: EventStore,
  rules: ReplayRule[],
  now: number,
): Promise<{ items: Array<{ event: PicketEvent; ruleIds: string[] }>; truncated: boolean }> {
  if (rules.length === 0) return { items: [], truncated: false };
  const oldest = Math.min(...rules.map((r) => r.cursor)) - REPLAY_SLACK_MS;
  const query: QueryNode = {
    type: 'and',
    children: [
      {
        type: 'range',
        field: 'receivedtimestamp',
        lower: { value: new Date(oldest).toISOString(), inclusive: false },
        upper: null,
      },
      rules.length === 1 ? rules[0].storeQuery : { type: 'or', children: rules.map((r) => r.storeQuery) },
    ],
  };
  const from = new Date(oldest - REPLAY_EVENT_TIME_LOOKBACK_MS);
  const { events, truncated } = await readEvents(
    store,
    query,
    from,
    new Date(now + FUTURE_SLACK_MS),
    MAX_REPLAY_EVENTS,
  );
  // readEvents sorts by event time; replay in the order events were received, as they were live.
  events.sort((a, b) => Date.parse(a.receivedtimestamp) - Date.parse(b.receivedtimestamp));
  const alerted = new Set<string>();
  for (let i = 0; i < events.length; i += 5000) {
    const ids = events.slice(i, i + 5000).map((e) => e.id);
    const rows = await db
      .select({ ruleId: alertEvents.ruleId, eventId: alertEvents.eventId })
      .from(alertEvents)
      .where(
        and(
          inArray(alertEvents.eventId, ids),
          inArray(
            alertEvents.ruleId,
            rules.map((r) => r.id),
          ),
        ),
      );
    for (const r of rows) alerted.add(`${r.ruleId}/${r.eventId}`);
  }
  const items: Array<{ event: PicketEvent; ruleIds: string[] }> = [];
  for (const e of events) {
    const received = Date.parse(e.receivedtimestamp);
    const ruleIds = rules
      .filter((r) => received > r.cursor - REPLAY_SLACK_MS && !alerted.has(`${r.id}/${e.id}`) && r.accepts(e))
      .map((r) => r.id);
    if (ruleIds.length) items.push({ event: e, ruleIds });
  }
  return { items, truncated };
}
