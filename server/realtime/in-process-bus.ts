import crypto from 'node:crypto';
import type { Bus, Change, ChangeHandler, SequencedChange, SinceResult } from './bus.ts';

interface TopicState {
  seq: number;
  /** Ring buffer of the most recent changes, oldest first once full. */
  ring: SequencedChange[];
  start: number;
  handlers: Set<ChangeHandler>;
}

/**
 * The bus for a single process. Sequence numbers restart with the process, hence a fresh epoch;
 * a Redis implementation will keep them (and the window) across processes behind the same interface.
 */
export class InProcessBus implements Bus {
  readonly epoch = crypto.randomBytes(6).toString('hex');
  private readonly topics = new Map<string, TopicState>();
  private closed = false;

  constructor(private readonly opts: { window?: number; onHandlerError?: (err: unknown) => void } = {}) {}

  private get window(): number {
    return this.opts.window ?? 1000;
  }

  private topic(name: string): TopicState {
    let t = this.topics.get(name);
    if (!t) {
      t = { seq: 0, ring: [], start: 0, handlers: new Set() };
      this.topics.set(name, t);
    }
    return t;
  }

  async publish(change: Change): Promise<void> {
    if (this.closed) return;
    const t = this.topic(change.topic);
    const c: SequencedChange = { topic: change.topic, id: change.id, version: change.version, seq: ++t.seq };
    if (t.ring.length < this.window) t.ring.push(c);
    else {
      t.ring[t.start] = c;
      t.start = (t.start + 1) % this.window;
    }
    // A failing subscriber must not stop delivery to the others (nor fail the publisher).
    for (const h of [...t.handlers]) {
      try {
        h(c);
      } catch (err) {
        this.opts.onHandlerError?.(err);
      }
    }
  }

  subscribe(topic: string, handler: ChangeHandler): () => void {
    const t = this.topic(topic);
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const own: ChangeHandler = (c) => handler(c);
    t.handlers.add(own);
    return () => void t.handlers.delete(own);
  }

  async since(topic: string, seq: number): Promise<SinceResult> {
    const t = this.topic(topic);
    if (seq > t.seq || seq < 0) return { kind: 'resync', head: t.seq };
    const ordered = [...t.ring.slice(t.start), ...t.ring.slice(0, t.start)];
    const oldest = ordered[0]?.seq ?? t.seq + 1;
    if (seq < oldest - 1) return { kind: 'resync', head: t.seq };
    return { kind: 'ok', changes: ordered.filter((c) => c.seq > seq) };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.topics.values()) t.handlers.clear();
  }
}
