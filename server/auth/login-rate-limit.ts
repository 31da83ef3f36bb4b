// Two limits on password sign-in, both in this process's memory:
// - per source address: a sliding window of attempts, whatever the accounts tried;
// - per account and source address: after a few failures, an exponential pause before the next try.
// There is deliberately no per-account lock: anyone could keep an account (admin@localhost) locked
// forever, and "locked" would tell them which accounts exist. Unknown emails are paused exactly
// like real ones, so no answer differs between them.

/** Sliding-window limit of sign-in attempts per source address. */
export class LoginRateLimit {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly max = 20,
    private readonly windowMs = 5 * 60_000,
  ) {}

  /** Records an attempt; false when the address is over its limit. */
  take(ip: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.attempts.set(ip, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(ip, recent);
    if (this.attempts.size > 100_000) this.attempts.clear();
    return true;
  }
}

export interface BackoffOptions {
  /** Failures allowed before the first pause. */
  freeFailures: number;
  /** The first pause; each further failure doubles it, up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** A pair's failures are forgotten after this long without one. */
  forgetMs: number;
  /** Pairs remembered at most (the oldest are dropped first). */
  capacity: number;
}

const DEFAULTS: BackoffOptions = {
  freeFailures: 5,
  baseMs: 30_000,
  maxMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  capacity: 100_000,
};

interface Pair {
  failures: number;
  last: number;
  until: number;
}

/** Exponential backoff per (account, source address). */
export class LoginBackoff {
  private readonly pairs = new Map<string, Pair>();
  private readonly opts: BackoffOptions;

  constructor(opts: Partial<BackoffOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  private key(email: string, ip: string): string {
    return `${email}\n${ip}`;
  }

  private current(key: string, now: number): Pair | undefined {
    const p = this.pairs.get(key);
    if (p && now - p.last >= this.opts.forgetMs) {
      this.pairs.delete(key);
      return undefined;
    }
    return p;
  }

  /** Milliseconds before this account may be tried again from this address; 0 when it may now. */
  waitMs(email: string, ip: string, now = Date.now()): number {
    const p = this.current(this.key(email, ip), now);
    return p ? Math.max(0, p.until - now) : 0;
  }

  /** Counts a failure; returns the pause it starts (0 while failures are still free). */
  failure(email: string, ip: string, now = Date.now()): number {
    const key = this.key(email, ip);
    const p = this.current(key, now) ?? { failures: 0, last: now, until: 0 };
    p.failures++;
    p.last = now;
    const over = p.failures - this.opts.freeFailures;
    const pause = over < 0 ? 0 : Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.min(over, 30));
    p.until = now + pause;
    // Re-inserted so that Map order is least recently failed first, for eviction.
    this.pairs.delete(key);
    this.pairs.set(key, p);
    if (this.pairs.size > this.opts.capacity) this.pairs.delete(this.pairs.keys().next().value!);
    return pause;
  }

  success(email: string, ip: string): void {
    this.pairs.delete(this.key(email, ip));
  }

  /** E.g. after an admin set a new password: the account may be tried again from anywhere. */
  forgetAccount(email: string): void {
    const prefix = `${email}\n`;
    for (const key of this.pairs.keys()) if (key.startsWith(prefix)) this.pairs.delete(key);
  }
}
