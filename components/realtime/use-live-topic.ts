'use client';

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { RealtimeTopic } from '@/server/realtime/bus';
import { isNewer } from './live-cursor';
import { useCoalescedInvalidate } from './use-coalesced-invalidate';
import { useTRPCClient } from './trpc';

/** One change on a topic: which record and its new version; `resync` (id '*') means "refetch everything of this topic". */
export interface LiveChange {
  topic: RealtimeTopic;
  id: string;
  version: number;
  resync: boolean;
  /** The server's "<epoch>.<seq>" event id. */
  cursor: string;
}

/** 'live' once the server has the subscription (changes from then on arrive); 'starting' before and while reconnecting. */
export type LiveTopicState = 'starting' | 'live' | 'failed';

/**
 * Calls `onChange` for every change on `topic` while mounted, in order, each exactly once.
 *
 * Resuming is the socket's job: when it reconnects, tRPC re-sends the subscription with the last
 * event id it saw, and the server replays what was missed (or sends one resync item when its window
 * no longer covers the gap). The cursor check below drops anything already delivered, so a replay
 * that overlaps live delivery never doubles a change.
 *
 * `onChange` may change on every render; the subscription is kept.
 */
export function useLiveTopic(
  topic: RealtimeTopic,
  onChange: (change: LiveChange) => void,
  opts: { enabled?: boolean } = {},
): LiveTopicState {
  const client = useTRPCClient();
  const [state, setState] = useState<LiveTopicState>('starting');
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  const enabled = opts.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    let last: string | undefined;
    setState('starting');
    const sub = client.changes.onTopic.subscribe(
      { topic },
      {
        onStarted: () => setState('live'),
        onConnectionStateChange: (c) => c.state !== 'pending' && setState('starting'),
        onData: ({ id: cursor, data }) => {
          if (!isNewer(cursor, last)) return;
          last = cursor;
          handler.current({ topic, id: data.id, version: data.version, resync: data.resync === true, cursor });
        },
        // FORBIDDEN/BAD_REQUEST are programming errors (topic the role may not read): say so, do not retry.
        onError: (err) => {
          setState('failed');
          console.warn(`live updates for ${topic} stopped: ${err.message}`);
        },
      },
    );
    return () => sub.unsubscribe();
  }, [client, topic, enabled]);
  return state;
}

/**
 * Keeps cached queries of `topic` fresh: each change invalidates only the queries `changed`
 * returns for it (the record by id, and lists that may show it); a resync invalidates `resync`,
 * the topic's queries as a whole. Never everything in the cache. A burst of changes (a bulk
 * action) refetches each query once (useCoalescedInvalidate).
 *
 * A query whose cached data already has `version >= change.version` (e.g. the result of our own
 * mutation) is left alone.
 *
 * @example Incidents list and room (`trpc = useTRPC()`):
 * ```tsx
 * useInvalidateOnChange('incidents', {
 *   changed: (c) => [trpc.incidents.get.queryKey({ id: c.id }), trpc.incidents.list.queryKey()],
 *   resync: [trpc.incidents.pathKey()],
 * });
 * ```
 * @example Alerts page: only the list is on screen.
 * ```tsx
 * useInvalidateOnChange('alerts', { changed: () => [trpc.alerts.list.queryKey()], resync: [trpc.alerts.pathKey()] });
 * ```
 */
export function useInvalidateOnChange(
  topic: RealtimeTopic,
  keys: { changed: (change: LiveChange) => readonly QueryKey[]; resync: readonly QueryKey[] },
  opts: { enabled?: boolean } = {},
): LiveTopicState {
  const queryClient = useQueryClient();
  const invalidate = useCoalescedInvalidate();
  return useLiveTopic(
    topic,
    (change) => {
      const affected = change.resync ? keys.resync : keys.changed(change);
      invalidate(
        affected.filter((queryKey) => change.resync || !isCurrent(queryClient.getQueryData(queryKey), change.version)),
      );
    },
    opts,
  );
}

function isCurrent(data: unknown, version: number): boolean {
  const v = (data as { version?: unknown } | undefined)?.version;
  return typeof v === 'number' && v >= version;
}
