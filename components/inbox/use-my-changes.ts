'use client';

import { useEffect, useRef } from 'react';
import { isNewer } from '@/components/realtime/live-cursor';
import { useTRPCClient } from '@/components/realtime/trpc';

/**
 * Calls `onChange` for each change on my own inbox or task stream (ids only; refetch what they
 * name). Resumes like useLiveTopic: tRPC resends the last event id on reconnect and the cursor
 * check drops anything already delivered. A resync (id '*') means "refetch everything".
 */
export function useMyChanges(
  stream: 'inbox' | 'tasks',
  onChange: (change: { id: string; version: number; resync: boolean }) => void,
  opts: { enabled?: boolean } = {},
): void {
  const client = useTRPCClient();
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  const enabled = opts.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    let last: string | undefined;
    const sub = client.inbox.onChange.subscribe(
      { stream },
      {
        onData: ({ id: cursor, data }) => {
          if (!isNewer(cursor, last)) return;
          last = cursor;
          handler.current({ id: data.id, version: data.version, resync: data.resync === true });
        },
        onError: (err) => console.warn(`live ${stream} updates stopped: ${err.message}`),
      },
    );
    return () => sub.unsubscribe();
  }, [client, stream, enabled]);
}
