import crypto from 'node:crypto';
import {
  type Bus,
  type Change,
  type ChangeHandler,
  changesSince,
  type SequencedChange,
  type SinceResult,
  Subscribers,
} from './bus.ts';

interface TopicState {
  seq: number;
  /** Ring buffer of the most recent changes, oldest first once full. */
  ring: SequencedChange[];
  start: number;
  subscribers: Subscribers;
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
      t = { seq: 0, ring: [], start: 0, subscribers: new Subscribers() };
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
    t.subscribers.deliver(c, this.opts.onHandlerError);
  }

  subscribe(topic: string, handler: ChangeHandler): () => void {
    return this.topic(topic).subscribers.add(handler);
  }

  async since(topic: string, seq: number): Promise<SinceResult> {
    const t = this.topic(topic);
    return changesSince(seq, t.seq, [...t.ring.slice(t.start), ...t.ring.slice(0, t.start)]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.topics.values()) t.subscribers.clear();
  }
}
