'use client';

import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@/server/trpc/router';

/**
 * The app's typed tRPC hooks (TanStack Query integration). `useTRPC()` gives query/mutation
 * options and query keys (`trpc.presence.list.queryOptions()`, `trpc.presence.list.queryKey()`);
 * `useTRPCClient()` the plain client for subscriptions and imperative calls.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
