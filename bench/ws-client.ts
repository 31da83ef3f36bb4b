// A tRPC client over /api/ws authenticated with the bench's admin token, as a browser's would be
// with its session: the realtime benches (live-update, alert-latency, soak) each open many.
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../server/trpc/router.ts';
import type { BenchServer } from './server-process.ts';

export interface WsBenchClient {
  client: TRPCClient<AppRouter>;
  close(): void;
}

export function connectWs(server: Pick<BenchServer, 'url' | 'token'>): WsBenchClient {
  const token = server.token;
  class AuthedWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { Authorization: `Bearer ${token}` } });
    }
  }
  const ws = createWSClient({
    url: `${server.url.replace('http://', 'ws://')}/api/ws`,
    WebSocket: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
  });
  return { client: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => void ws.close() };
}
