// Firings on their way to Postgres. Rules raise alerts synchronously while a batch is evaluated;
// writing them waits here, one write at a time, so a burst coalesces into one transaction instead
// of one each. What is queued counts towards the back-pressure limit (alert-backlog.ts). A write
// that fails lowers the floor the per-event rules' replay cursors may move to, so the next start
// evaluates those events again.
import { AlertBacklog } from './alert-backlog.ts';
import type { AlertEngineDeps, AlertEngineStats } from './alert-engine-deps.ts';
import { writeAlerts, type AlertToWrite } from './alert-writer.ts';
import type { CursorAdvance } from './rule-cursors.ts';

type LogFailure = (err: unknown, msg: string, fields: Record<string, unknown>, level: 'warn' | 'error') => void;

export class AlertWriteQueue {
  private queued: AlertToWrite[] = [];
  private readonly backlog = new AlertBacklog();
  private writing: Promise<void> | null = null;
  /** Cursors never move past events whose alert write failed: the next start replays them. */
  private floor = Infinity;

  constructor(
    private readonly deps: Pick<AlertEngineDeps, 'db' | 'bus' | 'actions' | 'onAlertLatency'>,
    private readonly stats: AlertEngineStats,
    /** Where replay cursors may move once the write commits: asked at the moment it starts. */
    private readonly cursorAdvance: () => CursorAdvance | undefined,
    private readonly logFailure: LogFailure,
  ) {}

  /** A start (or restart) begins with nothing queued and nothing failed. */
  reset(): void {
    this.queued = [];
    this.backlog.taken();
    this.floor = Infinity;
  }

  push(item: AlertToWrite): void {
    this.queued.push(item);
    this.backlog.add(item.firing.events.length);
  }

  /** Received time (ms) below the oldest event whose alert write failed; Infinity when none did. */
  get failedFloor(): number {
    return this.floor;
  }

  /** Something is queued or being written (replay cursors then move with that write). */
  get busy(): boolean {
    return this.writing !== null || this.queued.length > 0;
  }

  /** Resolves once queued firings are back under the limit; undefined when they are (alert-backlog.ts). */
  below(): Promise<void> | undefined {
    return this.backlog.below();
  }

  /** Stopping: ingest waiting on the backlog goes on. */
  release(): void {
    this.backlog.release();
  }

  /** Starts a write of everything queued, unless one is running (it picks the rest up when done). */
  flush(): void {
    if (this.writing || this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.backlog.taken();
    // Every firing from the events seen so far is in this batch or already written.
    const advance = this.cursorAdvance();
    this.writing = writeAlerts(this.deps.db, batch, advance, this.deps.actions)
      .then(async (written) => {
        const committed = Date.now();
        const onLatency = this.deps.onAlertLatency;
        for (const w of written) {
          if (onLatency && w.newestReceivedMs !== null) onLatency((committed - w.newestReceivedMs) / 1000);
          this.stats[w.absorbed ? 'absorbed' : 'alerts']++;
        }
        this.stats.duplicates += batch.length - written.length;
        for (const w of written) await this.deps.bus.publish({ topic: 'alerts', id: w.id, version: w.version });
      })
      .catch((err) => {
        this.stats.failed += batch.length;
        for (const b of batch)
          for (const e of b.firing.events) this.floor = Math.min(this.floor, Date.parse(e.receivedtimestamp) - 1);
        this.logFailure(err, 'writing alerts failed', { alerts: batch.length }, 'error');
      })
      .finally(() => {
        this.writing = null;
        this.flush();
      });
  }

  /**
   * Waits for what is queued or being written now (two rounds: the running write, then the one that
   * takes what was queued behind it), without waiting for alerts raised meanwhile, which under a
   * steady alert rate would never end.
   */
  async drain(): Promise<void> {
    for (let round = 0; round < 2; round++) {
      this.flush();
      await this.writing;
    }
  }

  /** Waits until nothing is queued or being written, including alerts raised meanwhile. */
  async idle(): Promise<void> {
    this.flush();
    while (this.writing) await this.writing;
  }
}
