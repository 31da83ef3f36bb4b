// Back-testing a draft rule over stored events (POST /rules/test, the rules UI's "Test"): the same
// RuleState as the live engine, fed the range oldest first, with quiet periods applied in event
// time. Nothing is written anywhere.
import type { PicketEvent } from '../ingest/event.ts';
import type { EventStore } from '../store/event-store.ts';
import type { LoadedCodeRule } from './code-rules/code-rule-modules.ts';
import { compileRule, displayGroupKey, type ExceptionSpec } from './compiled-rule.ts';
import { durationMs, type RuleDefinition } from './rule-definition.ts';
import { readEvents } from './rule-loader.ts';
import { RuleState, type Firing } from './rule-state.ts';
import { RuleError } from './rules-service.ts';
import { renderSummary } from './summary-template.ts';

const MAX_EVENTS = 100_000;
const MAX_ALERTS = 1000;
const EVENTS_SHOWN = 20;

export interface PreviewAlert {
  utctimestamp: string;
  severity: string;
  summary: string;
  category: string;
  tags: string[];
  groupKey: string;
  eventIds: string[];
  eventCount: number;
  /** Code rules: what evaluate() returned as details. */
  details?: Record<string, unknown>;
  /** The first events of the alert, for the preview. */
  events: PicketEvent[];
}

export interface BacktestResult {
  alerts: PreviewAlert[];
  /** Events the rule's query matched (after exceptions) in the range. */
  matched: number;
  /** True when the range held more events than a test reads, or more alerts than it lists. */
  truncated: boolean;
}

export async function backtestRule(
  store: EventStore,
  def: RuleDefinition,
  range: { from: Date; to: Date },
  exceptionQueries: readonly ExceptionSpec[] = [],
  module?: LoadedCodeRule,
): Promise<BacktestResult> {
  const rule = compileRule('draft', 0, def, exceptionQueries, module);
  const { events, truncated } = await readEvents(store, rule.storeQuery, range.from, range.to, MAX_EVENTS);
  const state = new RuleState(rule);
  const quietMs = def.suppress ? durationMs(def.suppress)! : 0;
  const quiet = new Map<string, number>();
  const firings: Firing[] = [];
  let matched = 0;
  const consider = (f: Firing) => {
    const until = quiet.get(f.groupKey);
    if (until !== undefined && until > f.at) return;
    if (quietMs > 0) quiet.set(f.groupKey, f.at + quietMs);
    firings.push(f);
  };
  let lastSeen = range.from.getTime();
  for (const e of events) {
    if (!rule.accepts(e)) continue;
    matched++;
    const ts = Date.parse(e.utctimestamp);
    if (def.type === 'deadman') {
      silences(lastSeen, ts, rule.windowMs, consider);
      lastSeen = Math.max(lastSeen, ts);
      continue;
    }
    let f: Firing | null;
    try {
      f = state.offer(e, ts);
    } catch (err) {
      // Only code rules throw here: the operator sees what their module did wrong.
      throw new RuleError('bad_request', `evaluating event ${e.id} failed: ${(err as Error).message}`);
    }
    if (f) consider(f);
  }
  if (def.type === 'deadman') silences(lastSeen, Math.min(range.to.getTime(), Date.now()), rule.windowMs, consider);
  // Bounded counts: buckets that closed inside the tested range are judged; open ones are not.
  for (const f of state.expire(Math.min(range.to.getTime(), Date.now()), 0)) consider(f);

  const alerts = firings.slice(0, MAX_ALERTS).map(
    (f): PreviewAlert => ({
      utctimestamp: new Date(f.at).toISOString(),
      severity: f.severity ?? def.severity,
      summary: f.summary ?? renderSummary(def.summary, { events: f.events, ruleName: def.name, distinct: f.distinct }),
      ...(f.details ? { details: f.details } : {}),
      category: def.category,
      tags: def.tags,
      groupKey: displayGroupKey(f.groupKey),
      eventIds: f.events.map((e) => e.id),
      eventCount: f.events.length,
      events: f.events.slice(0, EVENTS_SHOWN),
    }),
  );
  return { alerts, matched, truncated: truncated || firings.length > MAX_ALERTS };
}

/** A deadman rule alerts once per full window of silence, as the live timer does. */
function silences(from: number, to: number, windowMs: number, consider: (f: Firing) => void): void {
  for (let at = from + windowMs; at <= to && at - from <= windowMs * MAX_ALERTS; at += windowMs)
    consider({ groupKey: '', events: [], at });
}
