const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

// Neighbours differ by at most ~2x, so some step always gives between 60 and 120 buckets.
const NICE_MS = [
  ...[1, 2, 3, 5, 10, 15, 20, 30].map((n) => n * S),
  ...[1, 2, 3, 5, 10, 15, 20, 30].map((n) => n * M),
  ...[1, 2, 3, 4, 6, 8, 12].map((n) => n * H),
  ...[1, 2, 3, 5, 7, 14, 30, 60, 90, 180, 365].map((n) => n * D),
];

export const TARGET_MAX_BUCKETS = 120;

/** The smallest "nice" interval giving at most 120 buckets over `spanMs` (so ~60–120 for spans over 2 min). */
export function autoInterval(spanMs: number): number {
  const nice = NICE_MS.find((i) => spanMs / i <= TARGET_MAX_BUCKETS);
  if (nice !== undefined) return nice;
  // Spans of centuries (to=year 200000 is a valid date): whole years, still at most 120 buckets.
  const year = NICE_MS.at(-1)!;
  return Math.ceil(spanMs / TARGET_MAX_BUCKETS / year) * year;
}

/** `90s`, `15m`, `6h`, `2d`: how people write intervals. */
export function formatInterval(ms: number): string {
  for (const [unit, size] of [
    ['d', D],
    ['h', H],
    ['m', M],
    ['s', S],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
