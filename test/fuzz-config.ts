// Shared settings for the property-based (fast-check) fuzz suites.
//
// Runs are deterministic: every suite uses a fixed seed, so CI sees the same inputs each time and
// a failure reproduces. fast-check prints the seed and the shrunk counterexample path on failure;
// rerun one with FUZZ_SEED=<seed> (and FUZZ_RUNS=<factor> to explore more, e.g. 10 locally).
// Each property also stops after a time budget, so a slow, shared machine shortens the run instead
// of failing it.
import type { Parameters } from 'fast-check';

const DEFAULT_SEED = 20261207;

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export const FUZZ_SEED = envNumber('FUZZ_SEED') ?? DEFAULT_SEED;
const RUNS_FACTOR = envNumber('FUZZ_RUNS') ?? 1;

/** fast-check parameters: `numRuns` (scaled by FUZZ_RUNS) within `budgetMs` of wall time. */
export function fuzzParams<T>(numRuns: number, budgetMs: number, extra: Parameters<T> = {}): Parameters<T> {
  const runs = Math.max(1, Math.round(numRuns * RUNS_FACTOR));
  return {
    seed: FUZZ_SEED,
    numRuns: runs,
    // A budget scaled with the run count: FUZZ_RUNS=10 may take ten times as long.
    interruptAfterTimeLimit: Math.round(budgetMs * Math.max(1, RUNS_FACTOR)),
    markInterruptAsFailure: false,
    verbose: 1,
    ...extra,
  };
}

/** The vitest timeout for a test running properties with these budgets: their sum, plus setup slack. */
export function fuzzTimeout(...budgetsMs: number[]): number {
  return budgetsMs.reduce((a, b) => a + b, 0) * Math.max(1, RUNS_FACTOR) + 30_000;
}

// What the built-in prototypes hold when this module loads (before any fuzzing).
const PROTOS: Array<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const SNAPSHOT = PROTOS.map(([name, proto]) => {
  const values = new Map<string | symbol, unknown>();
  for (const k of Reflect.ownKeys(proto)) values.set(k, Object.getOwnPropertyDescriptor(proto, k)?.value);
  return { name, proto, values };
});

/**
 * What changed on the built-in prototypes since this module loaded: added keys, replaced values,
 * or a fresh object with a different prototype. Empty when clean.
 */
export function prototypeChanges(): string[] {
  const out: string[] = [];
  for (const { name, proto, values } of SNAPSHOT) {
    for (const k of Reflect.ownKeys(proto)) {
      if (!values.has(k)) out.push(`${name}.${String(k)} added`);
      else if (Object.getOwnPropertyDescriptor(proto, k)?.value !== values.get(k))
        out.push(`${name}.${String(k)} replaced`);
    }
  }
  const probe: Record<string, unknown> = {};
  if (Object.getPrototypeOf(probe) !== Object.prototype) out.push('a fresh {} has another prototype');
  if (probe.polluted !== undefined) out.push('({}).polluted is defined');
  return out;
}
