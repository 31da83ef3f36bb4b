import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '../server/trpc/router.ts';

/** A tRPC client on <base>/api/ws authenticated with a bearer token (the ws package accepts headers). */
export function connectTrpcWs(
  base: string,
  bearer: string,
  onClose?: (code: number | undefined) => void,
): { client: TRPCClient<AppRouter>; close(): Promise<void> } {
  class AuthedWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { Authorization: `Bearer ${bearer}` } });
    }
  }
  const ws = createWSClient({
    url: base.replace('http://', 'ws://') + '/api/ws',
    onClose: (e) => onClose?.(e?.code),
    WebSocket: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 50,
  });
  return { client: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => ws.close() };
}

/** Retries a check until it passes or `ms` elapse (for effects that arrive asynchronously). */
export async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
