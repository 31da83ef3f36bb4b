// Dependency health for /api/health and the picket_dependency_* metrics. Each dependency this
// process really uses (Postgres, Redis, a search cluster, the queue) registers one probe at wiring
// time; nothing is listed because it is configured. Probes are cheap (a round trip), run in
// parallel with a time limit, and one check serves every caller that asks within `maxAgeMs`, so an
// unauthenticated flood of health requests costs one probe per dependency per interval.

export type DependencyStatus = 'ok' | 'degraded' | 'down';

/** What a probe may add to "reachable": a softer status (e.g. Redis without persistence) and facts. */
export interface ProbeOutcome {
  status?: 'ok' | 'degraded';
  /** Why it is degraded; shown like an error message. */
  message?: string;
  details?: Record<string, string | number | boolean | null>;
}

/** Resolves when the dependency answered, throws (or outlives its time limit) when it did not. */
export type Probe = (signal: AbortSignal) => Promise<ProbeOutcome | void>;

export interface ProbeOptions {
  /** A critical dependency that is not ok makes the process `degraded` (HTTP 503 on /api/health). */
  critical: boolean;
  timeoutMs?: number;
}

export interface DependencyHealth {
  status: DependencyStatus;
  critical: boolean;
  /** Round trip of the last probe; null when it did not answer in time. */
  latencyMs: number | null;
  checkedAt: string;
  lastOkAt: string | null;
  /** The most recent failure, kept after recovery so a flapping dependency shows what happened. */
  lastError: { at: string; message: string } | null;
  details?: ProbeOutcome['details'];
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  dependencies: Record<string, DependencyHealth>;
}

interface Entry {
  probe: Probe;
  opts: Required<ProbeOptions>;
  lastOkAt: string | null;
  lastError: { at: string; message: string } | null;
  /** A probe still running from an earlier check is not started again (no pile-up on a hung server). */
  running: Promise<ProbeOutcome | void> | null;
}

const DEFAULT_TIMEOUT_MS = 2000;
const MAX_MESSAGE = 300;

export class ProbeTimeoutError extends Error {}

export class HealthRegistry {
  private readonly entries = new Map<string, Entry>();
  private current: Promise<HealthReport> | null = null;
  private last: { at: number; report: HealthReport } | null = null;

  constructor(private readonly opts: { maxAgeMs?: number } = {}) {}

  /** Adds (or replaces) the probe of one dependency; returns the function that removes it. */
  register(name: string, probe: Probe, opts: ProbeOptions): () => void {
    const entry: Entry = {
      probe,
      opts: { timeoutMs: DEFAULT_TIMEOUT_MS, ...opts },
      lastOkAt: null,
      lastError: null,
      running: null,
    };
    this.entries.set(name, entry);
    this.last = null;
    return () => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
      this.last = null;
    };
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Every registered dependency's state, at most `maxAgeMs` old. */
  check(): Promise<HealthReport> {
    const maxAge = this.opts.maxAgeMs ?? 1000;
    if (this.last && Date.now() - this.last.at < maxAge) return Promise.resolve(this.last.report);
    this.current ??= this.run().finally(() => (this.current = null));
    return this.current;
  }

  private async run(): Promise<HealthReport> {
    const names = [...this.entries.keys()];
    const results = await Promise.all(names.map((n) => this.probeOne(this.entries.get(n)!)));
    const dependencies = Object.create(null) as Record<string, DependencyHealth>;
    let status: HealthReport['status'] = 'ok';
    names.forEach((n, i) => {
      dependencies[n] = results[i];
      if (results[i].critical && results[i].status !== 'ok') status = 'degraded';
    });
    const report = { status, dependencies };
    this.last = { at: Date.now(), report };
    return report;
  }

  private async probeOne(e: Entry): Promise<DependencyHealth> {
    const checkedAt = new Date().toISOString();
    const started = performance.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const base = { critical: e.opts.critical, checkedAt };
    try {
      if (e.running)
        throw new ProbeTimeoutError(`no answer yet to the probe started earlier (limit ${e.opts.timeoutMs} ms)`);
      const run = Promise.resolve().then(() => e.probe(controller.signal));
      e.running = run;
      void run.catch(() => undefined).finally(() => e.running === run && (e.running = null));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new ProbeTimeoutError(`no answer within ${e.opts.timeoutMs} ms`));
        }, e.opts.timeoutMs);
      });
      const outcome = (await Promise.race([run, timeout])) ?? {};
      const latencyMs = round(performance.now() - started);
      const status = outcome.status ?? 'ok';
      if (status === 'ok') e.lastOkAt = checkedAt;
      else e.lastError = { at: checkedAt, message: clip(outcome.message ?? 'degraded') };
      return {
        ...base,
        status,
        latencyMs,
        lastOkAt: e.lastOkAt,
        lastError: e.lastError,
        ...(outcome.details ? { details: outcome.details } : {}),
      };
    } catch (err) {
      const timedOut = err instanceof ProbeTimeoutError;
      e.lastError = { at: checkedAt, message: clip(err instanceof Error ? err.message || err.name : String(err)) };
      return {
        ...base,
        status: 'down',
        latencyMs: timedOut ? null : round(performance.now() - started),
        lastOkAt: e.lastOkAt,
        lastError: e.lastError,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s;
}
