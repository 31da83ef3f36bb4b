'use client';

import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createRealtimeClient, isLeavingRealtime, type RealtimeSocket } from './realtime-client';
import { TRPCProvider } from './trpc';

export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface Connection {
  status: ConnectionStatus;
  /** Counts successful opens: per-connection state (presence) is re-sent when it changes. */
  generation: number;
}

interface ConnectionStore {
  subscribe(onChange: () => void): () => void;
  get(): Connection;
}

const IDLE: Connection = { status: 'idle', generation: 0 };
const ConnectionContext = createContext<ConnectionStore | null>(null);

/** Every this many failed (re)connects in a row, ask whether the session is still valid. */
const SESSION_CHECK_AFTER = 3;

/**
 * Mounts the tRPC client (socket + HTTP) for the signed-in shell. A socket closed for lost
 * credentials (4401), or one that keeps failing while the session answers 401, sends the user to
 * /login instead of retrying forever.
 */
export function RealtimeProvider({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const [{ client, store }] = useState(() => {
    let failures = 0;
    // The callback runs only after a close, by when `created` is set.
    const created = createRealtimeClient({
      onClose: (code) => {
        if (isLeavingRealtime()) return;
        if (code === 4401) return window.location.assign('/login');
        if (++failures % SESSION_CHECK_AFTER !== 0) return;
        // Queries go over HTTP (the batch link), so this asks even while the socket is down.
        created.client.account.me.query().catch((err: unknown) => {
          if ((err as { data?: { httpStatus?: number } } | null)?.data?.httpStatus === 401)
            window.location.assign('/login');
        });
      },
    });
    const store = connectionStore(created.socket, () => (failures = 0));
    return { ...created, store };
  });
  // No close on unmount: the socket is lazy and shuts itself 30 s after its last subscription ends,
  // which also survives React's double-run of effects in development.
  return (
    <TRPCProvider trpcClient={client} queryClient={queryClient}>
      <ConnectionContext.Provider value={store}>{children}</ConnectionContext.Provider>
    </TRPCProvider>
  );
}

/** The socket's state for the UI (indicator) and for per-connection effects (presence). */
export function useConnection(): Connection {
  const store = useContext(ConnectionContext);
  if (!store) throw new Error('useConnection needs <RealtimeProvider>');
  return useSyncExternalStore(store.subscribe, store.get, () => IDLE);
}

function connectionStore(socket: RealtimeSocket, onOpen: () => void): ConnectionStore {
  let current = IDLE;
  const listeners = new Set<() => void>();
  // One subscription for the tab's lifetime (the socket lives as long as the provider).
  socket.connectionState.subscribe({
    next: (s) => {
      const status: ConnectionStatus =
        s.state === 'pending' ? 'live' : s.state === 'idle' ? 'idle' : s.error ? 'reconnecting' : 'connecting';
      if (status === current.status) return;
      if (status === 'live') onOpen();
      // A new object only on change: useSyncExternalStore compares snapshots by identity.
      current = { status, generation: status === 'live' ? current.generation + 1 : current.generation };
      for (const l of listeners) l();
    },
  });
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    get: () => current,
  };
}
