// Streaming alert evaluation. The pipeline hands over every batch right after the store committed it
// (EventPipeline.onStored); each event meets only the rules that can match it (indexed by the
// category their query requires), windows live in memory per rule and group key, and alerts are
// written in their own transaction and announced on the bus. At start, and whenever a rule changes,
// the rule's window is rebuilt from the store minus the events that already fed an alert, so a
// restart in the middle of a window neither misses nor doubles. Rules that alert per event have no
// window: their replay cursors (rule-cursors.ts) let a start re-evaluate what a crash left unwritten
// (both in rule-rebuild.ts). Alerts wait in the write queue (alert-write-queue.ts). A timer runs
// deadman checks.
import type { PicketEvent } from '../ingest/event.ts';
import type { AlertEngineDeps, AlertEngineStats } from './alert-engine-deps.ts';
import { AlertWriteQueue } from './alert-write-queue.ts';
import { newLiveRule, perEvent, type LiveRule } from './live-rule.ts';
import { rebuildWindow, replayPerEvent, type RebuildHost } from './rule-rebuild.ts';
import { durationMs } from './rule-definition.ts';
import { activeSuppressions, enabledRuleRows, loadCompiledRule } from './rule-loader.ts';
import { advanceCursors, dropCursor, ensureCursor, readCursors, type CursorAdvance } from './rule-cursors.ts';
import type { Firing } from './rule-state.ts';

/** A bounded-count bucket is judged this long after it ends, so slightly late events still count. */
const BUCKET_GRACE_MS = 10_000;

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
  /** Cursor saves running in the background (tick). */
  private readonly inflight = new Set<Promise<void>>();
  private readonly writes: AlertWriteQueue;
  private timer: NodeJS.Timeout | undefined;
  private reloads: Promise<void> = Promise.resolve();
  private stopped = true;
  /** Newest receivedtimestamp (ms) of the events handed over so far: where replay cursors may move. */
  private seenThrough = 0;
  /** Last cursor position written by the timer (skips writes while nothing arrives). */
  private advancedTo = 0;

  /** What window rebuilds and the start replay use of the engine (rule-rebuild.ts). */
  private readonly host: RebuildHost;

  constructor(private readonly deps: AlertEngineDeps) {
    this.host = {
      deps,
      stats: this.stats,
      offer: (r, e, ts) => this.offer(r, e, ts),
      drainWrites: () => this.writes.drain(),
      received: (ms) => {
        if (ms > this.seenThrough) this.seenThrough = ms;
      },
    };
    this.writes = new AlertWriteQueue(
      deps,
      this.stats,
      () => this.cursorAdvance(),
      (err, msg, fields, level) => this.logFailure(err, msg, fields, level),
    );
  }

  /** Loads every enabled rule and rebuilds its window; then starts the deadman timer. */
  async start(): Promise<void> {
    this.stopped = false;
    this.live.clear();
    this.reindex();
    this.writes.reset();
    const cursors = await readCursors(this.deps.db);
    for (const row of await enabledRuleRows(this.deps.db)) await this.load(row.id);
    await replayPerEvent(this.host, this.live, cursors);
    await this.writes.drain();
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
    this.writes.release();
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
    await this.writes.idle();
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Waits for the alerts queued or being written now, not for those raised meanwhile (AlertWriteQueue.drain). */
  drainWrites(): Promise<void> {
    return this.writes.drain();
  }

  get ruleCount(): number {
    return this.live.size;
  }

  /** The version of a rule being evaluated, or undefined when it is not (disabled, deleted, broken). */
  loadedVersion(ruleId: string): number | undefined {
    return this.live.get(ruleId)?.compiled.version;
  }

  /** Pipeline throttle (embedded mode): resolves once queued firings are back under the limit (alert-backlog.ts). */
  readonly backlogBelowLimit = (): Promise<void> | undefined => this.writes.below();

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
    this.writes.flush();
  };

  private evaluate(r: LiveRule, e: PicketEvent, ts: number): void {
    if (!r.compiled.accepts(e)) return;
    if (r.alerted?.has(e.id)) return;
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
      r.alerted?.addAll(f.events, Date.now());
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
    const r = newLiveRule(compiled, now);
    this.add(r);
    try {
      r.quiet = await activeSuppressions(this.deps.db, ruleId, new Date(now));
      if (perEvent(compiled)) await ensureCursor(this.deps.db, ruleId, now);
      await rebuildWindow(this.host, r, now);
      this.writes.flush();
    } catch (err) {
      this.remove(ruleId);
      throw err;
    }
  }

  /** Where per-event rules' cursors may move now: every event handed over so far was evaluated. */
  private cursorAdvance(): CursorAdvance | undefined {
    const through = Math.min(this.seenThrough, this.writes.failedFloor);
    if (through <= 0) return undefined;
    const ruleIds: string[] = [];
    // A rule still loading holds events it has not evaluated: its cursor waits.
    for (const r of this.live.values()) if (perEvent(r.compiled) && r.pending === null) ruleIds.push(r.compiled.id);
    return ruleIds.length ? { ruleIds, through } : undefined;
  }

  /** Moves the cursors while nothing is queued or being written (otherwise the write moves them). */
  private async advanceIdle(): Promise<void> {
    if (this.writes.busy) return;
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
    this.writes.push({ rule: r.compiled, firing, suppressUntil: until, raisedAt: new Date(now) });
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
          r.alerted?.addAll(f.events, now);
          this.fire(r, f);
        }
      }
      r.state.sweep(now);
      for (const [key, until] of r.quiet) if (until <= now) r.quiet.delete(key);
    }
    this.writes.flush();
    if (!this.writes.busy) {
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
