// Streaming alert evaluation. The pipeline hands over every batch right after the store committed it
// (EventPipeline.onStored); each event meets only the rules that can match it (indexed by the
// category their query requires), windows live in memory per rule and group key, and alerts are
// written in their own transaction and announced on the bus. At start, and whenever a rule changes,
// the rule's window is rebuilt from the store minus the events that already fed an alert, so a
// restart in the middle of a window neither misses nor doubles. Rules that alert per event have no
// window: their replay cursors (rule-cursors.ts) let a start re-evaluate what a crash left unwritten.
// A timer runs deadman checks.
import type { PicketEvent } from '../ingest/event.ts';
import { QueryTimeoutError } from '../store/query-timeout.ts';
import { AlertBacklog } from './alert-backlog.ts';
import { writeAlerts, type AlertToWrite } from './alert-writer.ts';
import type { CompiledRule } from './compiled-rule.ts';
import { durationMs } from './rule-definition.ts';
import {
  activeSuppressions,
  alertedEventIds,
  enabledRuleRows,
  FUTURE_SLACK_MS,
  lastAlertAt,
  loadCompiledRule,
  readEvents,
} from './rule-loader.ts';
import {
  advanceCursors,
  dropCursor,
  ensureCursor,
  eventsToReplay,
  readCursors,
  type CursorAdvance,
} from './rule-cursors.ts';
import { bucketStart, RuleState, type Firing } from './rule-state.ts';
import type { AlertEngineDeps, AlertEngineStats } from './alert-engine-deps.ts';

/** Events a rebuild reads back per rule at most (a window larger than this is cut, with a warning). */
const MAX_REBUILD_EVENTS = 200_000;
/** A bounded-count bucket is judged this long after it ends, so slightly late events still count. */
const BUCKET_GRACE_MS = 10_000;

interface LiveRule {
  compiled: CompiledRule;
  state: RuleState;
  /** Group key → quiet until (ms). */
  quiet: Map<string, number>;
  /** While the window is being rebuilt, accepted live events wait here. */
  pending: PicketEvent[] | null;
  /** Deadman: when it last raised an alert, and when it started watching. */
  lastFired: number;
  since: number;
  /** Code rules that throw: when that was last logged, and how often since. */
  failureLoggedAt: number;
  failuresSinceLog: number;
  /** Ids that already fed an alert of this rule: a batch delivered twice (queue mode) must not count again. */
  alerted: Set<string>;
}

/** Alerted ids a rule remembers at most; past it they are forgotten (alert_events still refuses doubles). */
const MAX_ALERTED_IDS = 200_000;

export type { AlertEngineDeps, AlertEngineStats };

export class AlertEngine {
  readonly stats: AlertEngineStats = {
    evaluated: 0,
    alerts: 0,
    absorbed: 0,
    suppressed: 0,
    duplicates: 0,
    failed: 0,
    reloads: 0,
    windowsNotRebuilt: 0,
  };
  private readonly live = new Map<string, LiveRule>();
  private byCategory = new Map<string, LiveRule[]>();
  private generic: LiveRule[] = [];
  private deadman: LiveRule[] = [];
  private readonly inflight = new Set<Promise<void>>();
  /** Firings waiting for the next write; one write runs at a time, so bursts coalesce. */
  private queued: AlertToWrite[] = [];
  private readonly backlog = new AlertBacklog();
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private reloads: Promise<void> = Promise.resolve();
  private stopped = true;
  /** Newest receivedtimestamp (ms) of the events handed over so far: where replay cursors may move. */
  private seenThrough = 0;
  /** Cursors never move past events whose alert write failed: the next start replays them. */
  private failedFloor = Infinity;
  /** Last cursor position written by the timer (skips writes while nothing arrives). */
  private advancedTo = 0;

  constructor(private readonly deps: AlertEngineDeps) {}

  /** Loads every enabled rule and rebuilds its window; then starts the deadman timer. */
  async start(): Promise<void> {
    this.stopped = false;
    this.live.clear();
    this.reindex();
    this.queued = [];
    this.backlog.taken();
    this.failedFloor = Infinity;
    const cursors = await readCursors(this.deps.db);
    for (const row of await enabledRuleRows(this.deps.db)) await this.load(row.id);
    await this.replay(cursors);
    if (!this.deps.externalTicks) {
      this.timer = setInterval(() => this.tick(), this.deps.tickMs);
      this.timer.unref();
    }
    this.deps.log.info({ rules: this.live.size }, 'alert engine started');
  }

  /** Re-reads one rule after it changed (or was disabled/deleted); calls are applied in order. */
  reload(ruleId: string): Promise<void> {
    this.stats.reloads++;
    this.reloads = this.reloads
      .then(() => this.load(ruleId))
      .catch((err) => this.logFailure(err, 'rule reload failed', { ruleId }, 'error'));
    return this.reloads;
  }

  /** Stops evaluating and waits for alerts being written. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.backlog.release();
    clearInterval(this.timer);
    await this.idle();
    // Everything handed over was evaluated and written: a clean restart replays nothing.
    await this.advanceIdle().catch((err) => this.logFailure(err, 'saving replay cursors failed'));
  }

  /** A database outage is logged once by the database health, not on every tick or batch. */
  private logFailure(
    err: unknown,
    msg: string,
    fields: Record<string, unknown> = {},
    level: 'warn' | 'error' = 'warn',
  ): void {
    if (!this.deps.outages?.absorb(err)) this.deps.log[level]({ err, ...fields }, msg);
  }

  /** Resolves when pending rule reloads and alert writes are done (tests, orderly shutdown). */
  async idle(): Promise<void> {
    await this.reloads;
    this.flush();
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Waits for what is queued or being written now (two rounds: the running write, then the one that
   * takes what was queued behind it), without waiting for alerts raised meanwhile, which under a
   * steady alert rate would never end.
   */
  async drainWrites(): Promise<void> {
    for (let round = 0; round < 2; round++) {
      this.flush();
      await Promise.allSettled([...this.inflight]);
    }
  }

  get ruleCount(): number {
    return this.live.size;
  }

  /** The version of a rule being evaluated, or undefined when it is not (disabled, deleted, broken). */
  loadedVersion(ruleId: string): number | undefined {
    return this.live.get(ruleId)?.compiled.version;
  }

  /** Pipeline throttle (embedded mode): resolves once queued firings are back under the limit (alert-backlog.ts). */
  readonly backlogBelowLimit = (): Promise<void> | undefined => this.backlog.below();

  /** Pipeline hook: runs synchronously on each committed batch; alert writes continue in the background. */
  readonly onStored = (events: PicketEvent[]): void => {
    if (this.stopped || this.live.size === 0) return;
    const generic = this.generic;
    // One pipeline writes these strings in one ISO format: compared as text, parsed once per batch.
    let newest = '';
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const ts = Date.parse(e.utctimestamp);
      if (e.receivedtimestamp > newest) newest = e.receivedtimestamp;
      const byCat = this.byCategory.get(e.category);
      if (byCat !== undefined) for (let j = 0; j < byCat.length; j++) this.evaluate(byCat[j], e, ts);
      for (let j = 0; j < generic.length; j++) this.evaluate(generic[j], e, ts);
    }
    const received = Date.parse(newest);
    if (received > this.seenThrough) this.seenThrough = received;
    this.stats.evaluated += events.length;
    if (this.queued.length) this.flush();
  };

  private evaluate(r: LiveRule, e: PicketEvent, ts: number): void {
    if (!r.compiled.accepts(e)) return;
    if (r.alerted.has(e.id)) return;
    if (r.pending !== null) {
      r.pending.push(e);
      return;
    }
    this.offer(r, e, ts);
  }

  /** A code rule that throws is counted as failed and logged; it never stops the others. */
  private offer(r: LiveRule, e: PicketEvent, ts: number): void {
    let f: Firing | null;
    try {
      f = r.state.offer(e, ts);
    } catch (err) {
      this.stats.failed++;
      // At most one line per rule every 10 s: a module failing on every event must not flood the log.
      const now = Date.now();
      if (now - r.failureLoggedAt >= 10_000) {
        this.deps.log.error(
          { err, ruleId: r.compiled.id, eventId: e.id, failedSinceLastLog: r.failuresSinceLog },
          'rule evaluation failed',
        );
        r.failureLoggedAt = now;
        r.failuresSinceLog = 0;
      } else r.failuresSinceLog++;
      return;
    }
    if (f !== null) {
      if (r.alerted.size > MAX_ALERTED_IDS) r.alerted.clear();
      for (const fe of f.events) r.alerted.add(fe.id);
      this.fire(r, f);
    }
  }

  private async load(ruleId: string): Promise<void> {
    if (this.stopped) return;
    this.remove(ruleId);
    const [row] = await enabledRuleRows(this.deps.db, ruleId);
    if (!row) {
      await dropCursor(this.deps.db, ruleId);
      return;
    }
    const compiled = await loadCompiledRule(this.deps.db, row, this.deps.codeRules);
    if ('error' in compiled) {
      this.deps.log.warn({ ruleId, err: compiled.error }, 'rule cannot run; skipped');
      return;
    }
    const now = Date.now();
    const r: LiveRule = {
      compiled,
      state: new RuleState(compiled),
      quiet: new Map(),
      pending: [],
      lastFired: 0,
      since: now,
      failureLoggedAt: 0,
      failuresSinceLog: 0,
      alerted: new Set(),
    };
    this.add(r);
    try {
      r.quiet = await activeSuppressions(this.deps.db, ruleId, new Date(now));
      if (perEvent(compiled)) await ensureCursor(this.deps.db, ruleId, now);
      await this.rebuild(r, now);
    } catch (err) {
      this.remove(ruleId);
      throw err;
    }
  }

  /** Refills the window from the store: events of the last window that fed no alert of this rule yet. */
  private async rebuild(r: LiveRule, now: number): Promise<void> {
    const c = r.compiled;
    const seen = new Set<string>();
    // Alerts of the rule's previous version still being written must be visible to alertedEventIds.
    await this.drainWrites();
    if (c.def.type === 'deadman') {
      // Only the latest matching event matters: one row, newest first.
      r.lastFired = await lastAlertAt(this.deps.db, c.id);
      const latest = await this.readBack(c.id, 'window', () =>
        this.deps.store.search({
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
      const alerted = await alertedEventIds(this.deps.db, c.id, from);
      const { events, truncated } = (await this.readBack(c.id, 'window', () =>
        readEvents(this.deps.store, c.storeQuery, from, new Date(now + FUTURE_SLACK_MS), MAX_REBUILD_EVENTS),
      )) ?? { events: [], truncated: false };
      if (truncated)
        this.deps.log.warn(
          { ruleId: c.id },
          'rule window holds more events than a rebuild reads; the oldest are left out',
        );
      r.alerted = alerted;
      for (const e of events) {
        seen.add(e.id);
        if (alerted.has(e.id) || !c.accepts(e)) continue;
        this.offer(r, e, Date.parse(e.utctimestamp));
      }
    }
    // Live events that arrived meanwhile, minus those the store already returned.
    const pending = r.pending ?? [];
    r.pending = null;
    for (const e of pending) {
      if (seen.has(e.id) || r.alerted.has(e.id)) continue;
      this.offer(r, e, Date.parse(e.utctimestamp));
    }
    this.flush();
  }

  /**
   * A window's read-back, or undefined when it ran past the store's time limit (a regex over
   * millions of events does): the rule then starts with an empty window and judges what arrives
   * from now, rather than failing the engine's start or dropping the rule on a reload.
   */
  private async readBack<T>(
    ruleId: string,
    reading: 'window' | 'replay',
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof QueryTimeoutError)) throw err;
      this.stats.windowsNotRebuilt++;
      this.deps.log.warn(
        { ruleId, reading, err: err.message },
        "reading a rule's past events ran past the time limit; it judges events from now on",
      );
      return undefined;
    }
  }

  /** At start: per-event rules re-evaluate what was stored after their cursor (see rule-cursors.ts). */
  private async replay(cursors: Map<string, number>): Promise<void> {
    const rules = [...this.live.values()].filter((r) => perEvent(r.compiled) && cursors.has(r.compiled.id));
    if (rules.length === 0) return;
    const targets = rules.map((r) => ({
      id: r.compiled.id,
      storeQuery: r.compiled.storeQuery,
      accepts: r.compiled.accepts,
      cursor: cursors.get(r.compiled.id)!,
    }));
    const now = Date.now();
    const replayOf = (ts: typeof targets) => () => eventsToReplay(this.deps.db, this.deps.store, ts, now);
    // One read for all rules; if a pattern rule makes it run past the time limit, one read per
    // rule, so only the rules whose read is too slow go without their replay.
    let read = await this.readBack('(every per-event rule)', 'replay', replayOf(targets));
    if (!read) {
      read = { items: [], truncated: false };
      for (const t of targets) {
        const one = await this.readBack(t.id, 'replay', replayOf([t]));
        if (one) read = { items: [...read.items, ...one.items], truncated: read.truncated || one.truncated };
      }
    }
    const { items, truncated } = read;
    if (truncated)
      this.deps.log.warn(
        { replayed: items.length },
        'more events were stored after the replay cursors than a start replays; the rest are not alerted on',
      );
    for (const { event, ruleIds } of items) {
      const received = Date.parse(event.receivedtimestamp);
      if (received > this.seenThrough) this.seenThrough = received;
      for (const id of ruleIds) {
        const r = this.live.get(id);
        if (r) this.offer(r, event, Date.parse(event.utctimestamp));
      }
    }
    if (items.length) this.deps.log.info({ events: items.length }, 'replayed events stored after the last evaluation');
    this.flush();
    await this.drainWrites();
  }

  /** Where per-event rules' cursors may move now: every event handed over so far was evaluated. */
  private cursorAdvance(): CursorAdvance | undefined {
    const through = Math.min(this.seenThrough, this.failedFloor);
    if (through <= 0) return undefined;
    const ruleIds: string[] = [];
    // A rule still loading holds events it has not evaluated: its cursor waits.
    for (const r of this.live.values()) if (perEvent(r.compiled) && r.pending === null) ruleIds.push(r.compiled.id);
    return ruleIds.length ? { ruleIds, through } : undefined;
  }

  /** Moves the cursors while nothing is queued or being written (otherwise the write moves them). */
  private async advanceIdle(): Promise<void> {
    if (this.writing || this.queued.length) return;
    const a = this.cursorAdvance();
    if (!a || a.through <= this.advancedTo) return;
    await advanceCursors(this.deps.db, a);
    this.advancedTo = a.through;
  }

  private fire(r: LiveRule, firing: Firing): void {
    const now = Date.now();
    const quietUntil = r.quiet.get(firing.groupKey);
    if (quietUntil !== undefined && quietUntil > now) {
      this.stats.suppressed++;
      return;
    }
    const quietMs = r.compiled.def.suppress ? durationMs(r.compiled.def.suppress)! : 0;
    const until = quietMs > 0 ? new Date(now + quietMs) : null;
    if (until) r.quiet.set(firing.groupKey, until.getTime());
    this.queued.push({ rule: r.compiled, firing, suppressUntil: until, raisedAt: new Date(now) });
    this.backlog.add(firing.events.length);
  }

  /** Starts a write of everything queued, unless one is running (it picks the rest up when done). */
  private flush(): void {
    if (this.writing || this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.backlog.taken();
    // Every firing from the events seen so far is in this batch or already written.
    const advance = this.cursorAdvance();
    const p = writeAlerts(this.deps.db, batch, advance, this.deps.actions)
      .then(async (written) => {
        const committed = Date.now();
        if (this.deps.onAlertLatency)
          for (const w of written)
            if (w.newestReceivedMs !== null) this.deps.onAlertLatency((committed - w.newestReceivedMs) / 1000);
        for (const w of written) this.stats[w.absorbed ? 'absorbed' : 'alerts']++;
        this.stats.duplicates += batch.length - written.length;
        for (const w of written) await this.deps.bus.publish({ topic: 'alerts', id: w.id, version: w.version });
      })
      .catch((err) => {
        this.stats.failed += batch.length;
        for (const b of batch)
          for (const e of b.firing.events)
            this.failedFloor = Math.min(this.failedFloor, Date.parse(e.receivedtimestamp) - 1);
        this.logFailure(err, 'writing alerts failed', { alerts: batch.length }, 'error');
      })
      .finally(() => {
        this.inflight.delete(p);
        this.writing = null;
        this.flush();
      });
    this.writing = p;
    this.inflight.add(p);
  }

  /** Deadman checks and window sweeps: the local timer in embedded mode, a repeatable job in queue mode. */
  tick(): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const r of this.deadman) {
      if (r.pending !== null) continue;
      if (!r.state.deadmanDue(now, Math.max(r.lastFired, r.since))) continue;
      r.lastFired = now;
      this.fire(r, { groupKey: '', events: [], at: now });
    }
    for (const r of this.live.values()) {
      // Closed buckets of bounded counts (before sweep, which forgets idle groups); not mid-rebuild.
      if (r.pending === null) {
        for (const f of r.state.expire(now, BUCKET_GRACE_MS)) {
          for (const fe of f.events) r.alerted.add(fe.id);
          this.fire(r, f);
        }
      }
      r.state.sweep(now);
      for (const [key, until] of r.quiet) if (until <= now) r.quiet.delete(key);
    }
    this.flush();
    if (!this.writing) {
      const p = this.advanceIdle()
        .catch((err) => this.logFailure(err, 'saving replay cursors failed'))
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  private add(r: LiveRule): void {
    this.live.set(r.compiled.id, r);
    this.reindex();
  }

  private remove(ruleId: string): void {
    if (this.live.delete(ruleId)) this.reindex();
  }

  /** Rebuilt on every rule change (rare): new arrays, so a batch in progress keeps its snapshot. */
  private reindex(): void {
    const byCategory = new Map<string, LiveRule[]>();
    const generic: LiveRule[] = [];
    const deadman: LiveRule[] = [];
    for (const r of this.live.values()) {
      if (r.compiled.def.type === 'deadman') deadman.push(r);
      const cat = r.compiled.category;
      if (cat === undefined) generic.push(r);
      else byCategory.set(cat, [...(byCategory.get(cat) ?? []), r]);
    }
    this.byCategory = byCategory;
    this.generic = generic;
    this.deadman = deadman;
  }
}

/** Rules that alert on each event alone (match, watchlist, plain Sigma): no window to rebuild, so they replay. */
function perEvent(c: CompiledRule): boolean {
  return c.def.type === 'match' || c.def.type === 'watchlist';
}
