import { z } from 'zod';
import type { Bucket, HistogramBucket } from '../../../store/event-store.ts';
import type { GeoPoint } from '../../../store/explorer-store.ts';
import type { IngestHealth } from '../../../workers/ingest-health.ts';

export const summaryInput = z.object({
  /** Same forms as the explorer: ISO, epoch millis or date math; default the last 24 h. */
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
});

/** Every panel says which explorer query shows its events: `href` is /events?q=…&from=…&to=…. */
export interface PanelLink {
  query: string;
  href: string;
}

export interface TopPanel extends PanelLink {
  field: string;
  buckets: Array<Bucket & PanelLink>;
}

export interface OpenAlertsPanel extends PanelLink {
  bySeverity: Array<{ severity: string; count: number } & PanelLink>;
  total: number;
}

export interface OpenCasesPanel {
  incidents: Array<{ id: string; title: string; phase: string; severity?: string; href: string }>;
  investigations: Array<{ id: string; title: string; phase: string; href: string }>;
  /** Open cases counted per phase; href is /incidents?phase=… or /investigations?phase=…. */
  incidentPhases: PhaseCount[];
  investigationPhases: PhaseCount[];
}

export interface PhaseCount {
  phase: string;
  count: number;
  href: string;
}

/**
 * Panels owned by other features (alerts, incidents/investigations), registered in
 * ExplorerServices.dashboardPanels. They run per caller, outside the shared summary cache, and are
 * included only when the caller may read alerts / cases.
 */
export interface DashboardPanelProviders {
  openAlerts?: () => Promise<OpenAlertsPanel>;
  openCases?: () => Promise<OpenCasesPanel>;
}

export interface DashboardSummary {
  from: string;
  to: string;
  rate: PanelLink & { interval: string; intervalMs: number; buckets: HistogramBucket[] };
  topCategories: TopPanel;
  topSources: TopPanel;
  topHosts: TopPanel;
  topSourceIps: TopPanel;
  /** Over the newest 20,000 geolocated events of the range (`sampled` when there were more). */
  geo: PanelLink & { points: Array<GeoPoint & PanelLink>; examined: number; sampled: boolean };
  ingest: IngestHealth;
  /** Absent without a provider or without alerts:read: no placeholder data. */
  openAlerts?: OpenAlertsPanel;
  /** Absent without a provider or without cases:read. */
  openCases?: OpenCasesPanel;
  generatedAt: string;
  tookMs: number;
}
