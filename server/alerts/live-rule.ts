// One enabled rule as the streaming engine holds it: the compiled rule, its windows, its quiet
// periods and what it remembers of its past alerts.
import type { PicketEvent } from '../ingest/event.ts';
import type { CompiledRule } from './compiled-rule.ts';
import { RecentIds } from './recent-ids.ts';
import { RuleState } from './rule-state.ts';

export interface LiveRule {
  compiled: CompiledRule;
  state: RuleState;
  /** Group key → quiet until (ms). */
  quiet: Map<string, number>;
  /** While the window is being rebuilt, accepted live events wait here. */
  pending: PicketEvent[] | null;
  /** Deadman: when it last raised an alert, and when it started watching. */
  lastFired: number;
  since: number;
  /** Code rules that throw: when that was last logged, and how often since. */
  failureLoggedAt: number;
  failuresSinceLog: number;
  /**
   * Windowed rules: ids that recently fed an alert of this rule, so a batch delivered twice (queue
   * mode) does not count again. Per-event rules keep none: a repeat is one alert the writer refuses.
   */
  alerted: RecentIds | null;
}

/**
 * Alerted ids a rule remembers at least this long (recent-ids.ts): a retried alert-stream job comes
 * back within ~15 s (5 attempts, backoff from 1 s), and a new engine holder rebuilds the set from
 * alert_events. Not tied to the rule's window: kept for a 5-minute window, the sets of constantly
 * firing rules kept growing for 10 minutes (the soak's second half).
 */
const ALERTED_KEEP_MS = 120_000;
/** …and at most this many per generation (two generations). */
const MAX_ALERTED_IDS = 100_000;

/** A rule just loaded: its window waits for the rebuild (`pending` collects live events meanwhile). */
export function newLiveRule(compiled: CompiledRule, now: number): LiveRule {
  return {
    compiled,
    state: new RuleState(compiled),
    quiet: new Map(),
    pending: [],
    lastFired: 0,
    since: now,
    failureLoggedAt: 0,
    failuresSinceLog: 0,
    alerted: alertedIds(compiled, now),
  };
}

/** What a windowed rule remembers of the events behind its alerts; `known` are those read from the store. */
export function alertedIds(c: CompiledRule, now: number, known?: Iterable<string>): RecentIds | null {
  if (perEvent(c)) return null;
  return new RecentIds(ALERTED_KEEP_MS, MAX_ALERTED_IDS, now, known);
}

/** Rules that alert on each event alone (match, watchlist, plain Sigma): no window to rebuild, so they replay. */
export function perEvent(c: CompiledRule): boolean {
  return c.def.type === 'match' || c.def.type === 'watchlist';
}
