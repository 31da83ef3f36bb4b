import type { ApiTokens } from '../../auth/api-tokens.ts';
import type { SessionResolver } from '../../auth/session-identity.ts';
import type { Users } from '../../auth/users.ts';
import { accountRoutes } from './account-routes.ts';
import type { Db } from '../../db/drizzle.ts';
import { auditRoutes } from './audit-routes.ts';
import { userRoutes } from './users-routes.ts';
import type { EventStore } from '../../store/event-store.ts';
import { eventRoutes } from './events-routes.ts';
import type { RouteDef } from './router.ts';
import type { Alerting } from '../../alerts/alerting.ts';
import { alertRoutes } from './alerts-routes.ts';
import { ruleRoutes } from './rules-routes.ts';
import { tokenRoutes } from './tokens-routes.ts';
import type { Settings } from '../../settings/settings.ts';
import { settingsRoutes } from './settings-routes.ts';
import type { Cases } from '../../cases/cases.ts';
import { caseRoutes } from './cases-routes.ts';
import type { WatchlistService } from '../../watchlist/watchlist-service.ts';
import { watchlistRoutes } from './watchlist-routes.ts';
import { blocklistRoutes } from './blocklist-routes.ts';
import type { Notifications } from '../../alerts/notify/notifications.ts';
import type { EntityService } from '../../entities/entity-service.ts';
import { entityRoutes } from './entities-routes.ts';
import { notificationRoutes } from './notifications-routes.ts';

/** Every REST route under /api/v1, each with the permission it needs. */
export function apiRoutes(deps: {
  store: EventStore;
  tokens: ApiTokens;
  users: Users;
  sessions: SessionResolver;
  db: Db;
  cases: Cases;
  settings: Settings;
  alerting: Alerting;
  watchlist: WatchlistService;
  notifications: Notifications;
  entities: EntityService;
}): RouteDef[] {
  return [
    ...eventRoutes(deps.store),
    ...tokenRoutes(deps.tokens),
    ...userRoutes(deps.users, deps.sessions),
    ...auditRoutes(deps.db),
    ...accountRoutes(deps.users, deps.sessions),
    ...caseRoutes(deps.cases, deps.watchlist),
    ...settingsRoutes(deps.settings),
    ...alertRoutes(deps.alerting),
    ...ruleRoutes(deps.alerting, deps.store),
    ...watchlistRoutes(deps.watchlist),
    ...blocklistRoutes(deps.watchlist),
    ...notificationRoutes(deps.notifications),
    ...entityRoutes(deps.entities),
  ];
}
