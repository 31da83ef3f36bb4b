// The watchlist of one process: the service (records) and the ingest matcher kept in step with it.
// The matcher reloads from the database when anything on the 'watchlist' topic changes (this
// process or another, via the bus) and once a minute so expired items leave the index.
import type { OutageSink } from '../db/database-health.ts';
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import { coalescedReload } from '../realtime/coalesced-reload.ts';
import { WatchMatcher } from './watch-matcher.ts';
import { WatchlistService } from './watchlist-service.ts';

const REFRESH_MS = 60_000;

export class Watchlist {
  readonly matcher = new WatchMatcher();
  service!: WatchlistService;
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private outages?: OutageSink;

  /** The matcher exists before the database is open: the enrichment stage is built with it. */
  constructor(private readonly log: Logger) {}

  async start(deps: { db: Db; bus: Bus; trustedCidrs: readonly string[]; outages?: OutageSink }): Promise<void> {
    this.outages = deps.outages;
    this.service = new WatchlistService(deps.db, deps.bus, { trustedCidrs: deps.trustedCidrs });
    this.service.onChange(() => this.reload());
    await this.reload();
    this.unsubscribe = deps.bus.subscribe('watchlist', () => void this.reload());
    this.timer = setInterval(() => void this.reload(), REFRESH_MS);
    this.timer.unref();
  }

  /** Coalesces: changes arriving during a load cause exactly one more load after it. */
  readonly reload = coalescedReload(async () => {
    try {
      const items = await this.service.activeWatchItems();
      this.matcher.replace(
        items.map((i) => ({
          id: i.id,
          type: i.type,
          value: i.value,
          expiresAt: i.expiresAt ? Date.parse(i.expiresAt) : Infinity,
        })),
      );
    } catch (err) {
      if (!this.outages?.absorb(err))
        this.log.error({ err }, 'watchlist reload failed; the previous list stays in use');
    }
  });

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
  }
}
