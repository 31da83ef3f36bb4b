import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiTokens } from '../auth/api-tokens.ts';
import type { SessionResolver } from '../auth/session-identity.ts';
import { sameOrigin } from '../http/v1/router.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Logger } from '../logger.ts';
import { identityFromHeaders } from '../http/request-identity.ts';
import type { WsEndpoint } from '../http/http-server.ts';

/**
 * /api/ws: identity is checked on the upgrade itself, so an unauthenticated socket never opens.
 * The sign-in issue adds the session cookie and tRPC subscriptions on top of this seam.
 */
export function createWsEndpoint(deps: { tokens: ApiTokens; sessions: SessionResolver; log: Logger; version: string }): WsEndpoint & { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  wss.on('connection', (socket: WebSocket, _req: IncomingMessage, identity: Identity) => {
    socket.send(JSON.stringify({ type: 'hello', version: deps.version, identity: { kind: identity.kind, name: identity.name, role: identity.role } }));
    socket.on('error', (err: Error) => deps.log.debug({ err: err.message }, 'ws error'));
  });
  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const asRequest = { headers: { get: (n: string) => (req.headers[n] as string | undefined) ?? null } };
      identityFromHeaders(deps.tokens, req.headers.authorization)
        .then(async (fromToken) => {
          if (fromToken !== undefined) return fromToken;
          // Browsers send cookies on cross-site websocket upgrades too: require our own origin.
          return sameOrigin(asRequest) ? deps.sessions.fromCookieHeader(req.headers.cookie) : undefined;
        })
        .then((identity) => {
          if (!identity) {
            socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, identity));
        })
        .catch(() => socket.destroy());
    },
    close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
