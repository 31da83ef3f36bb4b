// Small numeric helpers shared by the benchmarks.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Rounds for printing: figures carry two decimals at most, so lines stay readable. */
export function round(n: number, digits = 2): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ratio(value: number, baseline: number): number {
  return baseline > 0 ? round(value / baseline, 3) : NaN;
}

export function latencySummary(samplesMs: readonly number[]): {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  n: number;
} {
  return {
    p50Ms: round(percentile(samplesMs, 50)),
    p95Ms: round(percentile(samplesMs, 95)),
    p99Ms: round(percentile(samplesMs, 99)),
    // reduce, not Math.max(...): spreading 100k+ samples overflows the call stack.
    maxMs: round(samplesMs.length ? samplesMs.reduce((a, b) => (b > a ? b : a), -Infinity) : NaN),
    n: samplesMs.length,
  };
}

/** Progress and diagnostics go to stderr: stdout carries only the JSON result lines. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function emit(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}
