'use client';

import { hashKey, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';

/** How long changes gather before their queries refetch: a bulk action's hundreds of changes arrive within it. */
export const COALESCE_MS = 100;

/**
 * Invalidates query keys at most once per COALESCE_MS window, each key once. A bulk action
 * announces every alert it changed; invalidating per change started one refetch per change, and
 * the batch link sent them as one GET whose URL outgrew the server's header limit.
 */
export function useCoalescedInvalidate(): (keys: readonly QueryKey[]) => void {
  const queryClient = useQueryClient();
  const pending = useRef(new Map<string, QueryKey>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (keys) => {
      for (const k of keys) pending.current.set(hashKey(k), k);
      if (timer.current !== undefined || pending.current.size === 0) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        const due = [...pending.current.values()];
        pending.current.clear();
        for (const queryKey of due) void queryClient.invalidateQueries({ queryKey });
      }, COALESCE_MS);
    },
    [queryClient],
  );
}
