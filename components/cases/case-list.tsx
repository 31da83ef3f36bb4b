'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { BarChart3, Columns3, List, X } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import {
  KIND_TOPIC,
  PHASES,
  SEVERITIES,
  type CaseKind,
  type CaseRecord,
  type Severity,
} from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { useInvalidateOnChange } from '@/components/realtime/use-live-topic';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty, ErrorText, Loading } from '../ui/states';
import { cn } from '../ui/cn';
import { CaseBoard } from './case-board';
import { formatTime, KIND_LABEL, KIND_PATH } from './case-format';
import { MetricsStrip } from './metrics-strip';
import { NewCaseDialog } from './new-case-dialog';
import { SeverityBadge } from './severity-badge';
import { useDebounced } from '@/components/ui/use-debounced';

export interface CaseFilters {
  phase: string;
  severity: '' | Severity;
  q: string;
  mine: boolean;
  /** Exact VERIS tag (incidents; set by the VERIS statistics page's links). */
  veris: string;
}

/** /incidents and /investigations: filters, list or board, metrics, and the "New …" dialog. */
export function CaseList({
  kind,
  canWrite,
  initialView,
  initialPhase = '',
  initialVeris = '',
}: {
  kind: CaseKind;
  canWrite: boolean;
  initialView: 'list' | 'board';
  initialPhase?: string;
  initialVeris?: string;
}) {
  const trpc = useTRPC();
  const [view, setView] = useState(initialView);
  const [filters, setFilters] = useState<CaseFilters>({
    phase: initialPhase,
    severity: '',
    q: '',
    mine: false,
    veris: initialVeris,
  });
  const q = useDebounced(filters.q.trim());
  const input = {
    kind,
    ...(filters.phase && view === 'list' ? { phase: filters.phase } : {}),
    ...(filters.severity ? { severity: filters.severity } : {}),
    ...(q ? { q } : {}),
    ...(filters.mine ? { owner: 'me' as const } : {}),
    ...(filters.veris ? { veris: filters.veris } : {}),
    // The board shows every phase at once: one bigger page instead of paging per column.
    limit: view === 'board' ? 200 : 25,
  };
  const list = useInfiniteQuery(
    trpc.cases.list.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
  );
  // Any change of this kind may add, move or reorder rows: refetch the lists and the metrics.
  useInvalidateOnChange(KIND_TOPIC[kind], {
    changed: () => [trpc.cases.list.pathKey(), trpc.cases.metrics.pathKey()],
    resync: [trpc.cases.list.pathKey(), trpc.cases.metrics.pathKey()],
  });
  const items: CaseRecord[] = list.data?.pages.flatMap((p) => p.items as CaseRecord[]) ?? [];
  const set = (patch: Partial<CaseFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = Boolean(filters.phase || filters.severity || q || filters.mine || filters.veris);
  const label = KIND_LABEL[kind];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-xl font-semibold">{label.many}</h1>
        <fieldset aria-label="View" className="flex min-w-0 rounded-md border border-border p-0.5">
          {(['list', 'board'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={cn(
                'flex cursor-pointer items-center gap-1 rounded px-2.5 py-1 text-xs font-medium',
                view === v ? 'bg-panel-2 text-fg' : 'text-muted hover:text-fg',
              )}
            >
              {v === 'list' ? <List size={14} /> : <Columns3 size={14} />} {v === 'list' ? 'List' : 'Board'}
            </button>
          ))}
        </fieldset>
        {kind === 'incident' && (
          <Link href="/incidents/veris" className="flex items-center gap-1 text-sm text-accent hover:underline">
            <BarChart3 size={14} /> VERIS statistics
          </Link>
        )}
        {canWrite ? (
          <NewCaseDialog kind={kind} />
        ) : (
          <span className="text-xs text-muted">Read only: viewers cannot open {label.many.toLowerCase()}.</span>
        )}
      </div>
      <MetricsStrip kind={kind} />
      <search aria-label={`Filter ${label.many.toLowerCase()}`}>
        <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()}>
          <div className="min-w-56 flex-1">
            <Label htmlFor="case-q">Search</Label>
            <Input
              id="case-q"
              type="search"
              placeholder="summary or description"
              value={filters.q}
              onChange={(e) => set({ q: e.target.value })}
            />
          </div>
          {view === 'list' && (
            <div>
              <Label htmlFor="case-phase">Phase</Label>
              <Select id="case-phase" value={filters.phase} onChange={(e) => set({ phase: e.target.value })}>
                <option value="">Any phase</option>
                {PHASES[kind].map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </Select>
            </div>
          )}
          <div>
            <Label htmlFor="case-severity">Severity</Label>
            <Select
              id="case-severity"
              value={filters.severity}
              onChange={(e) => set({ severity: e.target.value as CaseFilters['severity'] })}
            >
              <option value="">Any severity</option>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
          </div>
          <label className="flex h-9 items-center gap-2 text-sm">
            <input type="checkbox" checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })} /> Owned by
            me
          </label>
          {filters.veris && (
            <span
              data-testid="veris-filter"
              className="flex h-9 items-center gap-1 rounded-md border border-border px-2 text-sm"
            >
              VERIS tag: <span className="font-medium">{filters.veris}</span>
              <button
                type="button"
                aria-label="Clear the VERIS tag filter"
                onClick={() => set({ veris: '' })}
                className="rounded p-0.5 text-muted hover:bg-panel-2 hover:text-fg"
              >
                <X size={14} />
              </button>
            </span>
          )}
        </form>
      </search>
      {list.isPending ? (
        <Loading label={`Loading ${label.many.toLowerCase()}…`} />
      ) : list.isError ? (
        <ErrorText error={list.error} />
      ) : view === 'board' ? (
        <CaseBoard kind={kind} items={items} canWrite={canWrite} />
      ) : items.length === 0 ? (
        <Empty>
          {filtered ? `No ${label.many.toLowerCase()} match these filters.` : `No ${label.many.toLowerCase()} yet.`}
        </Empty>
      ) : (
        <Table data-testid="case-list">
          <THead>
            <tr>
              <Th>Summary</Th>
              <Th>Severity</Th>
              <Th>Phase</Th>
              <Th>Owner</Th>
              <Th>Opened</Th>
              <Th>Updated</Th>
            </tr>
          </THead>
          <TBody>
            {items.map((c) => (
              <Tr key={c.id} data-case={c.summary} className="hover:bg-panel-2/60">
                <Td className="max-w-md">
                  <Link
                    href={`${KIND_PATH[kind]}/${c.id}`}
                    className="font-medium text-fg hover:text-accent hover:underline"
                  >
                    {c.summary}
                  </Link>
                </Td>
                <Td>
                  <SeverityBadge severity={c.severity} />
                </Td>
                <Td className="whitespace-nowrap">{c.phase}</Td>
                <Td className="text-xs">{c.ownerName ?? <span className="text-muted">Unassigned</span>}</Td>
                <Td className="text-xs whitespace-nowrap text-muted">{formatTime(c.openedAt)}</Td>
                <Td className="text-xs whitespace-nowrap text-muted">{formatTime(c.updatedAt)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {list.hasNextPage && (
        <div className="text-center">
          <Button variant="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      )}
    </div>
  );
}
