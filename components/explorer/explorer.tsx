'use client';

import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { FilePlus2, Radio, Save } from 'lucide-react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '@/components/ui/button';
import { Empty, ErrorText, Loading } from '@/components/ui/states';
import { EventDrawer } from './event-drawer';
import { EvidenceDialog } from './evidence-dialog';
import { ExportLinks } from './export-links';
import { addFilter, readView, viewHref, type ExplorerView } from './explorer-url';
import { FieldSidebar } from './field-sidebar';
import { type Bar, Histogram } from './histogram';
import { QueryBar } from './query-bar';
import { ResultsTable, type Row } from './results-table';
import { SavedSearchesMenu, SaveSearchDialog } from './saved-searches';
import { TimePicker } from './time-picker';
import { TAIL_KEEP, useLiveTail } from './use-live-tail';

const PAGE = 500;
const SEARCH_STALE_MS = 30_000;

/** The events.search input for a view: one place, so a prefetch and the table use the same query key. */
function searchInput(view: ExplorerView) {
  return {
    q: view.q,
    from: view.from,
    to: view.to,
    size: PAGE,
    sort: { field: 'utctimestamp' as const, order: view.order },
    columns: view.columns,
  };
}

const getNextPageParam = (last: { nextCursor?: string | null }) => last.nextCursor ?? undefined;

/** The events explorer: every piece of view state is read from and written to the URL. */
export function Explorer({
  canWriteCases,
  canWriteWatchlist = false,
}: {
  canWriteCases: boolean;
  canWriteWatchlist?: boolean;
}) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const view = useMemo(() => readView(new URLSearchParams(params.toString())), [params]);
  // The view lives only in the URL, and the page's server part does not read it: the native history
  // API (which Next keeps useSearchParams and Back/Forward in step with) changes it without the
  // server round trip router.push makes, which the search would otherwise wait behind.
  const queryClient = useQueryClient();
  const go = useCallback(
    (patch: Partial<ExplorerView>) => {
      const href = viewHref({ ...view, ...patch });
      // The search starts now, not after the re-render the URL change causes: the page then finds it
      // in flight under the same key (the view as it will be read back from the URL).
      const next = readView(new URL(href, window.location.origin).searchParams);
      void queryClient.prefetchInfiniteQuery({
        ...trpc.events.search.infiniteQueryOptions(searchInput(next), { getNextPageParam }),
        staleTime: SEARCH_STALE_MS,
      });
      window.history.pushState(null, '', href);
    },
    [view, queryClient, trpc],
  );
  const openId = params.get('event');
  const setOpenId = (id: string | null) => {
    const p = new URLSearchParams(params.toString());
    if (id) p.set('event', id);
    else p.delete('event');
    window.history.replaceState(null, '', `${pathname}?${p.toString()}`);
  };

  const search = useInfiniteQuery({
    ...trpc.events.search.infiniteQueryOptions(searchInput(view), { getNextPageParam }),
    staleTime: SEARCH_STALE_MS,
  });
  const histogram = useQuery({
    ...trpc.events.histogram.queryOptions({ q: view.q, from: view.from, to: view.to }),
    staleTime: 30_000,
  });

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [evidenceIds, setEvidenceIds] = useState<string[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [tail, setTail] = useState(false);
  const [atTop, setAtTop] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const live = useLiveTail(view.q, tail, !atTop, histogram.data?.intervalMs ?? null);
  // New events land at "now": they count towards the view only when its range runs to now.
  const liveCounts = tail && view.to === 'now';
  const bars = useMemo(
    () => (histogram.data ? withLiveBuckets(histogram.data, liveCounts ? live.buckets : new Map()) : null),
    [histogram.data, live.buckets, liveCounts],
  );
  const liveExtra = liveCounts ? live.arrived : 0;

  const searchRows = useMemo(
    () => (search.data?.pages ?? []).flatMap((p) => p.events as unknown as Row[]),
    [search.data],
  );
  const rows = useMemo(() => {
    if (!tail || live.rows.length === 0) return searchRows;
    const seen = new Set(live.rows.map((r) => r.id));
    return live.rows.concat(searchRows.filter((r) => !seen.has(r.id)));
  }, [tail, live.rows, searchRows]);
  const first = search.data?.pages[0];

  // Stable while the view is: the (memoized) field sidebar then skips the renders a search's answer causes.
  const filter = useCallback(
    (field: string, value: string, negate: boolean) => go({ q: addFilter(view.q, field, value, negate) }),
    [go, view.q],
  );
  const toggleColumn = useCallback(
    (c: string) =>
      go({ columns: view.columns.includes(c) ? view.columns.filter((x) => x !== c) : [...view.columns, c] }),
    [go, view.columns],
  );
  const toggleSelect = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const jumpTop = () => {
    scrollRef.current?.scrollTo({ top: 0 });
    setAtTop(true);
    live.flush();
  };

  return (
    <div className="flex h-[calc(100vh-6.5rem)] min-h-[480px] min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-start gap-2">
        <QueryBar value={view.q} onSubmit={(q) => go({ q })} />
        <TimePicker from={view.from} to={view.to} onChange={(from, to) => go({ from, to })} />
        <Button
          variant={tail ? 'primary' : 'secondary'}
          aria-pressed={tail}
          onClick={() => setTail(!tail)}
          title="Show new matching events as they arrive"
        >
          <Radio size={15} /> Live tail
        </Button>
        <Button variant="secondary" onClick={() => setSaving(true)}>
          <Save size={15} /> Save
        </Button>
        <SavedSearchesMenu />
        <ExportLinks view={view} />
      </div>
      <div className="flex min-h-0 flex-1 gap-3">
        <aside className="hidden w-60 shrink-0 flex-col md:flex">
          <FieldSidebar view={view} onToggleColumn={toggleColumn} onFilter={filter} />
        </aside>
        <section className="flex min-w-0 flex-1 flex-col gap-2" aria-label="Results">
          <div className="rounded-lg border border-border bg-panel px-3 pt-2 pb-1">
            <div className="flex items-baseline justify-between gap-3 text-sm">
              <p role="status" aria-live="polite" data-testid="hit-count">
                {first ? (
                  <>
                    <strong className="tabular-nums">{(first.total + liveExtra).toLocaleString()}</strong>
                    {first.totalExact ? '' : '+'} {first.total + liveExtra === 1 ? 'event' : 'events'}
                    {liveExtra > 0 && <span className="text-muted"> · {liveExtra.toLocaleString()} live</span>}
                    <span className="text-muted"> · {first.tookMs} ms</span>
                  </>
                ) : search.isPending ? (
                  'Searching…'
                ) : null}
              </p>
              <span className="text-xs text-muted">Drag across the chart to zoom</span>
            </div>
            {bars ? (
              <Histogram
                buckets={bars.buckets}
                fromMs={bars.fromMs}
                toMs={bars.toMs}
                intervalMs={bars.intervalMs}
                onZoom={(from, to) => go({ from, to })}
              />
            ) : histogram.error ? null : (
              <div className="h-[116px]" />
            )}
          </div>
          {tail && (
            <div className="flex items-center gap-3 text-xs" role="status" aria-label="Live tail status">
              <span
                className={live.state === 'live' ? 'text-ok' : live.state === 'error' ? 'text-danger' : 'text-muted'}
              >
                {live.state === 'live'
                  ? atTop
                    ? '● Live'
                    : '❚❚ Paused while you scroll'
                  : live.state === 'error'
                    ? `Live tail stopped: ${live.error}`
                    : 'Connecting…'}
              </span>
              {live.pending > 0 && (
                <Button size="sm" onClick={jumpTop}>
                  {live.pending.toLocaleString()} new
                </Button>
              )}
              {live.dropped > 0 && (
                <span className="text-muted">{live.dropped.toLocaleString()} dropped to keep up</span>
              )}
              {live.trimmed > 0 && (
                <span className="text-muted">
                  showing the newest {TAIL_KEEP.toLocaleString()} live rows ({live.trimmed.toLocaleString()} older let
                  go; search to see them)
                </span>
              )}
            </div>
          )}
          {selected.size > 0 && (
            <div className="flex items-center gap-2 text-sm">
              <span>{selected.size} selected</span>
              {canWriteCases && (
                <Button size="sm" variant="secondary" onClick={() => setEvidenceIds([...selected].slice(0, 100))}>
                  <FilePlus2 size={13} /> Add to incident/investigation
                </Button>
              )}
              <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                Clear
              </Button>
            </div>
          )}
          {search.isPending ? (
            <Loading label="Searching…" />
          ) : search.error ? (
            <div className="rounded-lg border border-danger/40 p-4">
              <ErrorText error={search.error} />
            </div>
          ) : rows.length === 0 ? (
            <div className="rounded-lg border border-border bg-panel">
              <Empty>No events match this query in this time range. Widen the range or loosen the query.</Empty>
            </div>
          ) : (
            <ResultsTable
              rows={rows}
              query={view.q}
              columns={view.columns}
              order={view.order}
              selected={selected}
              scrollRef={scrollRef}
              hasMore={search.hasNextPage}
              loadingMore={search.isFetchingNextPage}
              onLoadMore={() => void search.fetchNextPage()}
              onOpen={setOpenId}
              onToggleSelect={toggleSelect}
              onToggleAll={() =>
                setSelected((s) => (rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))))
              }
              onToggleSort={() => go({ order: view.order === 'desc' ? 'asc' : 'desc' })}
              onRemoveColumn={toggleColumn}
              onScroll={(top) => setAtTop(top < 8)}
            />
          )}
        </section>
      </div>
      {openId && (
        <EventDrawer
          id={openId}
          range={view}
          onClose={() => setOpenId(null)}
          onFilter={(f, v, n) => {
            filter(f, v, n);
          }}
          onAddEvidence={() => setEvidenceIds([openId])}
          canWriteCases={canWriteCases}
          canWriteWatchlist={canWriteWatchlist}
        />
      )}
      <EvidenceDialog
        eventIds={evidenceIds ?? []}
        open={evidenceIds !== null}
        onOpenChange={(o) => !o && setEvidenceIds(null)}
      />
      <SaveSearchDialog view={view} open={saving} onOpenChange={setSaving} />
    </div>
  );
}

/**
 * The searched histogram plus what the live tail counted since: counts are added to their bucket
 * (same epoch-aligned intervals as the server) and the time axis grows to the newest live bucket.
 */
export function withLiveBuckets(
  h: { buckets: Bar[]; from: string; to: string; intervalMs: number },
  live: ReadonlyMap<number, number>,
): { buckets: Bar[]; fromMs: number; toMs: number; intervalMs: number } {
  const fromMs = Date.parse(h.from);
  let toMs = Date.parse(h.to);
  if (live.size === 0) return { buckets: h.buckets, fromMs, toMs, intervalMs: h.intervalMs };
  const counts = new Map(h.buckets.map((b) => [Date.parse(b.ts), b.count]));
  for (const [at, n] of live) {
    if (at + h.intervalMs <= fromMs) continue;
    counts.set(at, (counts.get(at) ?? 0) + n);
    toMs = Math.max(toMs, at + h.intervalMs);
  }
  const buckets = [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([at, count]) => ({ ts: new Date(at).toISOString(), count }));
  return { buckets, fromMs, toMs, intervalMs: h.intervalMs };
}
