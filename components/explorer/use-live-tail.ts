'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPCClient } from '@/components/realtime/trpc';
import type { Row } from './results-table';

/** Rows kept in the view from the tail; older ones fall off (and are counted) so memory stays flat. */
export const TAIL_KEEP = 5000;
/** Rows waiting while the user has scrolled away. */
const PENDING_MAX = 5000;
const FLUSH_MS = 250;
/** Up to 5,000 events/s from the server (1,000 per 200 ms); beyond that it drops the oldest and says so. */
const TAIL_OPTIONS = { maxBatch: 1000, intervalMs: 200, bufferSize: 5000 };

export interface LiveTail {
  rows: Row[];
  /** Arrived while paused (scrolled away from the top). */
  pending: number;
  /** Never shown: dropped by the server (slow consumer) or while paused beyond the pending cap. */
  dropped: number;
  /** Older tail rows let go of beyond TAIL_KEEP (they were shown; still searchable). */
  trimmed: number;
  /** Matching events received since the tail started (shown, pending or dropped): added to the hit count. */
  arrived: number;
  /** Received events counted per histogram bucket (start ms → count), to add to the histogram. */
  buckets: ReadonlyMap<number, number>;
  state: 'off' | 'starting' | 'live' | 'error';
  error: string | null;
  /** Shows what is pending now. */
  flush: () => void;
}

/**
 * events.tail for the current query. Arrivals are buffered and applied at most every 250 ms in one
 * state update (one render per batch at any rate), and not at all while `paused` (the user reads
 * older rows): then only the "N new" count moves. The arrival count and the per-bucket counts
 * (`intervalMs` wide, aligned on the epoch like the server's histogram) move in either case.
 */
export function useLiveTail(q: string, enabled: boolean, paused: boolean, intervalMs: number | null = null): LiveTail {
  const client = useTRPCClient();
  const [rows, setRows] = useState<Row[]>([]);
  const [pending, setPending] = useState(0);
  const [dropped, setDropped] = useState(0);
  const [trimmed, setTrimmed] = useState(0);
  const trimmedRef = useRef(0);
  const [state, setState] = useState<LiveTail['state']>('off');
  const [error, setError] = useState<string | null>(null);
  const [arrived, setArrived] = useState(0);
  const [buckets, setBuckets] = useState<ReadonlyMap<number, number>>(new Map());
  const arrivedRef = useRef(0);
  const bucketsRef = useRef(new Map<number, number>());
  const countsDirty = useRef(false);
  const intervalRef = useRef(intervalMs);
  intervalRef.current = intervalMs;
  const buffer = useRef<Row[]>([]);
  const droppedRef = useRef(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  const apply = useCallback(() => {
    const batch = buffer.current;
    buffer.current = [];
    if (batch.length === 0) return;
    setRows((old) => {
      // Newest first: the buffer holds arrival order.
      const next = batch.reverse().concat(old);
      if (next.length > TAIL_KEEP) {
        trimmedRef.current += next.length - TAIL_KEEP;
        next.length = TAIL_KEEP;
      }
      return next;
    });
    setPending(0);
    setDropped(droppedRef.current);
    setTrimmed(trimmedRef.current);
  }, []);

  const publishCounts = useCallback(() => {
    if (!countsDirty.current) return;
    countsDirty.current = false;
    setArrived(arrivedRef.current);
    setBuckets(new Map(bucketsRef.current));
  }, []);

  useEffect(() => {
    setRows([]);
    setArrived(0);
    setBuckets(new Map());
    arrivedRef.current = 0;
    bucketsRef.current = new Map();
    setPending(0);
    setDropped(0);
    setTrimmed(0);
    droppedRef.current = 0;
    trimmedRef.current = 0;
    buffer.current = [];
    setError(null);
    if (!enabled) return setState('off');
    setState('starting');
    const sub = client.events.tail.subscribe(
      { q, ...TAIL_OPTIONS },
      {
        onStarted: () => setState('live'),
        onData: (batch) => {
          const b = buffer.current;
          const step = intervalRef.current;
          for (const e of batch.events) {
            b.push(e as unknown as Row);
            const t = Date.parse(e.utctimestamp);
            if (step && Number.isFinite(t)) {
              const at = Math.floor(t / step) * step;
              bucketsRef.current.set(at, (bucketsRef.current.get(at) ?? 0) + 1);
            }
          }
          arrivedRef.current += batch.events.length + batch.dropped;
          countsDirty.current = true;
          droppedRef.current += batch.dropped;
          if (b.length > PENDING_MAX) {
            droppedRef.current += b.length - PENDING_MAX;
            b.splice(0, b.length - PENDING_MAX);
          }
        },
        onError: (err) => {
          setState('error');
          setError(err.message);
        },
      },
    );
    const timer = setInterval(() => {
      publishCounts();
      if (!pausedRef.current) apply();
      else {
        setPending(buffer.current.length);
        setDropped(droppedRef.current);
      }
    }, FLUSH_MS);
    return () => {
      clearInterval(timer);
      sub.unsubscribe();
    };
  }, [client, q, enabled, apply, publishCounts]);

  return { rows, pending, dropped, trimmed, arrived, buckets, state, error, flush: apply };
}
