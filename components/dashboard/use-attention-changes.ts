'use client';

import { useMyChanges } from '@/components/inbox/use-my-changes';
import { useCoalescedInvalidate } from '@/components/realtime/use-coalesced-invalidate';
import { useLiveTopic } from '@/components/realtime/use-live-topic';
import { useTRPC } from '@/components/realtime/trpc';

/**
 * Keeps "needs attention" and the nav counts live: an alert change (ids only, on the alerts topic)
 * or a change to one of my tasks refetches exactly those two queries — the inactive one is only
 * marked stale. Mounted once, in the sidebar, so a page never opens a second subscription for it.
 */
export function useAttentionChanges(opts: { alerts: boolean; tasks: boolean }): void {
  const trpc = useTRPC();
  const invalidate = useCoalescedInvalidate();
  const refetch = () => invalidate([trpc.dashboard.navCounts.queryKey(), trpc.dashboard.needsAttention.queryKey()]);
  useLiveTopic('alerts', refetch, { enabled: opts.alerts });
  useMyChanges('tasks', refetch, { enabled: opts.tasks });
}
