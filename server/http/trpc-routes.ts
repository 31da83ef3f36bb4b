import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { ApiTokens } from '../auth/api-tokens.ts';
import { recordDenied } from '../audit/access-denied.ts';
import type { Identity } from '../auth/permissions.ts';
import type { SessionResolver } from '../auth/session-identity.ts';
import type { OutageSink } from '../db/database-health.ts';
import type { Logger } from '../logger.ts';
import type { TrpcContext, TrpcServices } from '../trpc/init.ts';
import { appRouter } from '../trpc/router.ts';
import { AppError } from '../errors/app-error.ts';
import { identityFromHeaders } from './request-identity.ts';
import { withApiHeaders } from './security-headers.ts';
import { errorResponse, sameOrigin } from './v1/router.ts';

export const TRPC_PREFIX = '/api/trpc';

/** The type of the procedure a path segment names (own keys only), undefined for none or a malformed %-escape. */
function procedureType(
  procedures: Record<string, { _def: { type: string } } | undefined>,
  segment: string,
): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined; // tRPC itself answers 404 for a path that names no procedure
  }
  return Object.hasOwn(procedures, name) ? procedures[name]?._def.type : undefined;
}

export type TrpcHttpHandler = (req: Request, ip: string) => Promise<Response>;

/**
 * Queries and mutations at /api/trpc/*, with the same identity rules as /api/v1: bearer token
 * or session cookie, and cookie-authenticated mutations only from our own origin (CSRF).
 * Subscriptions go over /api/ws; this handler buffers whole responses, so it refuses them.
 */
export function createTrpcHttp(deps: {
  tokens: ApiTokens;
  sessions: SessionResolver;
  log: Logger;
  services: TrpcServices;
  outages?: OutageSink;
}): TrpcHttpHandler {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>;
  return async (req, ip) => {
    // Answer a plain 405 rather than tRPC's one-event SSE stream: the caller is using the wrong transport.
    const paths = new URL(req.url).pathname.slice(TRPC_PREFIX.length + 1).split(',');
    if (paths.some((p) => procedureType(procedures, p) === 'subscription')) {
      return errorResponse(new AppError('method_not_allowed', 'subscriptions are served over the /api/ws socket'));
    }
    let identity: Identity | undefined;
    let via: TrpcContext['via'] = 'none';
    const fromToken = await identityFromHeaders(deps.tokens, req.headers.get('authorization'));
    if (fromToken) [identity, via] = [fromToken, 'token'];
    else if (fromToken === undefined) {
      // A presented-but-invalid token never falls back to the cookie: the caller meant the token.
      const fromSession = await deps.sessions.fromCookieHeader(req.headers.get('cookie'));
      if (fromSession) [identity, via] = [fromSession, 'session'];
    }
    if (via === 'session' && req.method !== 'GET' && req.method !== 'HEAD' && !sameOrigin(req)) {
      await recordDenied(deps.services.db, deps.log, {
        identity: identity!,
        targetType: 'procedure',
        targetId: paths.join(',').slice(0, 200),
        reason: 'cross-origin request (CSRF protection)',
        ip,
      });
      return errorResponse(
        new AppError(
          'forbidden',
          'cross-origin request refused (CSRF protection): send it from the Picket UI or use an API token',
        ),
      );
    }
    const response = await fetchRequestHandler({
      endpoint: TRPC_PREFIX,
      req,
      router: appRouter,
      createContext: ({ info }): TrpcContext => {
        if (info.type === 'subscription')
          throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: 'subscribe over the /api/ws socket' });
        return { identity, via, ip, log: deps.log, services: deps.services };
      },
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR' && !deps.outages?.absorb(error.cause))
          deps.log.error({ err: error.cause ?? error, path }, 'trpc request failed');
      },
    });
    return withApiHeaders(response);
  };
}
