'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/realtime/trpc';
import { Empty, ErrorText, Loading } from '@/components/ui/states';
import { cellText } from '@/components/explorer/explorer-url';
import { Histogram } from '@/components/explorer/histogram';
import { savedSearchHref } from '@/components/explorer/saved-searches';
import type { DashboardSummary, TopPanel } from '@/server/trpc/routers/dashboard/dashboard.types';
import { EntityLink } from '@/components/entities/entity-link';
import type { EntityKind } from '@/server/entities/entity-kinds';
import { OpenAlerts, OpenCases } from './open-work-panels';
import { NeedsAttention } from './needs-attention';
import { Panel } from './panel';
import { WorldMap } from './world-map';

// Summaries are cached server-side (fresh 10 s); refetching every 15 s only while the tab is
// visible (TanStack Query pauses intervals in the background) keeps N dashboards from storming.
const REFRESH_MS = 15_000;

/** `entity`: the values are IPs or hosts, whose names open their entity page (the count opens the explorer). */
function TopList({ title, panel, entity }: { title: string; panel: TopPanel; entity?: EntityKind }) {
  const max = Math.max(1, ...panel.buckets.map((b) => b.count));
  return (
    <Panel title={title} href={panel.href}>
      {panel.buckets.length === 0 ? (
        <Empty>No events in this range.</Empty>
      ) : (
        <ol className="space-y-1 text-sm">
          {panel.buckets.map((b) => (
            <li key={b.key}>
              {entity && b.key !== '' ? (
                <div className="rounded px-1 py-0.5 hover:bg-panel-2">
                  <span className="flex justify-between gap-3">
                    <EntityLink kind={entity} value={b.key} className="truncate font-mono text-xs">
                      {cellText(b.key, 120)}
                    </EntityLink>
                    <Link
                      href={b.href}
                      className="shrink-0 text-xs tabular-nums text-muted hover:underline"
                      title="Open in explorer"
                    >
                      {b.count.toLocaleString()}
                    </Link>
                  </span>
                  <span className="mt-0.5 block h-1 rounded bg-panel-2">
                    <span className="block h-1 rounded bg-accent/70" style={{ width: `${(b.count / max) * 100}%` }} />
                  </span>
                </div>
              ) : (
                <Link href={b.href} className="group block rounded px-1 py-0.5 hover:bg-panel-2">
                  <span className="flex justify-between gap-3">
                    <span className="truncate font-mono text-xs" title={cellText(b.key, 500)}>
                      {cellText(b.key, 120) || '(empty)'}
                    </span>
                    <span className="shrink-0 text-xs tabular-nums text-muted">{b.count.toLocaleString()}</span>
                  </span>
                  <span className="mt-0.5 block h-1 rounded bg-panel-2">
                    <span className="block h-1 rounded bg-accent/70" style={{ width: `${(b.count / max) * 100}%` }} />
                  </span>
                </Link>
              )}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

function Stat({ label, value, tone, title }: { label: string; value: string; tone?: 'danger' | 'ok'; title?: string }) {
  return (
    <div title={title}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd
        className={`text-2xl font-semibold tabular-nums ${tone === 'danger' ? 'text-danger' : tone === 'ok' ? 'text-ok' : ''}`}
      >
        {value}
      </dd>
    </div>
  );
}

function lag(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function Body({ s }: { s: DashboardSummary }) {
  const total = s.rate.buckets.reduce((n, b) => n + b.count, 0);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
      <Panel
        title={`Event rate · ${total.toLocaleString()} ${total === 1 ? 'event' : 'events'}`}
        href={s.rate.href}
        className="lg:col-span-2"
      >
        <Histogram
          buckets={s.rate.buckets}
          fromMs={Date.parse(s.from)}
          toMs={Date.parse(s.to)}
          intervalMs={s.rate.intervalMs}
          label="Event rate"
        />
      </Panel>
      <Panel title="Ingest health">
        <dl className="grid grid-cols-2 gap-3">
          <Stat
            label="Events/s"
            value={s.ingest.storedPerSec.toLocaleString(undefined, { maximumFractionDigits: 1 })}
          />
          <Stat
            label="Rejected/s"
            value={s.ingest.rejectedPerSec.toLocaleString(undefined, { maximumFractionDigits: 1 })}
            tone={s.ingest.rejectedPerSec > 0 ? 'danger' : undefined}
          />
          <Stat
            label="Store lag"
            value={lag(s.ingest.storeLagMs)}
            tone={s.ingest.storeLagMs !== null && s.ingest.storeLagMs > 60_000 ? 'danger' : undefined}
            title="How long queued events wait to be stored; 0 when nothing is queued"
          />
          <Stat label="Queued" value={s.ingest.queuePending.toLocaleString()} />
        </dl>
      </Panel>
      {s.openAlerts && <OpenAlerts panel={s.openAlerts} />}
      {s.openCases && <OpenCases panel={s.openCases} />}
      <Panel
        title={`Source IP locations${s.geo.sampled ? ` (newest ${s.geo.examined.toLocaleString()})` : ''}`}
        href={s.geo.href}
        className="lg:col-span-2"
      >
        {s.geo.points.length === 0 ? (
          <Empty>No geolocated source IPs in this range.</Empty>
        ) : (
          <WorldMap points={s.geo.points} />
        )}
      </Panel>
      <TopList title="Top source IPs" panel={s.topSourceIps} entity="ip" />
      <TopList title="Top categories" panel={s.topCategories} />
      <TopList title="Top sources" panel={s.topSources} />
      <TopList title="Top hosts" panel={s.topHosts} entity="host" />
    </div>
  );
}

function PinnedSearches() {
  const trpc = useTRPC();
  const pinned = useQuery({
    ...trpc.savedSearches.list.queryOptions({ pinnedOnly: true }),
    refetchInterval: REFRESH_MS * 4,
  });
  if (!pinned.data || pinned.data.searches.length === 0) return null;
  return (
    <nav aria-label="Pinned searches" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-xs font-semibold uppercase tracking-wide text-muted">Pinned</span>
      {pinned.data.searches.map((p) => (
        <Link
          key={p.id}
          href={savedSearchHref(p)}
          className="rounded-full border border-border bg-panel px-3 py-1 hover:border-accent"
          title={p.query}
        >
          {p.name}
        </Link>
      ))}
    </nav>
  );
}

/** The landing page: where events come from and how the pipeline is doing over the last 24 h. */
export function Dashboard() {
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.dashboard.summary.queryOptions({ from: 'now-24h', to: 'now' }),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  return (
    <div>
      <div className="mb-4 flex items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Dashboard</h1>
        <span className="text-xs text-muted">
          Last 24 hours{summary.data ? ` · updated ${new Date(summary.data.generatedAt).toLocaleTimeString()}` : ''}
        </span>
      </div>
      <NeedsAttention />
      <PinnedSearches />
      {summary.isPending ? (
        <Loading />
      ) : summary.error ? (
        <ErrorText error={summary.error} />
      ) : (
        <Body s={summary.data} />
      )}
    </div>
  );
}
