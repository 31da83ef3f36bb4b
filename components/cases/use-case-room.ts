'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CaseDetail, CaseKind } from '@/server/cases/case-model';
import { KIND_TOPIC } from '@/server/cases/case-model';
import { useTRPC, useTRPCClient } from '@/components/realtime/trpc';
import { useInvalidateOnChange, type LiveTopicState } from '@/components/realtime/use-live-topic';
import { mergeCaseDelta } from './case-delta';

/**
 * The room's case, kept live: a change on the kind's topic for this id invalidates the query, and
 * the refetch asks only for what changed since the version held (`sinceVersion`) and merges it —
 * a long timeline is not reloaded on every note. `refresh()` does the same after our own writes.
 */
export function useCaseRoom(
  id: string,
  kind: CaseKind,
): { query: ReturnType<typeof useQuery<CaseDetail>>; live: LiveTopicState; refresh: () => Promise<void> } {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const queryKey = trpc.cases.get.queryKey({ id });
  const query = useQuery<CaseDetail>({
    queryKey,
    queryFn: async ({ signal }) => {
      const held = queryClient.getQueryData<CaseDetail>(queryKey);
      const delta = (await client.cases.get.query(
        { id, kind, sinceVersion: held?.version ?? 0 },
        { signal },
      )) as CaseDetail;
      // Read again: another fetch may have merged meanwhile.
      return mergeCaseDelta(queryClient.getQueryData<CaseDetail>(queryKey), delta);
    },
    // Live updates keep it fresh; no refetch on focus (it would only be a no-op delta anyway).
    refetchOnWindowFocus: false,
    retry: (n, err) => n < 2 && !/not found/i.test(err.message),
  });
  const live = useInvalidateOnChange(KIND_TOPIC[kind], {
    changed: (c) => (c.id === id ? [queryKey] : []),
    resync: [queryKey],
  });
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey }), [queryClient, queryKey]);
  return { query, live, refresh };
}
