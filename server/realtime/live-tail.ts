// Live tail: newly stored events, filtered server-side, delivered to each subscriber in small
// batches. One pipeline listener serves every tail; tails with the same query share one compiled
// matcher, and tails whose query pins a keyword column (category:auth …) are only offered events
// with that value (tail-prefilter.ts), so 50 tails do not each look at every event.
import type { PicketEvent } from '../ingest/event.ts';
import type { Logger } from '../logger.ts';
import { compileMatcher, type EventMatcher, formatQuery, type QueryNode } from '../store/query/index.ts';
import { type IndexedColumn, prefilterOf } from './tail-prefilter.ts';

export interface TailOptions {
  /** Minimum time between two batches to one subscriber. */
  intervalMs: number;
  /** At most this many events per batch. */
  maxBatch: number;
  /** Events held for a subscriber between batches; beyond it the oldest are dropped (and counted). */
  bufferSize: number;
}

export const DEFAULT_TAIL_OPTIONS: TailOptions = { intervalMs: 200, maxBatch: 200, bufferSize: 2000 };

export interface TailBatch {
  events: PicketEvent[];
  /** Events that matched but were dropped since the previous batch (the subscriber fell behind). */
  dropped: number;
}

/** One subscriber's buffer: a ring that keeps the newest `bufferSize` events. */
class TailSubscriber {
  private buf: PicketEvent[] = [];
  private start = 0;
  private dropped = 0;
  private wake: (() => void) | undefined;
  private lastFlush = 0;

  constructor(readonly opts: TailOptions) {}

  push(e: PicketEvent): void {
    this.buf.push(e);
    if (this.buf.length - this.start > this.opts.bufferSize) {
      // Drop the oldest: a live view wants to stay current rather than replay a backlog.
      this.start++;
      this.dropped++;
      if (this.start > this.opts.bufferSize) {
        this.buf = this.buf.slice(this.start);
        this.start = 0;
      }
    }
    this.wake?.();
  }

  private pending(): number {
    return this.buf.length - this.start;
  }

  /** The next batch: as soon as something is pending, but never sooner than intervalMs after the last. */
  async next(signal: AbortSignal | undefined): Promise<TailBatch | null> {
    while (!signal?.aborted) {
      if (this.pending() > 0 || this.dropped > 0) {
        const wait = this.lastFlush + this.opts.intervalMs - Date.now();
        if (wait > 0) {
          await sleep(wait, signal);
          continue;
        }
        const n = Math.min(this.pending(), this.opts.maxBatch);
        const events = this.buf.slice(this.start, this.start + n);
        this.start += n;
        if (this.start === this.buf.length) {
          this.buf = [];
          this.start = 0;
        }
        const batch = { events, dropped: this.dropped };
        this.dropped = 0;
        this.lastFlush = Date.now();
        return batch;
      }
      await abortable(signal, (done) => {
        this.wake = done;
        return () => (this.wake = undefined);
      });
    }
    return null;
  }
}

/** Waits for `start`'s callback or the abort, whichever first; always removes its abort listener (tails live long). */
function abortable(signal: AbortSignal | undefined, start: (done: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    let cleanup = () => {};
    const done = () => {
      cleanup();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    cleanup = start(done);
    signal?.addEventListener('abort', done);
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return abortable(signal, (done) => {
    const t = setTimeout(done, ms);
    return () => clearTimeout(t);
  });
}

/** Tails with the same (canonical) query: one matcher for all of them. */
interface QueryGroup {
  key: string;
  matcher: EventMatcher;
  prefilter: { column: IndexedColumn; values: string[] } | null;
  subscribers: Set<TailSubscriber>;
}

export interface TailStats {
  subscribers: number;
  queries: number;
  /** Matcher calls so far: how much work the index saved shows against events × tails. */
  matcherCalls: number;
  eventsSeen: number;
}

/** The REST search result shape (EVENT_COLUMNS), built once per event however many tails get it. */
function restShape(e: PicketEvent): PicketEvent {
  return {
    id: e.id,
    utctimestamp: e.utctimestamp,
    receivedtimestamp: e.receivedtimestamp,
    category: e.category,
    source: e.source,
    hostname: e.hostname,
    processname: e.processname,
    processid: e.processid,
    severity: e.severity,
    summary: e.summary,
    tags: e.tags,
    details: e.details,
  };
}

export class LiveTail {
  private readonly groups = new Map<string, QueryGroup>();
  /** column → value → groups whose prefilter admits that value. */
  private readonly index = new Map<IndexedColumn, Map<string, Set<QueryGroup>>>();
  private readonly unindexed = new Set<QueryGroup>();
  readonly stats: TailStats = { subscribers: 0, queries: 0, matcherCalls: 0, eventsSeen: 0 };

  /** `onActive` hears when the first tail opens and the last closes (queue mode subscribes to the cluster's stored events only then). */
  constructor(
    onStored: (listener: (events: PicketEvent[]) => void) => () => void,
    private readonly log: Logger,
    private readonly onActive?: (active: boolean) => void,
  ) {
    onStored((events) => this.dispatch(events));
  }

  /** Registers a tail; the query must already be parsed (syntax errors belong to the caller). */
  subscribe(
    query: QueryNode,
    opts: TailOptions = DEFAULT_TAIL_OPTIONS,
  ): { next: (signal?: AbortSignal) => Promise<TailBatch | null>; close: () => void } {
    const key = formatQuery(query);
    let group = this.groups.get(key);
    if (!group) {
      group = { key, matcher: compileMatcher(query), prefilter: prefilterOf(query), subscribers: new Set() };
      this.groups.set(key, group);
      this.indexGroup(group, true);
    }
    const sub = new TailSubscriber(opts);
    group.subscribers.add(sub);
    this.updateStats();
    const g = group;
    return {
      next: (signal) => sub.next(signal),
      close: () => {
        g.subscribers.delete(sub);
        if (g.subscribers.size === 0 && this.groups.get(g.key) === g) {
          this.groups.delete(g.key);
          this.indexGroup(g, false);
        }
        this.updateStats();
      },
    };
  }

  private updateStats(): void {
    const wasActive = this.stats.queries > 0;
    this.stats.queries = this.groups.size;
    if (wasActive !== this.groups.size > 0) this.onActive?.(this.groups.size > 0);
    this.stats.subscribers = [...this.groups.values()].reduce((n, g) => n + g.subscribers.size, 0);
  }

  private indexGroup(g: QueryGroup, add: boolean): void {
    if (!g.prefilter) {
      if (add) this.unindexed.add(g);
      else this.unindexed.delete(g);
      return;
    }
    let byValue = this.index.get(g.prefilter.column);
    if (!byValue) this.index.set(g.prefilter.column, (byValue = new Map<string, Set<QueryGroup>>()));
    for (const v of g.prefilter.values) {
      let set = byValue.get(v);
      if (!set) byValue.set(v, (set = new Set()));
      if (add) set.add(g);
      else {
        set.delete(g);
        if (set.size === 0) byValue.delete(v);
      }
    }
    if (byValue.size === 0) this.index.delete(g.prefilter.column);
  }

  private dispatch(events: PicketEvent[]): void {
    if (this.groups.size === 0) return;
    this.stats.eventsSeen += events.length;
    for (const e of events) {
      let shaped: PicketEvent | undefined;
      const offer = (g: QueryGroup) => {
        this.stats.matcherCalls++;
        let hit = false;
        try {
          hit = g.matcher(e);
        } catch (err) {
          // A matcher bug must not stop delivery to the other tails.
          this.log.warn({ err: (err as Error).message, query: g.key }, 'live tail matcher failed');
        }
        if (!hit) return;
        shaped ??= restShape(e);
        for (const s of g.subscribers) s.push(shaped);
      };
      for (const g of this.unindexed) offer(g);
      for (const [column, byValue] of this.index) {
        const raw = e[column];
        const v = column === 'severity' && typeof raw === 'string' ? raw.toUpperCase() : raw;
        const groups = typeof v === 'string' ? byValue.get(v) : undefined;
        if (groups) for (const g of groups) offer(g);
      }
    }
  }
}
