// MozDef's REST API (rest/index.py and its plugins) at MozDef's paths on Picket's port, so scripts
// written for MozDef work after changing host and port. Authorised like /api/v1 (API token or
// session; 401 without, 403 out of role); each route names its permission. /status stays open and
// is served by the HTTP server itself.
import type { Alerting } from '../../alerts/alerting.ts';
import type { ApiTokens } from '../../auth/api-tokens.ts';
import type { Cases } from '../../cases/cases.ts';
import type { Db } from '../../db/drizzle.ts';
import type { Logger } from '../../logger.ts';
import type { WatchlistService } from '../../watchlist/watchlist-service.ts';
import { API_SECURITY_HEADERS } from '../security-headers.ts';
import { RestRouter, type RouteDef } from '../v1/router.ts';
import { mozdefAlertRoutes } from './mozdef-alert-routes.ts';
import { mozdefIncidentRoutes } from './mozdef-incident-routes.ts';
import { mozdefLookupRoutes, type LookupDeps } from './mozdef-lookup-routes.ts';
import { mozdefWatchRoutes } from './mozdef-watch-routes.ts';
import { mozdefPluginRoutes } from './mozdef-plugin-routes.ts';
import type { PluginView } from '../../workers/plugin-host.ts';

/** The first path segments this router answers (with or without a trailing slash). */
const SEGMENTS = new Set([
  'blockip',
  'blockfqdn',
  'watchitem',
  'getwatchlist',
  'alertstatus',
  'incident',
  'veris',
  'alertschedules',
  'syncalertschedules',
  'updatealertschedules',
  'plugins',
  'ipwhois',
  'ipdshieldquery',
  'test',
  '_status',
]);

export function isMozdefRestPath(path: string): boolean {
  const seg = path.split('/')[1] ?? '';
  return SEGMENTS.has(seg);
}

/** MozDef's /test (rest) and /_status (loginput): 200 with an empty body. */
function empty(): Response {
  return new Response(null, { status: 200, headers: API_SECURITY_HEADERS });
}

export interface MozdefDeps extends LookupDeps {
  db: Db;
  tokens: ApiTokens;
  log: Logger;
  watchlist: WatchlistService;
  alerting: Alerting;
  cases: Cases;
  sessionIdentity?: (req: Request) => Promise<import('../../auth/permissions.ts').Identity | undefined>;
  /** This process's enrichment plugins, in run order (GET /plugins). */
  enrichmentPlugins: () => PluginView[];
}

export function mozdefRoutes(deps: MozdefDeps): RouteDef[] {
  return [
    ...mozdefWatchRoutes(deps.watchlist),
    ...mozdefPluginRoutes(deps.enrichmentPlugins),
    ...mozdefAlertRoutes(deps.alerting),
    ...mozdefIncidentRoutes(deps.cases, deps.db),
    ...mozdefLookupRoutes(deps),
    { method: 'GET', path: '/test', permission: 'account:self', handler: async () => empty() },
    { method: 'GET', path: '/_status', permission: 'account:self', handler: async () => empty() },
  ];
}

export function createMozdefRouter(deps: MozdefDeps): RestRouter {
  return new RestRouter(mozdefRoutes(deps), {
    tokens: deps.tokens,
    log: deps.log,
    db: deps.db,
    sessionIdentity: deps.sessionIdentity,
    prefix: '',
  });
}
