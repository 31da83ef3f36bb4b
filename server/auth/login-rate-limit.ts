/** Sliding-window limit of sign-in attempts per source address (accounts also lock; see users.ts). */
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
