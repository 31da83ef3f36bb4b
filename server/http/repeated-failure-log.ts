import type { Logger } from '../logger.ts';

/**
 * Logs a failure the first time it is seen, then only a count while the same failure repeats: a
 * dependency without its own outage tracking (Redis holding the queue, say) must not write a stack
 * trace per refused request. A different failure, or the same one after `quietMs` without it, is
 * logged in full again; the count of what was held back goes with it.
 */
export class RepeatedFailureLog {
  private last: string | undefined;
  private lastAt = 0;
  private held = 0;

  constructor(
    private readonly log: Logger,
    private readonly msg: string,
    private readonly quietMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  report(err: unknown): void {
    const key = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const t = this.now();
    if (key === this.last && t - this.lastAt < this.quietMs) {
      this.held++;
      this.lastAt = t;
      return;
    }
    this.log.error({ err, repeatsSincePrevious: this.held }, this.msg);
    this.last = key;
    this.lastAt = t;
    this.held = 0;
  }
}
