import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter } from '@/server/trpc/router';

/** Procedures that must run on the socket although they are not subscriptions (presence is keyed by connection). */
const SOCKET_PROCEDURES = new Set(['presence.setPage', 'presence.setActivity']);
/**
 * Queries sent alone rather than batched: a batch is answered when its slowest call is, and the
 * explorer's result rows must not wait for the histogram and sidebar counts asked for with them.
 */
const UNBATCHED = new Set(['events.search']);

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * Reconnect delay for the n-th attempt after a drop: exponential (0.5 s, 1 s, 2 s, … capped at
 * 15 s) with "equal jitter" (half fixed, half random), so a restarted server is not hit by every
 * browser in the same millisecond, yet nobody waits longer than the cap.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** ws://host/api/ws or wss://… for the page's own origin (the server only accepts same-origin upgrades). */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
}

export type RealtimeSocket = ReturnType<typeof createWSClient>;

let leaving = false;
let parked: Array<() => void> = [];

/**
 * Called just before this tab signs out. The server's 4401 close (sign-out everywhere ends this
 * session too) must not start a second navigation to /login racing the sign-out's own, and
 * reconnect attempts would only be refused noisily meanwhile: they wait instead. Returns the undo,
 * for a sign-out that failed.
 */
export function leaveRealtime(): () => void {
  leaving = true;
  return () => {
    leaving = false;
    const waiting = parked;
    parked = [];
    for (const resume of waiting) resume();
  };
}

/** True once this tab is signing out: connection losses are expected, not a reason to redirect. */
export function isLeavingRealtime(): boolean {
  return leaving;
}

/**
 * The browser's tRPC client: subscriptions (and socket-bound calls) over one websocket to
 * /api/ws, which reconnects by itself and re-sends open subscriptions with their last event id;
 * queries and mutations over batched HTTP to /api/trpc (cookies, same origin).
 */
export function createRealtimeClient(opts: { onClose?: (code: number | undefined) => void } = {}): {
  client: TRPCClient<AppRouter>;
  socket: RealtimeSocket;
} {
  const socket = createWSClient({
    url: () =>
      leaving
        ? new Promise<string>((resolve) => parked.push(() => resolve(socketUrl(window.location))))
        : socketUrl(window.location),
    // Opens on the first subscription, never during server rendering; the shell's presence
    // subscription then keeps it open for the life of the tab.
    lazy: { enabled: true, closeMs: 30_000 },
    retryDelayMs: reconnectDelayMs,
    onClose: (cause) => opts.onClose?.(cause?.code),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription' || SOCKET_PROCEDURES.has(op.path),
        true: wsLink<AppRouter>({ client: socket }),
        false: splitLink({
          condition: (op) => UNBATCHED.has(op.path),
          true: httpLink<AppRouter>({ url: '/api/trpc' }),
          // A batched GET carries every input in its URL: split batches well under the server's 16 KiB header limit.
          false: httpBatchLink<AppRouter>({ url: '/api/trpc', maxURLLength: 8_000 }),
        }),
      }),
    ],
  });
  return { client, socket };
}
