import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TLSSocket } from 'node:tls';
import { type Picket, VERSION } from '../app.ts';
import { CLIENT_IP_HEADER } from '../services.ts';
import { AppError } from '../errors/app-error.ts';
import { readBody } from './read-body.ts';
import { HSTS_VALUE, isHttpsRequest, PAGE_SECURITY_HEADERS } from './security-headers.ts';
import { sendError, sendJson } from './send.ts';
import { API_PREFIX } from './v1/router.ts';
import { serveMetrics } from './ops-routes.ts';
import { TRPC_PREFIX } from './trpc-routes.ts';
import { isMozdefRestPath } from './mozdef/mozdef-router.ts';
import { buildOpenApi, OPENAPI_PATH } from './openapi.ts';

const API_BODY_LIMIT = 2 * 1024 * 1024;

export interface WebApp {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface WsEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** Node request → web Request for the REST router (bodies are small JSON, read whole with a cap). */
async function toWebRequest(req: IncomingMessage): Promise<Request> {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? await readBody(req, API_BODY_LIMIT) : undefined;
  return new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
}

/**
 * Upload routes get the body as it arrives instead of read whole. Whatever the handler did not read
 * (refused early: 401/403/404/413) is drained afterwards so the client sees the answer rather than
 * a reset connection, and the connection is then closed.
 */
function serveStreamed(
  p: Picket,
  req: IncomingMessage,
  res: ServerResponse,
  ip: string,
  onInternal: (err: unknown) => void,
): void {
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  p.rest
    .handle(new Request(url, { method: req.method, headers }), ip, req)
    .then((response) => {
      const unread = !req.complete;
      if (unread) req.resume();
      return writeWebResponse(res, response, unread ? { connection: 'close' } : {});
    })
    .catch((err) => failed(res, err, onInternal));
}

/** A streamed answer can fail after its headers went out: then only the connection can say so. */
function failed(res: ServerResponse, err: unknown, onInternal: (err: unknown) => void): void {
  if (res.headersSent) res.destroy();
  else sendError(res, err, onInternal);
}

async function writeWebResponse(
  res: ServerResponse,
  response: Response,
  extra: Record<string, string> = {},
): Promise<void> {
  // A download streams: one that states its length (evidence files can be large) or an attachment
  // produced as it goes (event exports, chunked). JSON is small.
  if (
    response.body &&
    (response.headers.has('content-length') || response.headers.get('content-disposition')?.startsWith('attachment'))
  ) {
    const headers: Record<string, string> = { ...extra };
    response.headers.forEach((v, k) => {
      headers[k] = v;
    });
    res.writeHead(response.status, headers);
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = { ...extra };
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * One listener for everything: the ingest fast path, health, metrics, the REST API, tRPC (/api/trpc) and
 * the websocket are served here directly; pages and auth route handlers go to Next.
 */
export function createHttpServer(p: Picket, web?: WebApp, ws?: WsEndpoint): http.Server {
  const onInternal = (err: unknown) => {
    if (!p.db.health.absorb(err)) p.log.error({ err }, 'request failed');
  };
  let openApi: Record<string, unknown> | undefined;

  const server = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 120_000 }, (req, res) => {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    // Set before any handler so ingest, API and Next answers all carry it (writeHead merges it in).
    if (isHttpsRequest((req.socket as Partial<TLSSocket>).encrypted === true, req.headers['x-forwarded-proto'])) {
      res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    }
    // GET /events is the explorer page when the UI is served; ingest there is POST/PUT only.
    const explorerPage =
      web !== undefined &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      (path === '/events' || path === '/events/');
    if (!explorerPage && p.ingestHandler(req, res, path)) return;
    if (path === '/status' || path === '/status/') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (path === '/api/health') {
      p.ops
        .access(req)
        .then((access) => p.health({ withErrors: access.ok }))
        .then(
          (h) => sendJson(res, h.status === 'ok' ? 200 : 503, h),
          (err) => sendError(res, err, onInternal),
        );
      return;
    }
    // The API's own description: public, like the routes' names it lists (docs/api.md).
    if (path === OPENAPI_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      sendJson(
        res,
        200,
        (openApi ??= buildOpenApi({ v1: p.rest.definitions, mozdef: p.mozdefRest.definitions, version: VERSION })),
      );
      return;
    }
    if (path === '/metrics') {
      void serveMetrics({ access: (r) => p.ops.access(r), metrics: p.ops.metrics }, req, res, onInternal);
      return;
    }
    if ((path === API_PREFIX || path.startsWith(API_PREFIX + '/')) && p.rest.streamsBody(req.method, path)) {
      serveStreamed(p, req, res, p.clientIp(req), onInternal);
      return;
    }
    if (path === API_PREFIX || path.startsWith(API_PREFIX + '/')) {
      toWebRequest(req)
        .then((request) => p.rest.handle(request, p.clientIp(req)))
        .then((response) => writeWebResponse(res, response))
        .catch((err) => failed(res, err, onInternal));
      return;
    }
    if (isMozdefRestPath(path)) {
      toWebRequest(req)
        .then((request) => p.mozdefRest.handle(request, p.clientIp(req)))
        .then((response) => writeWebResponse(res, response))
        .catch((err) => failed(res, err, onInternal));
      return;
    }
    if (path.startsWith(TRPC_PREFIX + '/')) {
      toWebRequest(req)
        .then((request) => p.trpc(request, p.clientIp(req)))
        .then((response) => writeWebResponse(res, response))
        .catch((err) => sendError(res, err, onInternal));
      return;
    }
    if (!web) {
      sendError(res, new AppError('not_found', 'the web UI is not served by this process'), onInternal);
      return;
    }
    // Route handlers cannot see the socket: pass the address in a header no client can forge.
    delete req.headers[CLIENT_IP_HEADER];
    req.headers[CLIENT_IP_HEADER] = p.clientIp(req);
    // Baseline for everything Next serves, static assets included; proxy.ts adds the nonce CSP to pages.
    for (const [k, v] of Object.entries(PAGE_SECURITY_HEADERS)) res.setHeader(k, v);
    web.handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, err, onInternal);
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/api/ws' && ws) return ws.handleUpgrade(req, socket, head);
    if (web?.upgrade) return web.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  // A malformed request line or headers must not take the process down.
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
