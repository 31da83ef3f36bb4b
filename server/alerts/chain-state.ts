// A chained Sigma correlation (a correlation listing another correlation, as the specification's own
// "failed logins followed by a successful login" example does). Each listed rule produces
// *signals* for the outer group key: an event of a listed base rule, or an alert-to-be of a listed
// correlation (which runs as a RuleState of its own here). The outer correlation then runs the
// ordinary window logic over the signals, so counts, ranges, temporal and temporal_ordered behave
// exactly as they do over events. Its alert carries the real events behind the signals.
import type { PicketEvent } from '../ingest/event.ts';
import type { ChainRef, CompiledRule } from './compiled-rule.ts';
import { RuleState, type Firing } from './rule-state.ts';

const SEP = '\u001f';
const REAL = Symbol('events');
const KEY = Symbol('key');
const LABEL = Symbol('label');

/** Only RuleState reads a signal: its id, and what the outer rule's readers below take from it. */
type Signal = PicketEvent & { [REAL]: PicketEvent[]; [KEY]: string; [LABEL]: string };

function signal(label: string, key: string, at: number, events: PicketEvent[]): Signal {
  // The id keeps a redelivered event (or the same inner alert) from counting twice.
  const id = `${label}${SEP}${events[0]?.id ?? at}`;
  return {
    id,
    utctimestamp: new Date(at).toISOString(),
    [REAL]: events,
    [KEY]: key,
    [LABEL]: label,
  } as unknown as Signal;
}

const labelOf = (e: PicketEvent) => (e as Signal)[LABEL];

export class ChainState {
  private readonly outer: RuleState;
  private later: Firing[] = [];
  private readonly inner: Array<
    | { ref: Extract<ChainRef, { inner: CompiledRule }>; state: RuleState }
    | { ref: Extract<ChainRef, { match: unknown }>; state?: undefined }
  >;

  constructor(rule: CompiledRule) {
    const refs = rule.chain!;
    this.inner = refs.map((ref) => ('inner' in ref ? { ref, state: new RuleState(ref.inner) } : { ref }));
    const outerRule: CompiledRule = {
      ...rule,
      chain: undefined,
      groupOf: (e) => (e as Signal)[KEY],
      steps: refs.map((r) => (e: PicketEvent) => labelOf(e) === r.label),
      // temporal: which listed rule a signal came from.
      distinctOf: rule.def.type === 'cardinality' ? labelOf : undefined,
    };
    this.outer = new RuleState(outerRule);
  }

  offer(e: PicketEvent, ts: number): Firing | null {
    const out: Firing[] = [];
    let matchedBase = false;
    for (const x of this.inner) {
      if (x.state) {
        if (!x.ref.inner.accepts(e)) continue;
        const f = x.state.offer(e, ts);
        if (f) this.feed(x.ref, f, out);
      } else if (!matchedBase && x.ref.match(e)) {
        // An event matching several listed base rules counts for the first (as for temporal).
        matchedBase = true;
        const key = x.ref.groupOf(e);
        if (key !== undefined) this.push(signal(x.ref.label, key, ts, [e]), ts, out);
      }
    }
    // The engine takes one alert per offered event; a second one from the same event (two inner
    // correlations completing on it) is handed over by the next expire() (the engine's timer).
    this.later.push(...out.slice(1));
    return out[0] ?? null;
  }

  private feed(ref: Extract<ChainRef, { inner: CompiledRule }>, f: Firing, out: Firing[]): void {
    const parts = f.groupKey.split(SEP);
    const key = ref.groupIndex.map((j) => parts[j]).join(SEP);
    this.push(signal(ref.label, key, f.at, f.events), f.at, out);
  }

  private push(s: Signal, ts: number, out: Firing[]): void {
    const f = this.outer.offer(s, ts);
    if (f) out.push(real(f));
  }

  /** Closed buckets of inner bounded counts become signals first, then the outer ones are judged. */
  expire(nowMs: number, graceMs: number): Firing[] {
    const out = this.later;
    this.later = [];
    for (const x of this.inner) if (x.state) for (const f of x.state.expire(nowMs, graceMs)) this.feed(x.ref, f, out);
    for (const f of this.outer.expire(nowMs, graceMs)) out.push(real(f));
    return out;
  }

  sweep(nowMs: number): void {
    for (const x of this.inner) x.state?.sweep(nowMs);
    this.outer.sweep(nowMs);
  }

  get groupCount(): number {
    return this.outer.groupCount;
  }
}

/** The outer alert, with the events behind its signals (each once, in time order). */
function real(f: Firing): Firing {
  const seen = new Set<string>();
  const events: PicketEvent[] = [];
  for (const s of f.events) {
    for (const e of (s as Signal)[REAL]) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      events.push(e);
    }
  }
  events.sort((a, b) => (a.utctimestamp < b.utctimestamp ? -1 : a.utctimestamp > b.utctimestamp ? 1 : 0));
  return { ...f, events };
}
