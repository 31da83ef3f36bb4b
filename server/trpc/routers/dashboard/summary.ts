import { fieldEquals, type QueryNode } from '../../../store/query/index.ts';
import { autoInterval, formatInterval } from '../../../store/histogram-interval.ts';
import { can } from '../../../auth/permissions.ts';
import { permission } from '../../init.ts';
import type { ExplorerServices } from '../../explorer-services.ts';
import { parseRange } from '../events/query-input.ts';
import { type DashboardSummary, type PanelLink, summaryInput, type TopPanel } from './dashboard.types.ts';

const TOP_SIZE = 10;
const GEO_POINTS = 500;
const GEO_SAMPLE = 20_000;
const MATCH_ALL: QueryNode = { type: 'matchAll' };

/**
 * The dashboard in one call: every panel's query runs in parallel, and the answer is shared for a
 * few seconds by every dashboard asking for the same range (live refresh without a query storm).
 */
export const summaryProcedure = permission('events:read')
  .input(summaryInput)
  .query(async ({ ctx, input }) => {
    const services = ctx.services.explorer;
    // Validate before touching the cache, so a bad range is an error, not a cached failure.
    parseRange(input.from, input.to);
    const panels = services.dashboardPanels;
    // The cached part is events only (events:read, checked above); alert and case panels are
    // computed per caller so a shared answer never carries what this caller may not read.
    const [shared, openAlerts, openCases] = await Promise.all([
      services.dashboardCache.get(`${input.from ?? ''}\n${input.to ?? ''}`, () =>
        summarize(services, input.from, input.to),
      ),
      can(ctx.identity, 'alerts:read') ? panels.openAlerts?.() : undefined,
      can(ctx.identity, 'cases:read') ? panels.openCases?.() : undefined,
    ]);
    const summary: DashboardSummary = { ...shared };
    if (openAlerts) summary.openAlerts = openAlerts;
    if (openCases) summary.openCases = openCases;
    return summary;
  });

async function summarize(
  s: ExplorerServices,
  fromText: string | undefined,
  toText: string | undefined,
): Promise<DashboardSummary> {
  const started = performance.now();
  const { from, to } = parseRange(fromText, toText);
  // Links keep the range as the user gave it (now-24h stays relative when shared).
  const link = (query: string): PanelLink => {
    const params = new URLSearchParams({ q: query });
    params.set('from', fromText ?? 'now-24h');
    params.set('to', toText ?? 'now');
    return { query, href: `/events?${params}` };
  };
  const top = async (field: string): Promise<TopPanel> => {
    const buckets = await s.store.aggregate({ query: MATCH_ALL, from, to, field, size: TOP_SIZE });
    return {
      field,
      ...link(`_exists_:${field}`),
      buckets: buckets.map((b) => ({ ...b, ...link(fieldEquals(field, b.key)) })),
    };
  };
  const intervalMs = autoInterval(to.getTime() - from.getTime());
  const [rate, topCategories, topSources, topHosts, topSourceIps, geo, ingest] = await Promise.all([
    s.store.histogram({ query: MATCH_ALL, from, to, intervalMs }),
    top('category'),
    top('source'),
    top('hostname'),
    top('details.sourceipaddress'),
    s.explorer.geoPoints({ query: MATCH_ALL, from, to, size: GEO_POINTS, sample: GEO_SAMPLE }),
    s.ingestHealth.snapshot(),
  ]);
  const summary: DashboardSummary = {
    from: from.toISOString(),
    to: to.toISOString(),
    rate: { ...link(''), interval: formatInterval(intervalMs), intervalMs, buckets: rate },
    topCategories,
    topSources,
    topHosts,
    topSourceIps,
    geo: {
      ...link('_exists_:details.sourceipgeolocation.latitude'),
      examined: geo.examined,
      sampled: geo.sampled,
      points: geo.points.map((p) => ({
        ...p,
        ...link(
          `details.sourceipgeolocation.latitude:${p.latitude} AND details.sourceipgeolocation.longitude:${p.longitude}`,
        ),
      })),
    },
    ingest,
    generatedAt: new Date().toISOString(),
    tookMs: 0,
  };
  summary.tookMs = Math.round(performance.now() - started);
  return summary;
}
