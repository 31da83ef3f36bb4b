import { router } from './init.ts';
import { accountRouter } from './routers/account/account-router.ts';
import { changesRouter } from './routers/changes/changes-router.ts';
import { presenceRouter } from './routers/presence/presence-router.ts';
import { casesRouter } from './routers/cases/cases-router.ts';
import { settingsRouter } from './routers/settings/settings-router.ts';
import { alertsRouter } from './routers/alerts/alerts-router.ts';
import { rulesRouter } from './routers/rules/rules-router.ts';
import { watchlistRouter } from './routers/watchlist/watchlist-router.ts';
import { notificationsRouter } from './routers/notifications/notifications-router.ts';
import { eventsRouter } from './routers/events/events-router.ts';
import { savedSearchesRouter } from './routers/saved-searches/saved-searches-router.ts';
import { dashboardRouter } from './routers/dashboard/dashboard-router.ts';
import { inboxRouter } from './routers/inbox/inbox-router.ts';
import { entitiesRouter } from './routers/entities/entities-router.ts';
import { queueRouter } from './routers/queue/queue-router.ts';
import { pluginsRouter } from './routers/plugins/plugins-router.ts';
import { dropFiltersRouter } from './routers/drop-filters/drop-filters-router.ts';
import { usersRouter } from './routers/users/users-router.ts';
import { tokensRouter } from './routers/tokens/tokens-router.ts';
import { auditRouter } from './routers/audit/audit-router.ts';

/** The UI's API: one router per domain, each procedure in its own file. */
export const appRouter = router({
  account: accountRouter,
  presence: presenceRouter,
  changes: changesRouter,
  cases: casesRouter,
  settings: settingsRouter,
  alerts: alertsRouter,
  rules: rulesRouter,
  watchlist: watchlistRouter,
  notifications: notificationsRouter,
  events: eventsRouter,
  savedSearches: savedSearchesRouter,
  dashboard: dashboardRouter,
  inbox: inboxRouter,
  queue: queueRouter,
  plugins: pluginsRouter,
  dropFilters: dropFiltersRouter,
  users: usersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  entities: entitiesRouter,
});

export type AppRouter = typeof appRouter;
