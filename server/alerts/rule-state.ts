// The in-memory side of one rule: windows per group key, fed one accepted event at a time. The same
// code runs in the streaming engine and in back-tests (rules/test), so a draft tested in the UI
// behaves exactly as it will live. Events that complete an alert leave the window with it: they
// never feed the same rule's next alert (MozDef's dedup).
import type { PicketEvent } from '../ingest/event.ts';
import { ChainState } from './chain-state.ts';
import type { CompiledRule } from './compiled-rule.ts';
import { scalarString } from './field-value.ts';

export interface Firing {
  groupKey: string;
  events: PicketEvent[];
  /** Event time (ms) of the event that completed the alert. */
  at: number;
  /** Distinct values counted (cardinality rules). */
  distinct?: number;
  /** Code rules: what evaluate() returned instead of the rule's summary template and severity. */
  summary?: string;
  severity?: string;
  details?: Record<string, unknown>;
}

/** Beyond this many events a group's oldest are dropped (a cardinality window that never fills). */
const MAX_GROUP_EVENTS = 50_000;

interface Window {
  events: PicketEvent[];
  ts: number[];
  /**
   * Entries before this index left the window but are still in the arrays: dropping one event per
   * admitted one by splicing the head moved the whole window each time (O(window) per event), so the
   * head is cut off in bulk once it is half the arrays.
   */
  head: number;
  /** Latest event time seen in this group: the window ends there. */
  newest: number;
  /** Cardinality: value → how many window events carry it. */
  counts?: Map<string, number>;
  values?: string[];
  /** Sequence: how many steps are done; bounded counts: 1 = past the upper bound. */
  step: number;
}

/**
 * A bounded count's fixed, epoch-aligned bucket. It keeps the ids of its events, kept or not, so an
 * event delivered twice (queue mode redelivery) counts once. Sliding windows find a repeat among the
 * entries of its own time instead: a set per window cost ~40 bytes per event per rule (see admit).
 */
interface Bucket extends Window {
  ids: Set<string>;
  /** Events counted but not kept (past MAX_GROUP_EVENTS). */
  uncounted: number;
  /** Start of the bucket. */
  bucket: number;
  counts: Map<string, number>;
}

/** Start of the fixed, epoch-aligned bucket of `windowMs` holding `ts`. */
export function bucketStart(ts: number, windowMs: number): number {
  return Math.floor(ts / windowMs) * windowMs;
}

export class RuleState {
  private readonly groups = new Map<string, Window>();
  /** Bounded counts keep buckets instead of sliding windows. */
  private readonly buckets = new Map<string, Bucket>();
  /** Deadman: the latest matching event time. */
  lastSeen = 0;
  /** Bounded counts: per group, the end of its last judged bucket; late events of it are ignored. */
  private readonly judgedEnd = new Map<string, number>();

  /** A chained correlation runs there (its listed correlations are RuleStates of their own). */
  private readonly chain?: ChainState;

  constructor(readonly rule: CompiledRule) {
    if (rule.chain) this.chain = new ChainState(rule);
  }

  /**
   * Deadman: whether a full window passed with no matching event since `since` (when the rule began
   * watching, or its last alert). The engine's timer asks this; so do the catalogue's tests.
   */
  deadmanDue(now: number, since: number): boolean {
    return now - Math.max(this.lastSeen, since) >= this.rule.windowMs;
  }

  get groupCount(): number {
    return this.chain ? this.chain.groupCount : this.groups.size + this.buckets.size;
  }

  /** Offers an event the rule accepts (query matched, no exception); returns an alert to raise, if any. */
  offer(e: PicketEvent, ts: number): Firing | null {
    const r = this.rule;
    if (r.def.type === 'deadman') {
      if (ts > this.lastSeen) this.lastSeen = ts;
      return null;
    }
    if (this.chain) return this.chain.offer(e, ts);
    const key = r.groupOf(e);
    if (key === undefined) return null;
    if (r.def.type === 'match' || r.def.type === 'watchlist') return { groupKey: key, events: [e], at: ts };
    if (r.maxCount !== undefined) return this.bucketed(key, e, ts);
    let w = this.groups.get(key);
    if (!w) {
      w = { events: [], ts: [], head: 0, newest: ts, step: 0 };
      if (r.def.type === 'cardinality') {
        w.counts = new Map();
        w.values = [];
      }
      this.groups.set(key, w);
    }
    switch (r.def.type) {
      case 'threshold':
        if (!this.admit(w, e, ts, undefined)) return null;
        return w.events.length - w.head >= r.def.threshold ? this.take(key, w, ts) : null;
      case 'cardinality': {
        const value = scalarString(r.distinctOf!(e));
        if (value === undefined) return null;
        if (!this.admit(w, e, ts, value)) return null;
        if (w.counts!.size < r.def.threshold) return null;
        const distinct = w.counts!.size;
        return { ...this.take(key, w, ts), distinct };
      }
      case 'sequence':
        return this.sequence(key, w, e, ts);
      case 'code':
        if (!this.admit(w, e, ts, undefined)) return null;
        return this.code(key, w, ts);
    }
    return null;
  }

  /** Adds an event in time order and drops what fell out of the window; false if it is already too old. */
  private admit(w: Window, e: PicketEvent, ts: number, value: string | undefined): boolean {
    const span = this.rule.windowMs;
    if (ts > w.newest) w.newest = ts;
    const horizon = w.newest - span;
    if (ts <= horizon) return false;
    // Shippers deliver almost in order: append, and binary-search only for a late event (after
    // its equals). A walk back cost O(window) per event when a source's clocks disagree.
    let i = w.ts.length;
    if (i > w.head && w.ts[i - 1] > ts) {
      let lo = w.head;
      while (lo < i) {
        const mid = (lo + i) >>> 1;
        if (w.ts[mid] > ts) i = mid;
        else lo = mid + 1;
      }
    }
    // An event delivered twice carries the same time: it would sit among the entries just before i.
    for (let j = i - 1; j >= w.head && w.ts[j] === ts; j--) if (w.events[j].id === e.id) return false;
    if (i === w.ts.length) {
      w.ts.push(ts);
      w.events.push(e);
      w.values?.push(value!);
    } else {
      w.ts.splice(i, 0, ts);
      w.events.splice(i, 0, e);
      w.values?.splice(i, 0, value!);
    }
    if (value !== undefined) w.counts!.set(value, (w.counts!.get(value) ?? 0) + 1);
    let to = w.head;
    const n = w.ts.length;
    while (to < n && (w.ts[to] <= horizon || n - to > MAX_GROUP_EVENTS)) to++;
    if (to > w.head) this.dropHead(w, to);
    return true;
  }

  /** Entries [head, to) leave the window. */
  private dropHead(w: Window, to: number): void {
    if (w.values)
      for (let i = w.head; i < to; i++) {
        const v = w.values[i];
        const c = w.counts!.get(v)! - 1;
        if (c === 0) w.counts!.delete(v);
        else w.counts!.set(v, c);
      }
    w.head = to;
    if (to >= 64 && to * 2 >= w.ts.length) this.compact(w);
  }

  private compact(w: Window): void {
    if (w.head === 0) return;
    w.ts.splice(0, w.head);
    w.events.splice(0, w.head);
    w.values?.splice(0, w.head);
    w.head = 0;
  }

  /** The window's events become the alert's; the group starts empty. */
  private take(key: string, w: Window, at: number): Firing {
    this.groups.delete(key);
    this.compact(w);
    return { groupKey: key, events: w.events, at };
  }

  /** Steps A, B, … in order for one group key, all within the window of the first step. */
  private sequence(key: string, w: Window, e: PicketEvent, ts: number): Firing | null {
    const steps = this.rule.steps;
    if (w.events.some((x) => x.id === e.id)) return null;
    if (w.step > 0 && ts - w.ts[0] > this.rule.windowMs) {
      w.events = [];
      w.ts = [];
      w.step = 0;
    }
    if (steps[w.step](e)) {
      w.events.push(e);
      w.ts.push(ts);
      w.step++;
      if (w.step === steps.length) return this.take(key, w, ts);
    } else if (w.step === 1 && steps[0](e)) {
      // A newer first step replaces the pending one, so the window runs from the latest start.
      w.events = [e];
      w.ts = [ts];
      w.step = 1;
    }
    return null;
  }

  /** Code rules: the module looks at the window; the events of its alert leave the window with it. */
  private code(key: string, w: Window, ts: number): Firing | null {
    this.compact(w);
    const v = this.rule.code!(key, w.events);
    if (v === null) return null;
    if (v.retain)
      return { groupKey: key, events: v.events, at: ts, summary: v.summary, severity: v.severity, details: v.details };
    const taken = new Set(v.events);
    if (taken.size === w.events.length) this.groups.delete(key);
    else {
      const keep = w.events.map((e) => !taken.has(e));
      w.events = w.events.filter((_, i) => keep[i]);
      w.ts = w.ts.filter((_, i) => keep[i]);
    }
    return { groupKey: key, events: v.events, at: ts, summary: v.summary, severity: v.severity, details: v.details };
  }

  /**
   * A count with an upper bound: events fill the group's fixed bucket; the bucket is judged when an
   * event of a later bucket arrives or expire() passes its end. Past the bound it keeps no events.
   */
  private bucketed(key: string, e: PicketEvent, ts: number): Firing | null {
    const r = this.rule;
    let value: string | undefined;
    if (r.def.type === 'cardinality') {
      value = scalarString(r.distinctOf!(e));
      if (value === undefined) return null;
    }
    const start = bucketStart(ts, r.windowMs);
    const judged = this.judgedEnd.get(key);
    if (judged !== undefined && start + r.windowMs <= judged) return null;
    let w = this.buckets.get(key);
    let fired: Firing | null = null;
    if (w && w.bucket > start) return null; // a late event of a bucket already judged
    if (w && w.bucket < start) {
      fired = this.judge(key, w);
      w = undefined;
    }
    if (!w) {
      w = {
        events: [],
        ts: [],
        head: 0,
        newest: ts,
        step: 0,
        ids: new Set(),
        uncounted: 0,
        bucket: start,
        counts: new Map(),
      };
      this.buckets.set(key, w);
    }
    if (w.ids.has(e.id)) return fired;
    w.ids.add(e.id);
    if (ts > w.newest) w.newest = ts;
    if (w.step === 1) return fired;
    if (value !== undefined) w.counts.set(value, (w.counts.get(value) ?? 0) + 1);
    if (w.events.length < MAX_GROUP_EVENTS) {
      w.events.push(e);
      w.ts.push(ts);
    } else w.uncounted++;
    const count = r.def.type === 'cardinality' ? w.counts.size : w.events.length + w.uncounted;
    if (count > r.maxCount!) {
      w.step = 1;
      w.events = [];
      w.ts = [];
    }
    return fired;
  }

  private judge(key: string, w: Bucket): Firing | null {
    this.buckets.delete(key);
    const r = this.rule;
    this.judgedEnd.set(key, w.bucket + r.windowMs);
    if (w.step === 1 || (r.def.type !== 'threshold' && r.def.type !== 'cardinality')) return null;
    const count = r.def.type === 'cardinality' ? w.counts.size : w.events.length + w.uncounted;
    if (count < r.def.threshold || count > r.maxCount! || count === r.excludeCount) return null;
    const order = w.ts.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0]);
    const events = order.map(([, i]) => w.events[i]);
    return {
      groupKey: key,
      events,
      at: w.bucket + r.windowMs,
      ...(r.def.type === 'cardinality' ? { distinct: count } : {}),
    };
  }

  /** Bounded counts: judges every bucket that ended at least `graceMs` before `nowMs`. */
  expire(nowMs: number, graceMs: number): Firing[] {
    if (this.chain) return this.chain.expire(nowMs, graceMs);
    if (this.rule.maxCount === undefined) return [];
    const out: Firing[] = [];
    for (const [key, w] of this.buckets) {
      if (w.bucket + this.rule.windowMs + graceMs > nowMs) continue;
      const f = this.judge(key, w);
      if (f) out.push(f);
    }
    return out;
  }

  /** Forgets groups with nothing in the window any more (called from the engine's timer). */
  sweep(nowMs: number): void {
    if (this.chain) {
      this.chain.sweep(nowMs);
      return;
    }
    const span = this.rule.windowMs;
    // Bounded-count buckets leave only by expire(), which judges them first.
    for (const [key, w] of this.groups) if (w.newest <= nowMs - span - 60_000) this.groups.delete(key);
    // Judged-bucket marks outlive their groups by an hour: later stragglers are still recognized.
    for (const [key, end] of this.judgedEnd) if (end <= nowMs - span - 3_600_000) this.judgedEnd.delete(key);
  }
}
