import type { Logger } from '../logger.ts';
import type { EmbeddedPostgres } from './embedded-postgres.ts';

export interface SupervisorOptions {
  /** How often the postmaster is checked when nothing else hints it died. */
  intervalMs?: number;
  /** First wait between failed start attempts; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Keeps the embedded Postgres running: when its postmaster dies (killed, OOM, a crash during
 * recovery from a full disk) it is started again, which runs crash recovery; the pool then
 * reconnects on its own. Logs when it notices, when a start attempt fails for a new reason, and
 * when the server is back — not on every check.
 */
export class EmbeddedSupervisor {
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly pg: EmbeddedPostgres,
    private readonly log: Logger,
    private readonly opts: SupervisorOptions = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.check(), this.opts.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** 'restarting' from the moment the death is noticed until the server accepts connections again. */
  state(): 'running' | 'restarting' {
    return this.restarting ? 'restarting' : 'running';
  }

  /** Looks now (a connection just failed) instead of at the next interval; ends a backoff wait early. */
  check(): void {
    if (this.stopped) return;
    if (this.restarting) {
      this.wake?.();
      return;
    }
    void this.pg.running().then((alive) => {
      if (alive || this.stopped || this.restarting) return;
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    });
  }

  /** Stops watching; waits for a restart in progress so the server can then be stopped cleanly. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.wake?.();
    await this.restarting;
  }

  private async restart(): Promise<void> {
    const began = Date.now();
    this.log.error('embedded postgres exited unexpectedly; starting it again (crash recovery runs first)');
    let wait = this.opts.backoffMs ?? 500;
    let lastReason = '';
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        // pg_ctl may have given up waiting while the server went on recovering: it is up then.
        if (!(await this.pg.running())) await this.pg.restart();
        this.log.warn(
          { attempts: attempt, seconds: Math.round((Date.now() - began) / 100) / 10 },
          'embedded postgres restarted',
        );
        return;
      } catch (err) {
        const reason = (err as Error).message;
        // The same failure names a new temp file or pid each time: compare without the numbers.
        const gist = reason.replace(/\d+/g, 'N');
        if (gist !== lastReason) this.log.error({ reason, attempt }, 'embedded postgres did not start; retrying');
        lastReason = gist;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
      wait = Math.min(wait * 2, this.opts.maxBackoffMs ?? 5000);
    }
  }
}
