'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { RealtimeProvider } from '@/components/realtime/realtime-provider';
import { syncStoredTheme } from './theme';

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab; admin data is small, so no retries that would delay error states.
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  useEffect(syncStoredTheme, []);
  return (
    <QueryClientProvider client={client}>
      {/* tRPC over the same cache: /api/trpc for queries and mutations, /api/ws for live updates. */}
      <RealtimeProvider queryClient={client}>{children}</RealtimeProvider>
    </QueryClientProvider>
  );
}
