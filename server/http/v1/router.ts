import type { z } from 'zod';
import type { Action, Identity } from '../../auth/permissions.ts';
import { can } from '../../auth/permissions.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../errors/app-error.ts';
import { asAppError, renderError } from '../send.ts';
import { identityFromHeaders } from '../request-identity.ts';
import { API_SECURITY_HEADERS, withApiHeaders } from '../security-headers.ts';
import type { ApiTokens } from '../../auth/api-tokens.ts';
import { recordDenied } from '../../audit/access-denied.ts';
import type { OutageSink } from '../../db/database-health.ts';
import type { DbOrTx } from '../../db/drizzle.ts';
import { cleanJsonText, rejectNulParams } from './text-input.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
  identity: Identity;
  ip: string;
  log: Logger;
  /** Routes with `streamBody`: the request body as it arrives (`req` then carries none). */
  body?: AsyncIterable<Uint8Array>;
}

export class Created {
  constructor(readonly body: unknown) {}
}

export interface RouteDef {
  method: Method;
  /** Path under /api/v1 with :params, e.g. /events/:id */
  path: string;
  /** Every route names the action it needs; the router checks it against the one permissions table. */
  permission: Action;
  handler: (ctx: RouteContext) => Promise<unknown>;
  /** One line for the API reference (GET /api/v1/openapi.json); the method and path when absent. */
  summary?: string;
  /**
   * The zod schemas the handler validates its query string and JSON body with (the same objects it
   * passes to parseSearchParams / parseJsonBody): the OpenAPI document is generated from them.
   */
  query?: z.ZodType;
  body?: z.ZodType;
  /** The JSON answer's shape (v1/answers.types.ts), documented as the success response. */
  response?: z.ZodType;
  /** The body is not read up front (under the 2 MiB API cap) but handed to the handler as a stream. */
  streamBody?: boolean;
}

interface CompiledRoute extends RouteDef {
  re: RegExp;
  keys: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const keys: string[] = [];
  const pattern = def.path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
    keys.push(k);
    return '([^/]+)';
  });
  return { ...def, re: new RegExp(`^${pattern}/?$`), keys };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...API_SECURITY_HEADERS, ...headers },
  });
}

/** An AppError as a Response (status and body from ERROR_TABLE, see send.ts). */
export function errorResponse(err: AppError): Response {
  const r = renderError(err);
  return json(r.status, r.body, r.headers);
}

export interface RouterDeps {
  tokens: ApiTokens;
  log: Logger;
  /** Session identity from a cookie (next-auth's signed cookie); undefined = none. */
  sessionIdentity?: (req: Request) => Promise<Identity | undefined>;
  /** Where refused mutations are recorded (access.denied); omitted only in unit setups. */
  db?: DbOrTx;
  /** The prefix the routes are served under, as refusals name them (MozDef's paths have none). */
  prefix?: string;
  /** Database outages: answered 503 and logged once per outage instead of per request. */
  outages?: OutageSink;
}

export const API_PREFIX = '/api/v1';

/** The REST API under /api/v1: identity → permission → handler → JSON, with typed errors. */
export class RestRouter {
  private readonly routes: CompiledRoute[];

  constructor(
    defs: RouteDef[],
    private readonly deps: RouterDeps,
  ) {
    this.routes = defs.map(compile);
  }

  get definitions(): readonly RouteDef[] {
    return this.routes;
  }

  /** True when `method path` is a streamBody route: the HTTP server then passes the body unread. */
  streamsBody(method: string | undefined, pathname: string): boolean {
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) || '/' : pathname;
    return this.routes.some((r) => r.streamBody === true && r.method === method && r.re.test(path));
  }

  readonly handle = async (req: Request, ip: string, body?: AsyncIterable<Uint8Array>): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    // Known once identified and routed: a refused change is then recorded against them.
    let who: Identity | undefined;
    let target: string | undefined;
    try {
      rejectNulParams(url.searchParams);
      const matches = this.routes.filter((r) => r.re.test(path));
      if (matches.length === 0) throw new AppError('not_found', `no API route ${url.pathname}`);
      const route = matches.find((r) => r.method === req.method);
      if (!route) {
        const allow = [...new Set(matches.map((r) => r.method))].join(', ');
        throw new AppError('method_not_allowed', `${req.method} is not allowed here (allowed: ${allow})`, {
          headers: { Allow: allow },
        });
      }
      const { identity, via } = await this.identify(req);
      who = identity;
      target = `${route.method} ${this.deps.prefix ?? API_PREFIX}${route.path}`;
      // Cookies ride along on cross-site requests; bearer tokens do not. So a cookie-authenticated
      // change must come from our own origin (CSRF).
      if (via === 'session' && req.method !== 'GET' && req.method !== 'HEAD' && !sameOrigin(req)) {
        throw new AppError(
          'forbidden',
          'cross-origin request refused (CSRF protection): send it from the Picket UI or use an API token',
        );
      }
      if (!can(identity, route.permission))
        throw new AppError('forbidden', `this needs the ${route.permission} permission`);
      const m = route.re.exec(path)!;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => {
        params[k] = decodeParam(m[i + 1]);
      });
      const result = await route.handler({
        req,
        url,
        params,
        identity,
        ip,
        log: this.deps.log,
        body: route.streamBody ? body : undefined,
      });
      if (result instanceof Response) return withApiHeaders(result);
      if (result instanceof Created) return json(201, result.body);
      return json(200, result);
    } catch (err) {
      const app = asAppError(
        err,
        (e) => this.deps.log.error({ err: e, path: url.pathname }, 'api request failed'),
        this.deps.outages,
      );
      if (app.code === 'forbidden' && who && target && req.method !== 'GET' && req.method !== 'HEAD' && this.deps.db) {
        await recordDenied(this.deps.db, this.deps.log, {
          identity: who,
          targetType: 'route',
          targetId: target,
          reason: app.message,
          ip,
        });
      }
      return errorResponse(app);
    }
  };

  private async identify(req: Request): Promise<{ identity: Identity; via: 'token' | 'session' }> {
    const fromToken = await identityFromHeaders(this.deps.tokens, req.headers.get('authorization'));
    if (fromToken === null)
      throw new AppError('unauthorized', 'API token is invalid or revoked', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    if (fromToken) return { identity: fromToken, via: 'token' };
    const fromSession = await this.deps.sessionIdentity?.(req);
    if (fromSession) return { identity: fromSession, via: 'session' };
    throw new AppError('unauthorized', 'sign in or send Authorization: Bearer <api token>', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}

/** A path segment's value; a malformed %-escape (`/rules/%`) is the client's error, not a 500. */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('bad_request', `malformed percent-encoding in the path: ${raw.slice(0, 100)}`);
  }
}

/** Origin (or, failing that, Referer) names the host the request was sent to. */
export function sameOrigin(req: Request | { headers: { get(name: string): string | null } }): boolean {
  const host = req.headers.get('host');
  const origin = req.headers.get('origin') ?? req.headers.get('referer');
  if (!host || !origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Reads a JSON body, 400 on anything else. */
export async function jsonBody(req: Request, maxBytes = 1024 * 1024): Promise<unknown> {
  const text = await req.text();
  if (text.length > maxBytes) throw new AppError('payload_too_large', `body exceeds ${maxBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'body must be JSON');
  }
  return cleanJsonText(parsed);
}
