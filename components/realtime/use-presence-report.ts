'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { useConnection } from './realtime-provider';
import { useTRPCClient } from './trpc';

/**
 * Tells the server which page this tab shows: on every client-side navigation, and again after
 * each (re)connect, since presence belongs to the socket and a new socket starts without a page.
 */
export function usePresenceReport(): void {
  const pathname = usePathname();
  const { generation } = useConnection();
  const client = useTRPCClient();
  useEffect(() => {
    if (generation === 0 || !pathname) return;
    // Fails only when the socket drops meanwhile; the next open sends it again.
    client.presence.setPage.mutate({ page: pathname.slice(0, 512) }).catch(() => undefined);
  }, [client, pathname, generation]);
}
