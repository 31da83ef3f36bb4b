// Filling a rule's window when it starts running (at the engine's start, or after the rule was
// edited), and the start's replay for per-event rules. A window is rebuilt from the store minus the
// events that already fed an alert of the rule, so a restart in the middle of a window neither
// misses nor doubles; per-event rules have no window, and re-evaluate what was stored after their
// replay cursor instead (rule-cursors.ts). A read that runs past the store's time limit leaves the
// rule judging events from now on rather than failing the start.
import type { PicketEvent } from '../ingest/event.ts';
import { QueryTimeoutError } from '../store/query-timeout.ts';
import type { AlertEngineDeps, AlertEngineStats } from './alert-engine-deps.ts';
import { alertedIds, perEvent, type LiveRule } from './live-rule.ts';
import { eventsToReplay } from './rule-cursors.ts';
import { alertedEventIds, FUTURE_SLACK_MS, lastAlertAt, readEvents } from './rule-loader.ts';
import { bucketStart } from './rule-state.ts';

/** Events a rebuild reads back per rule at most (a window larger than this is cut, with a warning). */
const MAX_REBUILD_EVENTS = 200_000;

/** What the engine lends a rebuild or replay. */
export interface RebuildHost {
  deps: Pick<AlertEngineDeps, 'db' | 'store' | 'log'>;
  stats: AlertEngineStats;
  /** Feeds one event to a rule's window (and raises what it completes). */
  offer(r: LiveRule, e: PicketEvent, ts: number): void;
  /** Waits for the alerts being written now. */
  drainWrites(): Promise<void>;
  /** A replayed event's arrival time (ms): replay cursors may move past it. */
  received(ms: number): void;
}

/** Refills the window from the store: events of the last window that fed no alert of this rule yet. */
export async function rebuildWindow(host: RebuildHost, r: LiveRule, now: number): Promise<void> {
  const c = r.compiled;
  const seen = new Set<string>();
  // Alerts of the rule's previous version still being written must be visible to alertedEventIds.
  await host.drainWrites();
  if (c.def.type === 'deadman') {
    // Only the latest matching event matters: one row, newest first.
    r.lastFired = await lastAlertAt(host.deps.db, c.id);
    const latest = await readBack(host, c.id, 'window', () =>
      host.deps.store.search({
        query: c.storeQuery,
        from: new Date(now - c.windowMs),
        to: new Date(now + FUTURE_SLACK_MS),
        size: 1,
        sort: { field: 'utctimestamp', order: 'desc' },
      }),
    );
    for (const e of latest?.events ?? []) r.state.offer(e, Date.parse(e.utctimestamp));
  } else if (c.windowMs > 0) {
    // Bounded counts judge whole fixed buckets: read from the start of the oldest one still unjudged.
    // A chain also reads back its listed correlations' windows (lookbackMs).
    const back = now - (c.lookbackMs ?? c.windowMs);
    const from = new Date(c.maxCount !== undefined || c.chain ? bucketStart(back, c.windowMs) : back);
    const alerted = await alertedEventIds(host.deps.db, c.id, from);
    const { events, truncated } = (await readBack(host, c.id, 'window', () =>
      readEvents(host.deps.store, c.storeQuery, from, new Date(now + FUTURE_SLACK_MS), MAX_REBUILD_EVENTS),
    )) ?? { events: [], truncated: false };
    if (truncated)
      host.deps.log.warn(
        { ruleId: c.id },
        'rule window holds more events than a rebuild reads; the oldest are left out',
      );
    r.alerted = alertedIds(c, now, alerted);
    for (const e of events) {
      seen.add(e.id);
      if (alerted.has(e.id) || !c.accepts(e)) continue;
      host.offer(r, e, Date.parse(e.utctimestamp));
    }
  }
  // Live events that arrived meanwhile, minus those the store already returned.
  const pending = r.pending ?? [];
  r.pending = null;
  for (const e of pending) {
    if (seen.has(e.id) || r.alerted?.has(e.id)) continue;
    host.offer(r, e, Date.parse(e.utctimestamp));
  }
}

/**
 * A window's read-back, or undefined when it ran past the store's time limit (a regex over
 * millions of events does): the rule then starts with an empty window and judges what arrives
 * from now, rather than failing the engine's start or dropping the rule on a reload.
 */
async function readBack<T>(
  host: RebuildHost,
  ruleId: string,
  reading: 'window' | 'replay',
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof QueryTimeoutError)) throw err;
    host.stats.windowsNotRebuilt++;
    host.deps.log.warn(
      { ruleId, reading, err: err.message },
      "reading a rule's past events ran past the time limit; it judges events from now on",
    );
    return undefined;
  }
}

/** At start: per-event rules re-evaluate what was stored after their cursor (see rule-cursors.ts). */
export async function replayPerEvent(
  host: RebuildHost,
  live: Map<string, LiveRule>,
  cursors: Map<string, number>,
): Promise<void> {
  const rules = [...live.values()].filter((r) => perEvent(r.compiled) && cursors.has(r.compiled.id));
  if (rules.length === 0) return;
  const targets = rules.map((r) => ({
    id: r.compiled.id,
    storeQuery: r.compiled.storeQuery,
    accepts: r.compiled.accepts,
    cursor: cursors.get(r.compiled.id)!,
  }));
  const now = Date.now();
  const replayOf = (ts: typeof targets) => () => eventsToReplay(host.deps.db, host.deps.store, ts, now);
  // One read for all rules; if a pattern rule makes it run past the time limit, one read per
  // rule, so only the rules whose read is too slow go without their replay.
  let read = await readBack(host, '(every per-event rule)', 'replay', replayOf(targets));
  if (!read) {
    read = { items: [], truncated: false };
    for (const t of targets) {
      const one = await readBack(host, t.id, 'replay', replayOf([t]));
      if (one) read = { items: [...read.items, ...one.items], truncated: read.truncated || one.truncated };
    }
  }
  const { items, truncated } = read;
  if (truncated)
    host.deps.log.warn(
      { replayed: items.length },
      'more events were stored after the replay cursors than a start replays; the rest are not alerted on',
    );
  for (const { event, ruleIds } of items) {
    host.received(Date.parse(event.receivedtimestamp));
    for (const id of ruleIds) {
      const r = live.get(id);
      if (r) host.offer(r, event, Date.parse(event.utctimestamp));
    }
  }
  if (items.length) host.deps.log.info({ events: items.length }, 'replayed events stored after the last evaluation');
}
