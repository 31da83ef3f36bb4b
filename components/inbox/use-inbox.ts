'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/realtime/trpc';
import { useMyChanges } from './use-my-changes';

/**
 * My unread count and recent notifications, kept live: any change on my inbox topic refetches
 * exactly these two queries (count, and the list when it is mounted).
 */
export function useInbox(opts: { listLimit: number; unreadOnly?: boolean; listEnabled?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const countQuery = useQuery({ ...trpc.inbox.unreadCount.queryOptions(), refetchOnWindowFocus: true });
  const listInput = { unreadOnly: opts.unreadOnly ?? false, limit: opts.listLimit };
  const listQuery = useQuery({ ...trpc.inbox.list.queryOptions(listInput), enabled: opts.listEnabled ?? true });
  const refetch = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.inbox.unreadCount.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.inbox.list.queryKey() });
  };
  useMyChanges('inbox', refetch);
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: refetch }));
  const markAllRead = useMutation(trpc.inbox.markAllRead.mutationOptions({ onSuccess: refetch }));
  return { count: countQuery.data?.count ?? 0, countQuery, listQuery, markRead, markAllRead };
}
