import type { CachedFieldCatalog } from '../store/field-catalog-cache.ts';
import type { EventStore } from '../store/event-store.ts';
import type { ExplorerStore } from '../store/explorer-store.ts';
import type { SavedSearches } from '../searches/saved-searches.ts';
import type { LiveTail } from '../realtime/live-tail.ts';
import type { IngestHealthMonitor } from '../workers/ingest-health.ts';
import type { SingleFlightCache } from './single-flight-cache.ts';
import type { DashboardPanelProviders, DashboardSummary } from './routers/dashboard/dashboard.types.ts';

/** What the events, dashboard and savedSearches routers use, beyond the database. */
export interface ExplorerServices {
  store: EventStore;
  explorer: ExplorerStore;
  fields: CachedFieldCatalog;
  tail: LiveTail;
  savedSearches: SavedSearches;
  ingestHealth: IngestHealthMonitor;
  /** Dashboard answers per range, shared by every open dashboard for a few seconds. */
  dashboardCache: SingleFlightCache<DashboardSummary>;
  /** Panels other features add to the dashboard (open alerts, open cases); empty until they do. */
  dashboardPanels: DashboardPanelProviders;
}
