// Each process reports its plugins (PluginHost.status) to Postgres every few seconds, so whichever
// web process serves Admin → Plugins can show what every queue worker runs and how it fails.
import { lt, gte, sql } from 'drizzle-orm';
import { pluginStatus } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import type { ProcessPlugins } from './plugin-host.ts';

const REPORT_MS = 10_000;
/** A process silent this long is gone (stopped, or its database connection is). */
const STALE_MS = 2 * 60_000;

export class PluginStatusStore {
  private timer?: NodeJS.Timeout;

  constructor(private readonly db: Db) {}

  async report(s: ProcessPlugins): Promise<void> {
    await this.db
      .insert(pluginStatus)
      .values({ processId: s.processId, label: s.label, status: s })
      .onConflictDoUpdate({
        target: pluginStatus.processId,
        set: { label: s.label, status: s, reportedAt: sql`now()` },
      });
  }

  /** Every process that reported recently, this one first when `first` is given. */
  async list(first?: string): Promise<ProcessPlugins[]> {
    const cutoff = new Date(Date.now() - STALE_MS).toISOString();
    const rows = await this.db.select().from(pluginStatus).where(gte(pluginStatus.reportedAt, cutoff));
    const all = rows.map((r) => r.status as ProcessPlugins);
    return all.sort(
      (a, b) => Number(b.processId === first) - Number(a.processId === first) || a.label.localeCompare(b.label),
    );
  }

  /** Reports `status()` now and every REPORT_MS; a failed report is retried at the next tick. */
  start(status: () => ProcessPlugins, onError: (err: unknown) => void): void {
    const tick = async () => {
      try {
        await this.report(status());
        await this.db
          .delete(pluginStatus)
          .where(lt(pluginStatus.reportedAt, new Date(Date.now() - 10 * STALE_MS).toISOString()));
      } catch (err) {
        onError(err);
      }
    };
    void tick();
    // tick() catches its own errors.
    this.timer = setInterval(() => void tick(), REPORT_MS);
    this.timer.unref();
  }

  async stop(processId: string): Promise<void> {
    clearInterval(this.timer);
    await this.db
      .delete(pluginStatus)
      .where(sql`${pluginStatus.processId} = ${processId}`)
      .catch(() => undefined);
  }
}
