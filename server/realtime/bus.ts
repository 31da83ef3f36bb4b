// Realtime bus (trigger.dev's model): messages carry only what changed (topic, id, version) and
// clients refetch. Every change gets a per-topic sequence number so a client that reconnects can
// ask for what it missed; the bus keeps a bounded window and says when that is not enough.

export interface Change {
  topic: string;
  id: string;
  version: number;
}

export interface SequencedChange extends Change {
  /** Monotonically increasing per topic within one bus epoch. */
  seq: number;
}

/** ok: exactly the changes after the given seq; resync: the window no longer covers it — refetch everything. */
export type SinceResult = { kind: 'ok'; changes: SequencedChange[] } | { kind: 'resync'; head: number };

export type ChangeHandler = (change: SequencedChange) => void;

/**
 * One topic's subscribers in this process. The same function subscribed twice gets two independent
 * subscriptions; a throwing handler is reported and stops neither the others nor the publisher.
 */
export class Subscribers {
  private readonly handlers = new Set<ChangeHandler>();

  add(handler: ChangeHandler): () => void {
    const own: ChangeHandler = (c) => handler(c);
    this.handlers.add(own);
    return () => void this.handlers.delete(own);
  }

  deliver(change: SequencedChange, onError?: (err: unknown) => void): void {
    for (const h of [...this.handlers]) {
      try {
        h(change);
      } catch (err) {
        onError?.(err);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}

/** since() over a topic's retained changes (oldest first): those after `seq`, or a resync when `seq` is outside them. */
export function changesSince(seq: number, head: number, retained: SequencedChange[]): SinceResult {
  if (seq > head || seq < 0) return { kind: 'resync', head };
  const oldest = retained[0]?.seq ?? head + 1;
  if (seq < oldest - 1) return { kind: 'resync', head };
  return { kind: 'ok', changes: retained.filter((c) => c.seq > seq) };
}

export interface Bus {
  /**
   * Identifies this sequence space. It changes when sequence numbers restart (e.g. an in-process
   * bus after a restart), so a resume cursor from another epoch is recognised as stale.
   */
  readonly epoch: string;
  publish(change: Change): Promise<void>;
  /** Live changes on one topic, in seq order; returns the unsubscribe function. */
  subscribe(topic: string, handler: ChangeHandler): () => void;
  /** Changes with seq > the given one, or resync when the window has moved past it (or it is from the future). */
  since(topic: string, seq: number): Promise<SinceResult>;
  close(): Promise<void>;
}

export const REALTIME_TOPICS = [
  'incidents',
  'investigations',
  'alerts',
  'watchlist',
  'presence',
  'savedSearches',
] as const;
export type RealtimeTopic = (typeof REALTIME_TOPICS)[number];

/** Resume cursors travel as tRPC event ids: "<epoch>.<seq>". */
export function encodeCursor(epoch: string, seq: number): string {
  return `${epoch}.${seq}`;
}

export function decodeCursor(epoch: string, cursor: string | undefined): number | 'stale' | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const dot = cursor.lastIndexOf('.');
  const seq = Number(cursor.slice(dot + 1));
  if (dot < 0 || cursor.slice(0, dot) !== epoch || !Number.isSafeInteger(seq) || seq < 0) return 'stale';
  return seq;
}

export type FollowItem = { kind: 'change'; change: SequencedChange } | { kind: 'resync'; head: number };

/**
 * One topic as an async stream: replays what was missed after `after` (when given), then live
 * changes, with no gap and no duplicate. Subscribes before reading the backlog so nothing
 * published in between is lost; live changes already covered by the backlog are skipped.
 */
export async function* followTopic(
  bus: Bus,
  topic: string,
  after: number | 'stale' | undefined,
  signal?: AbortSignal,
): AsyncGenerator<FollowItem> {
  const pending: SequencedChange[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = bus.subscribe(topic, (c) => {
    pending.push(c);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    let last = -1;
    if (after !== undefined) {
      // A cursor from another epoch cannot be compared; asking from "the future" yields a resync with the head.
      const missed = await bus.since(topic, after === 'stale' ? Number.MAX_SAFE_INTEGER : after);
      if (missed.kind === 'resync') {
        yield { kind: 'resync', head: missed.head };
        // The client refetches everything now; only changes after the head still matter.
        last = missed.head;
      } else {
        last = after === 'stale' ? last : after;
        for (const c of missed.changes) {
          yield { kind: 'change', change: c };
          last = c.seq;
        }
      }
    }
    while (!signal?.aborted) {
      const next = pending.shift();
      if (next) {
        if (next.seq > last) {
          last = next.seq;
          yield { kind: 'change', change: next };
        }
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
