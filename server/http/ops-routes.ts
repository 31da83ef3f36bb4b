// GET /metrics (Prometheus text) and GET /api/health. Health is open to everyone (load balancers),
// but the dependencies' error texts name hosts and addresses, so those, like /metrics, are for
// PICKET_METRICS_TRUSTED_CIDRS or an identity with `metrics:read` (API token, or a session).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiTokens } from '../auth/api-tokens.ts';
import { can, type Identity } from '../auth/permissions.ts';
import type { HealthReport } from '../ops/health-registry.ts';
import { AppError } from '../errors/app-error.ts';
import { identityFromHeaders } from './request-identity.ts';
import { sendError } from './send.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

export type OpsAccess = { ok: true } | { ok: false; error: AppError };

export interface OpsAccessDeps {
  tokens: ApiTokens;
  sessionIdentity: (cookie: string | undefined) => Promise<Identity | undefined>;
  trusted: { contains(ip: string): boolean };
  /** The client's address (the socket peer, or X-Forwarded-For from a trusted proxy). */
  clientIp: (req: IncomingMessage) => string;
}

/** Permission: `metrics:read` — a token or session with it, or a source inside PICKET_METRICS_TRUSTED_CIDRS. */
export function createOpsAccess(deps: OpsAccessDeps): (req: IncomingMessage) => Promise<OpsAccess> {
  const forbidden = (): OpsAccess => ({
    ok: false,
    error: new AppError('forbidden', 'reading metrics needs the metrics:read permission'),
  });
  return async (req) => {
    const token = await identityFromHeaders(deps.tokens, req.headers.authorization);
    if (token === null)
      return {
        ok: false,
        error: new AppError('unauthorized', 'API token is invalid or revoked', {
          headers: { 'WWW-Authenticate': 'Bearer' },
        }),
      };
    if (token) return can(token, 'metrics:read') ? { ok: true } : forbidden();
    if (deps.trusted.contains(deps.clientIp(req))) return { ok: true };
    const session = req.headers.cookie ? await deps.sessionIdentity(req.headers.cookie) : undefined;
    if (session) return can(session, 'metrics:read') ? { ok: true } : forbidden();
    return {
      ok: false,
      error: new AppError(
        'unauthorized',
        'metrics are readable from PICKET_METRICS_TRUSTED_CIDRS or with an API token (Authorization: Bearer <token>)',
        {
          headers: { 'WWW-Authenticate': 'Bearer' },
        },
      ),
    };
  };
}

export interface OpsRouteDeps {
  access: (req: IncomingMessage) => Promise<OpsAccess>;
  metrics: { contentType: string; render(): Promise<string> };
}

export async function serveMetrics(
  deps: OpsRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  onInternal: (err: unknown) => void,
): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new AppError('method_not_allowed', 'use GET', { headers: { Allow: 'GET, HEAD' } });
    const access = await deps.access(req);
    if (!access.ok) throw access.error;
    const body = Buffer.from(await deps.metrics.render());
    res.writeHead(200, {
      ...API_SECURITY_HEADERS,
      'Content-Type': deps.metrics.contentType,
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    sendError(res, err, onInternal);
  }
}

/** The dependency map as anyone may see it: states and latencies, error texts only for ops readers. */
export function visibleDependencies(report: HealthReport, withErrors: boolean): HealthReport['dependencies'] {
  if (withErrors) return report.dependencies;
  const out = Object.create(null) as HealthReport['dependencies'];
  for (const [name, d] of Object.entries(report.dependencies)) {
    out[name] = {
      ...d,
      lastError: d.lastError && {
        at: d.lastError.at,
        message: 'hidden: ask from PICKET_METRICS_TRUSTED_CIDRS or with a metrics:read token',
      },
    };
  }
  return out;
}
