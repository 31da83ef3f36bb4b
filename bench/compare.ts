// The comparison step of `npm run bench`: each result line's ratio (figure / same-run baseline) is
// checked against the last recorded ratio in bench/baseline.json. Ratios, not absolute figures, are
// kept because machines (and the load on a shared one) differ; a ratio divides most of that out.
import fs from 'node:fs';
import os from 'node:os';

/** A ratio more than this fraction worse than the recorded one is a regression. */
export const REGRESSION_TOLERANCE = 0.1;

type Direction = 'higher' | 'lower';

/**
 * Which way is better, per bench. Throughput benches divide their figure by a ceiling (higher is
 * better); latency benches divide their p95 by a floor (lower is better).
 */
const DIRECTION: ReadonlyArray<[RegExp, Direction]> = [
  [/^ingest-(bulk|single|queue)$/, 'higher'],
  [/^search-load$/, 'higher'],
  [/^(alert-engine|alert-latency|watchlist-match)$/, 'higher'],
  [/^search-/, 'lower'],
  [/^(live-update|explorer-query)$/, 'lower'],
  [/^explorer-api-/, 'lower'],
];

export function direction(bench: string): Direction | undefined {
  return DIRECTION.find(([re]) => re.test(bench))?.[1];
}

/** One entry per result line: live-update reports once per client count. */
export function ratioKey(line: Record<string, unknown>): string {
  const bench = String(line.bench);
  return line.bench === 'live-update' ? `${bench}@${String(line.clients)}clients` : bench;
}

export interface RecordedRatio {
  ratio: number;
  direction: Direction;
  recordedAt: string;
  /** 1-minute load average when recorded: a figure from a busy box says so. */
  loadAvg1m: number;
  command: string;
}

export interface BaselineFile {
  about: string;
  ratios: Record<string, RecordedRatio>;
}

export interface Verdict {
  key: string;
  ratio: number;
  recorded?: RecordedRatio;
  /** Relative change, signed so that negative is worse. */
  change?: number;
  regressed: boolean;
}

export function readBaseline(file: string): BaselineFile {
  if (!fs.existsSync(file)) return { about: '', ratios: {} };
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
  return { about: parsed.about ?? '', ratios: parsed.ratios ?? {} };
}

/** Compares one result line; undefined when it has no comparable ratio. */
export function judge(line: Record<string, unknown>, baseline: BaselineFile): Verdict | undefined {
  const ratio = line.ratio;
  const dir = direction(String(line.bench));
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0 || !dir) return undefined;
  const key = ratioKey(line);
  const recorded = baseline.ratios[key];
  if (!recorded) return { key, ratio, regressed: false };
  const change = dir === 'higher' ? ratio / recorded.ratio - 1 : recorded.ratio / ratio - 1;
  return { key, ratio, recorded, change: Math.round(change * 1000) / 1000, regressed: change < -REGRESSION_TOLERANCE };
}

export function describeRegression(v: Verdict): string {
  const r = v.recorded!;
  const worse = r.direction === 'higher' ? 'below' : 'above';
  return `${v.key}: ratio ${v.ratio} is ${Math.round(-v.change! * 100)} % worse than the recorded ${r.ratio} (${worse}; recorded ${r.recordedAt.slice(0, 16)} at load ${r.loadAvg1m}, "${r.command}")`;
}

/** Writes this run's ratios over the recorded ones; benches that did not run keep their entries. */
export function recordBaseline(
  file: string,
  baseline: BaselineFile,
  verdicts: readonly Verdict[],
  command: string,
): void {
  const now = new Date().toISOString();
  const loadAvg1m = Math.round(os.loadavg()[0] * 10) / 10;
  const ratios = { ...baseline.ratios };
  for (const v of verdicts) {
    const dir = direction(v.key.replace(/@.*/, ''));
    if (dir) ratios[v.key] = { ratio: v.ratio, direction: dir, recordedAt: now, loadAvg1m, command };
  }
  const sorted = Object.fromEntries(Object.entries(ratios).sort(([a], [b]) => a.localeCompare(b)));
  const out: BaselineFile = {
    about:
      'Last recorded bench ratios (figure / same-run baseline). `npm run bench` fails when a ratio is more than 10 % worse; `npm run bench -- --record` rewrites the entries of the benches that ran. See docs/performance.md.',
    ratios: sorted,
  };
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
}
