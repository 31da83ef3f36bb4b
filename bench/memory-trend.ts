// The soak's memory record: the server's RSS (from /proc) and V8 heap (from its /metrics) sampled
// every few seconds, and the verdict on growth. Warm-up (JIT, caches, pools and rule windows filling)
// happens before the judged phase (the soak fills the windows first), so growth is judged over all of it.
import { log, round } from './stats.ts';
import { HttpClient } from './load.ts';
import { heapFigures } from './server-metrics.ts';
import type { BenchServer } from './server-process.ts';

export interface MemorySample {
  /** ms since the soak's paced phase began (negative: before it, e.g. during the capacity burst). */
  t: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** What "no growth" means here (the issue asks for none; these are the tolerances that make it measurable). */
export const GROWTH_LIMITS = {
  /** Least-squares slope of RSS over the judged phase. */
  slopeMbPerMin: 1,
  /** The last tenth's median RSS may exceed the first tenth's by this fraction. */
  endVsLevel: 0.1,
} as const;

export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly http: HttpClient;
  private origin = performance.now();
  private busy = false;

  constructor(
    private readonly server: BenchServer,
    private readonly everyMs: number,
  ) {
    this.http = new HttpClient(server.url, 1);
  }

  start(): void {
    this.timer = setInterval(() => void this.take(), this.everyMs);
    void this.take();
  }

  /** Sample times are counted from here on (the paced phase); earlier samples keep negative times. */
  setOrigin(at: number): void {
    for (const s of this.samples) s.t -= at - this.origin;
    this.origin = at;
  }

  private async take(): Promise<void> {
    if (this.busy) return; // a slow /metrics answer must not pile up scrapes
    this.busy = true;
    try {
      const rssMb = this.server.rssNowMb();
      const heap = await heapFigures(this.http, this.server.token);
      this.samples.push({ t: performance.now() - this.origin, rssMb, ...heap });
    } catch (err) {
      log(`soak: memory sample failed: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.http.close();
  }
}

/** Least-squares slope of y over t, per minute; NaN with fewer than 3 points. */
export function slopePerMin(points: ReadonlyArray<{ t: number; y: number }>): number {
  const n = points.length;
  if (n < 3) return NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  return den > 0 ? (num / den) * 60_000 : NaN;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The growth verdict over a paced phase of `durationMs` (samples with t in [0, durationMs]). */
export function memoryTrend(all: readonly MemorySample[], durationMs: number) {
  const run = all.filter((s) => s.t >= 0 && s.t <= durationMs + 5_000);
  const tenth = durationMs / 10;
  const level = median(run.filter((s) => s.t < tenth).map((s) => s.rssMb));
  const end = median(run.filter((s) => s.t >= durationMs - tenth).map((s) => s.rssMb));
  const rssSlope = slopePerMin(run.map((s) => ({ t: s.t, y: s.rssMb })));
  const heapSlope = slopePerMin(run.map((s) => ({ t: s.t, y: s.heapUsedMb })));
  const peak = run.reduce((m, s) => Math.max(m, s.rssMb), 0);
  const endVsLevel = (end - level) / level;
  return {
    samples: run.length,
    rssStartMb: round(run[0]?.rssMb ?? NaN, 1),
    rssFirstTenthMb: round(level, 1),
    rssEndMb: round(end, 1),
    rssPeakMb: round(peak, 1),
    rssSlopeMbPerMin: round(rssSlope, 2),
    rssEndVsFirstTenth: round(endVsLevel, 3),
    heapUsedStartMb: round(run[0]?.heapUsedMb ?? NaN, 1),
    heapUsedEndMb: round(median(run.filter((s) => s.t >= durationMs - tenth).map((s) => s.heapUsedMb)), 1),
    heapUsedPeakMb: round(
      run.reduce((m, s) => Math.max(m, s.heapUsedMb), 0),
      1,
    ),
    /** Informational: heap-used is a GC sawtooth, its slope is noisier than RSS's. */
    heapUsedSlopeMbPerMin: round(heapSlope, 2),
    ok: rssSlope < GROWTH_LIMITS.slopeMbPerMin && endVsLevel <= GROWTH_LIMITS.endVsLevel,
  };
}
