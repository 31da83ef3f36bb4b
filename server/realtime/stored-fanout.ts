// Queue mode: what a worker stored reaches the live tails of every web process. Workers publish each
// stored batch on one Redis pub/sub channel; web processes subscribe only while someone tails, so an
// idle cluster moves no event twice. Pub/sub is fire-and-forget, which suits a live view (a tail
// that misses a batch during a Redis hiccup loses nothing stored; the explorer's search has it).
import { Redis } from 'ioredis';
import type { PicketEvent } from '../ingest/event.ts';

export type StoredListener = (events: PicketEvent[]) => void;

export class StoredFanout {
  private readonly pub: Redis;
  private sub: Redis | undefined;
  private readonly listeners = new Set<StoredListener>();
  private subscribers = 0;
  private subscribersCheckedAt = 0;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.pub = new Redis(url, { maxRetriesPerRequest: 1 });
    this.pub.on('error', onError);
  }

  /** Workers: hands a stored batch to the tails; skipped while no web process has a tail open. */
  async publish(events: PicketEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = Date.now();
    // Re-checked often while nobody listens, so a tail opened a moment ago starts getting events soon.
    if (now - this.subscribersCheckedAt > (this.subscribers === 0 ? 250 : 1000)) {
      this.subscribersCheckedAt = now;
      const counts = (await this.pub.pubsub('NUMSUB', this.channel).catch(() => [this.channel, 1])) as [string, number];
      this.subscribers = Number(counts[1]);
    }
    if (this.subscribers === 0) return;
    await this.pub.publish(this.channel, JSON.stringify(events)).catch(this.onError);
  }

  /** Web processes: the live tail's source of stored events. */
  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes while `active` (someone tails here); LiveTail calls it as tails open and close. */
  setActive(active: boolean): void {
    if (active && !this.sub) {
      const sub = new Redis(this.url);
      sub.on('error', this.onError);
      sub.on('message', (_ch: string, raw: string) => {
        let events: PicketEvent[];
        try {
          events = JSON.parse(raw) as PicketEvent[];
        } catch (err) {
          this.onError(err);
          return;
        }
        for (const l of this.listeners) l(events);
      });
      void sub.subscribe(this.channel).catch(this.onError);
      this.sub = sub;
    } else if (!active && this.sub) {
      this.sub.disconnect();
      this.sub = undefined;
    }
  }

  close(): void {
    this.sub?.disconnect();
    this.sub = undefined;
    this.pub.disconnect();
  }
}
