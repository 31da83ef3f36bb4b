'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useInvalidateOnChange } from '../realtime/use-live-topic';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { Empty, ErrorText, Loading } from '../ui/states';
import { AlertFilters, type AlertFilterValues } from './alert-filters';
import { AlertRow, type RowAction } from './alert-row';
import type { AlertItem, AlertListFilter, ConsoleAbilities } from './alert-types';
import { BulkToolbar, type BulkStatus } from './bulk-toolbar';
import { useConsoleKeys } from './use-console-keys';
import { EscalateDialog, type EscalateScope } from './escalate-dialog';
import { FalsePositiveDialog, type FalsePositiveDone } from './false-positive-dialog';
import { BulkFalsePositiveDialog } from './bulk-false-positive-dialog';
import { FalsePositiveUndo } from './false-positive-undo';
import { NewAlertNotifier } from './new-alert-notifier';
import { ShortcutsHelp } from './shortcuts-help';

const OPEN = ['new', 'acknowledged', 'escalated'] as const;
type Status = 'new' | 'acknowledged' | 'escalated' | 'closed' | 'falsepositive';
const PAGE = 200;
const BULK_DONE: Record<string, string> = {
  acknowledged: 'Acknowledged',
  closed: 'Closed',
  falsepositive: 'Marked false positive',
  new: 'Reopened',
};

/** The URL's filter (shareable): `?status=any` is every status, no parameter the default (open, by severity). */
function filtersOf(params: URLSearchParams): AlertFilterValues {
  const status = params.get('status') ?? 'open';
  return {
    status: status === 'any' ? '' : status,
    severity: params.get('severity') ?? '',
    rule: params.get('rule') ?? '',
    text: params.get('text') ?? '',
    entity: params.get('entity') ?? '',
    assignee: params.get('assignee') ?? '',
    sort: params.get('sort') === 'time' ? 'time' : 'severity',
  };
}

function urlOf(v: AlertFilterValues): URLSearchParams {
  const sp = new URLSearchParams();
  if (v.status !== 'open') sp.set('status', v.status || 'any');
  for (const k of ['severity', 'rule', 'text', 'entity', 'assignee'] as const) if (v[k]) sp.set(k, v[k]);
  if (v.sort === 'time') sp.set('sort', 'time');
  return sp;
}

function apiFilter(f: AlertFilterValues): AlertListFilter {
  return {
    q: '',
    status: f.status === 'open' ? [...OPEN] : f.status ? [f.status as Status] : undefined,
    severity: f.severity ? [f.severity] : undefined,
    ruleId: f.rule || undefined,
    text: f.text || undefined,
    entity: f.entity || undefined,
    assignee: f.assignee || undefined,
  };
}

/** The live alert console: filters in the URL, bulk actions over the ticked or all matching alerts, per-alert actions, keyboard driven. */
export function AlertConsole({ abilities }: { abilities: ConsoleAbilities }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = filtersOf(params);
  const filter = apiFilter(filters);
  const filterKey = JSON.stringify(filter);
  const list = useQuery(trpc.alerts.list.queryOptions({ ...filter, sort: filters.sort, size: PAGE }));
  const count = useQuery(trpc.alerts.count.queryOptions(filter));
  const assignees = useQuery({ ...trpc.cases.assignees.queryOptions(), enabled: abilities.canWrite });
  const me = useQuery(trpc.account.me.queryOptions());
  // A change on the alerts topic refetches the lists, the count and that one alert's inline events, nothing else.
  const live = useInvalidateOnChange('alerts', {
    changed: (c) => [trpc.alerts.list.queryKey(), trpc.alerts.count.queryKey(), trpc.alerts.get.queryKey({ id: c.id })],
    resync: [trpc.alerts.pathKey()],
  });

  const alerts = useMemo(() => list.data ?? [], [list.data]);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<
    | { kind: 'escalate'; scope: EscalateScope; count: number; summary: string; events: number }
    | { kind: 'falsepositive'; alert: AlertItem }
    | { kind: 'bulk-falsepositive' }
  >();
  const [undo, setUndo] = useState<FalsePositiveDone>();
  const [help, setHelp] = useState(false);
  // "All matching" is a choice about this filter: a new filter starts a new selection.
  useEffect(() => setAllMatching(false), [filterKey]);
  // Selection only keeps alerts still listed (a filter change or a live update may drop some).
  const visibleSelected = alerts.filter((a) => selected.has(a.id));
  const scope: EscalateScope = allMatching ? { filter } : { ids: visibleSelected.map((a) => a.id) };
  const scopeCount = allMatching ? (count.data?.count ?? 0) : visibleSelected.length;

  const refresh = useCallback(() => {
    void qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.alerts.count.queryKey() });
  }, [qc, trpc]);
  const setStatus = useMutation({
    mutationFn: (p: { alert: AlertItem; status: Status }) =>
      client.alerts.setStatus.mutate({ id: p.alert.id, status: p.status, version: p.alert.version }),
    onSettled: refresh,
  });
  const assign = useMutation({
    mutationFn: (p: { alert: AlertItem; assignee: string | null }) =>
      client.alerts.assign.mutate({ id: p.alert.id, assignee: p.assignee, version: p.alert.version }),
    onSettled: refresh,
  });
  const clearSelection = () => (setSelected(new Set()), setAllMatching(false));
  const bulk = useMutation({
    mutationFn: (change: { status: BulkStatus } | { assignee: string | null }) =>
      client.alerts.bulkAction.mutate({ scope, change }),
    onSuccess: clearSelection,
    onSettled: refresh,
  });

  function act(a: AlertItem, action: RowAction) {
    if (action === 'falsepositive') setDialog({ kind: 'falsepositive', alert: a });
    else if (action === 'escalate')
      setDialog({ kind: 'escalate', scope: { ids: [a.id] }, count: 1, summary: a.summary, events: a.eventCount });
    else setStatus.mutate({ alert: a, status: action });
  }
  const toggle = (set: Set<string>, id: string, on = !set.has(id)) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  useConsoleKeys({
    enabled: !dialog && !help,
    count: alerts.length,
    setFocus,
    onSelect: () => alerts[focus] && (setAllMatching(false), setSelected((s) => toggle(s, alerts[focus].id))),
    onExpand: () => alerts[focus] && setExpanded((s) => toggle(s, alerts[focus].id)),
    onAck: () => abilities.canWrite && alerts[focus]?.status === 'new' && act(alerts[focus], 'acknowledged'),
    onSearch: () => document.getElementById('filter-text')?.focus(),
    onHelp: () => setHelp(true),
  });
  useEffect(() => setFocus((f) => Math.min(f, Math.max(0, alerts.length - 1))), [alerts.length]);
  useEffect(() => {
    document.querySelector(`tr[data-alert-id="${alerts[focus]?.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focus, alerts]);

  // The filters asked for but not yet in the URL: two quick edits (clear a box, then pick an
  // assignee) must both land, not the second on top of the URL from before the first.
  const pending = useRef<AlertFilterValues>(undefined);
  const paramsKey = params.toString();
  useEffect(() => {
    if (pending.current && urlOf(pending.current).toString() === paramsKey) pending.current = undefined;
  }, [paramsKey]);
  function setFilters(patch: Partial<AlertFilterValues>) {
    const next = { ...(pending.current ?? filters), ...patch };
    pending.current = next;
    const sp = urlOf(next);
    router.replace(sp.size ? `${pathname}?${sp}` : pathname);
  }

  const error = setStatus.error ?? assign.error ?? bulk.error;
  const total = count.data?.count;
  return (
    <section aria-labelledby="alerts-heading" data-live={live}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 id="alerts-heading" className="text-xl font-semibold">
            Alerts
          </h1>
          <Badge tone={live === 'live' ? 'ok' : 'neutral'}>
            {live === 'live' ? 'Live' : live === 'failed' ? 'Not live' : 'Connecting…'}
          </Badge>
          {total !== undefined && (
            <span className="text-sm text-muted" data-testid="matching-count">
              {total}
              {count.data?.capped ? '+' : ''} matching
            </span>
          )}
        </div>
        <div className="flex items-center gap-2">
          <NewAlertNotifier alerts={list.data} />
          <ShortcutsHelp open={help} onOpenChange={setHelp} />
        </div>
      </div>
      <div className="mb-3 space-y-3">
        <AlertFilters value={filters} onChange={setFilters} assignees={assignees.data ?? []} />
        {abilities.canWrite && (
          <BulkToolbar
            abilities={abilities}
            selectedCount={visibleSelected.length}
            matching={total ?? null}
            allMatching={allMatching}
            busy={bulk.isPending}
            assignees={assignees.data ?? []}
            me={me.data?.kind === 'user' ? me.data.name : null}
            onSelectAllMatching={() => setAllMatching(true)}
            onClear={clearSelection}
            onStatus={(status) =>
              status === 'falsepositive' ? setDialog({ kind: 'bulk-falsepositive' }) : bulk.mutate({ status })
            }
            onAssign={(assignee) => bulk.mutate({ assignee })}
            onEscalate={() =>
              setDialog({
                kind: 'escalate',
                scope,
                count: scopeCount,
                summary: visibleSelected[0]?.summary ?? alerts[0]?.summary ?? '',
                events: allMatching ? 0 : visibleSelected.reduce((n, a) => n + a.eventCount, 0),
              })
            }
          />
        )}
      </div>
      {!abilities.canWrite && (
        <p className="mb-3 text-sm text-muted">
          Your role can read alerts; acknowledging, assigning and escalating need an analyst.
        </p>
      )}
      <ErrorText error={error} />
      {bulk.data && bulk.variables && (
        <p role="status" className="mb-2 text-sm" data-testid="bulk-result">
          {'status' in bulk.variables
            ? BULK_DONE[bulk.variables.status]
            : bulk.variables.assignee
              ? `Assigned to ${bulk.variables.assignee}:`
              : 'Unassigned:'}{' '}
          {bulk.data.changed} alert{bulk.data.changed === 1 ? '' : 's'}
          {bulk.data.matched > bulk.data.changed ? ` (${bulk.data.matched - bulk.data.changed} already were)` : ''}.
        </p>
      )}
      {list.isPending ? (
        <Loading label="Loading alerts…" />
      ) : list.isError ? (
        <ErrorText error={list.error} />
      ) : alerts.length === 0 ? (
        <Empty>No alerts match these filters. New ones appear here as soon as a rule fires.</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-panel">
          <table className="w-full border-collapse text-sm" aria-label="Alerts">
            <thead className="bg-panel-2 text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className="px-2 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={allMatching || visibleSelected.length === alerts.length}
                    onChange={(e) => (
                      setAllMatching(false),
                      setSelected(e.target.checked ? new Set(alerts.map((a) => a.id)) : new Set())
                    )}
                  />
                </th>
                <th />
                <th className="px-2 py-2" aria-sort={filters.sort === 'severity' ? 'descending' : undefined}>
                  Severity
                </th>
                <th className="px-2 py-2">Alert</th>
                <th className="px-2 py-2" aria-sort={filters.sort === 'time' ? 'descending' : undefined}>
                  Status
                </th>
                <th className="px-2 py-2">Assignee</th>
                {abilities.canWrite && <th className="px-2 py-2 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {alerts.map((a, i) => (
                <AlertRow
                  key={a.id}
                  alert={a}
                  focused={i === focus}
                  selected={allMatching || selected.has(a.id)}
                  expanded={expanded.has(a.id)}
                  abilities={abilities}
                  assignees={assignees.data ?? []}
                  busy={
                    (setStatus.isPending && setStatus.variables?.alert.id === a.id) ||
                    (assign.isPending && assign.variables?.alert.id === a.id)
                  }
                  onFocus={() => setFocus(i)}
                  onSelect={(on) => (setAllMatching(false), setSelected((s) => toggle(s, a.id, on)))}
                  onExpand={() => setExpanded((s) => toggle(s, a.id))}
                  onAction={(action) => act(a, action)}
                  onAssign={(assignee) => assign.mutate({ alert: a, assignee })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total !== undefined && total > alerts.length && (
        <p className="mt-2 text-xs text-muted">
          Showing the first {alerts.length} of {total}. Narrow the filters, or use “Select all {total} matching” to act
          on all of them.
        </p>
      )}
      <p className="mt-2 text-xs text-muted">j/k move · x select · Enter events · a acknowledge · / search · ? help</p>
      {dialog?.kind === 'escalate' && (
        <EscalateDialog
          scope={dialog.scope}
          count={dialog.count}
          defaultSummary={dialog.summary}
          eventCount={dialog.events}
          onClose={() => (setDialog(undefined), clearSelection(), refresh())}
        />
      )}
      {dialog?.kind === 'falsepositive' && (
        <FalsePositiveDialog alert={dialog.alert} onDone={setUndo} onClose={() => (setDialog(undefined), refresh())} />
      )}
      {dialog?.kind === 'bulk-falsepositive' && (
        <BulkFalsePositiveDialog
          count={scopeCount}
          busy={bulk.isPending}
          onConfirm={() => bulk.mutate({ status: 'falsepositive' }, { onSettled: () => setDialog(undefined) })}
          onClose={() => setDialog(undefined)}
        />
      )}
      {undo && <FalsePositiveUndo done={undo} onFinished={() => (setUndo(undefined), refresh())} />}
    </section>
  );
}
