import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import crypto from 'node:crypto';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiTokens } from '../auth/api-tokens.ts';
import type { SessionResolver } from '../auth/session-identity.ts';
import { sameOrigin } from '../http/v1/router.ts';
import { can, type Identity } from '../auth/permissions.ts';
import type { OutageSink } from '../db/database-health.ts';
import type { Logger } from '../logger.ts';
import { identityFromHeaders } from '../http/request-identity.ts';
import type { WsEndpoint } from '../http/http-server.ts';
import type { TrpcContext, TrpcServices } from '../trpc/init.ts';
import { appRouter } from '../trpc/router.ts';

interface Connection {
  identity: Identity;
  connectionId: string;
  ip: string;
  req: IncomingMessage;
  /** The tRPC context of this socket (created once per connection), updated on recheck. */
  ctx?: TrpcContext;
}

export interface RealtimeEndpoint extends WsEndpoint {
  close(): void;
  /** Open sockets (each authenticated on its upgrade). */
  clientCount(): number;
  recheck(): Promise<void>;
  /**
   * Drops open sockets at once, as a network failure would (no close handshake): all of them, or
   * only those of one user/token (`identityId`). Clients reconnect with their own credentials and
   * resume their subscriptions from their cursors, so this is safe to call on live users; a client
   * whose credentials are gone (e.g. after sign-out everywhere) is refused on the upgrade.
   * Returns how many sockets were dropped.
   */
  disconnect(filter?: { identityId?: string }): number;
}

/** A socket outlives its credentials: revoked tokens and ended sessions are re-checked this often. */
const RECHECK_MS = 15_000;

/**
 * /api/ws: identity is checked on the upgrade itself, so an unauthenticated socket never opens.
 * tRPC (subscriptions, and queries/mutations such as presence.setPage) runs on the socket with
 * that identity; each socket is one presence entry, removed when it closes.
 */
export function createWsEndpoint(deps: {
  tokens: ApiTokens;
  sessions: SessionResolver;
  log: Logger;
  version: string;
  services: TrpcServices;
  /** The client's address (X-Forwarded-For from a trusted proxy); the socket peer when omitted. */
  clientIp?: (req: IncomingMessage) => string;
  /** Database outages: logged once per outage instead of per failed call. */
  outages?: OutageSink;
}): RealtimeEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const connections = new WeakMap<WebSocket, Connection>();

  const resolveIdentity = async (req: IncomingMessage): Promise<Identity | null | undefined> => {
    const fromToken = await identityFromHeaders(deps.tokens, req.headers.authorization);
    if (fromToken !== undefined) return fromToken;
    // Browsers send cookies on cross-site websocket upgrades too: require our own origin.
    const asRequest = { headers: { get: (n: string) => (req.headers[n] as string | undefined) ?? null } };
    return sameOrigin(asRequest) ? deps.sessions.fromCookieHeader(req.headers.cookie) : undefined;
  };

  /** Closes sockets whose token was revoked or session ended; applies role changes to the rest. */
  const recheck = async (): Promise<void> => {
    await Promise.all(
      [...wss.clients].map(async (socket) => {
        const c = connections.get(socket);
        if (!c) return;
        const fresh = await resolveIdentity(c.req).catch(() => c.identity);
        if (!fresh || fresh.id !== c.identity.id) {
          socket.close(4401, 'credentials are no longer valid');
          return;
        }
        c.identity = fresh;
        if (c.ctx) c.ctx.identity = fresh;
      }),
    );
  };
  const timer = setInterval(() => void recheck(), RECHECK_MS);
  timer.unref();
  // Sign out everywhere ends sessions now; their sockets close now too (4401 sends the page to /login).
  const stopListening = deps.sessions.onForget(
    () => void recheck().catch((err) => deps.log.warn({ err }, 'ws recheck failed')),
  );

  const onTrpc = getWSConnectionHandler({
    wss,
    router: appRouter,
    // The identity was established on the upgrade (and is re-checked by the timer below).
    createContext: ({ res }): TrpcContext => {
      const c = connections.get(res as WebSocket);
      const ctx: TrpcContext = {
        identity: c?.identity,
        via: c ? 'ws' : 'none',
        connectionId: c?.connectionId,
        ip: c?.ip ?? '',
        log: deps.log,
        services: deps.services,
      };
      if (c) c.ctx = ctx;
      return ctx;
    },
    // Pings find dead sockets, so presence does not show people who closed their laptop.
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR' && !deps.outages?.absorb(error.cause))
        deps.log.error({ err: error.cause ?? error, path }, 'trpc ws call failed');
    },
  });
  wss.on('connection', (socket: WebSocket, req: IncomingMessage, identity: Identity) => {
    const connectionId = crypto.randomUUID();
    connections.set(socket, {
      identity,
      connectionId,
      ip: deps.clientIp?.(req) ?? req.socket.remoteAddress ?? '',
      req,
    });
    // Harmless to tRPC clients: a message without id or method is ignored by wsLink.
    socket.send(
      JSON.stringify({
        type: 'hello',
        version: deps.version,
        identity: { kind: identity.kind, name: identity.name, role: identity.role },
      }),
    );
    socket.on('error', (err: Error) => deps.log.debug({ err: err.message }, 'ws error'));
    socket.on('close', () => {
      deps.services.presence.leave(connectionId).catch((err) => deps.log.warn({ err }, 'presence leave failed'));
    });
    onTrpc(socket, req);
    // Shippers (ingest-only tokens) are not people looking at pages.
    if (can(identity, 'account:self'))
      deps.services.presence
        .join(connectionId, identity)
        .catch((err) => deps.log.warn({ err }, 'presence join failed'));
  });
  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      resolveIdentity(req)
        .then((identity) => {
          if (!identity) {
            socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, identity));
        })
        .catch(() => socket.destroy());
    },
    recheck,
    disconnect(filter = {}) {
      let dropped = 0;
      for (const socket of wss.clients) {
        const c = connections.get(socket);
        if (filter.identityId !== undefined && c?.identity.id !== filter.identityId) continue;
        socket.terminate();
        dropped++;
      }
      return dropped;
    },
    clientCount() {
      return wss.clients.size;
    },
    close() {
      clearInterval(timer);
      stopListening();
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
