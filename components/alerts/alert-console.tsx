'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useInvalidateOnChange } from '../realtime/use-live-topic';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Empty, ErrorText, Loading } from '../ui/states';
import { AlertFilters, type AlertFilterValues } from './alert-filters';
import { AlertRow, type RowAction } from './alert-row';
import type { AlertItem, ConsoleAbilities } from './alert-types';
import { useConsoleKeys } from './use-console-keys';
import { EscalateDialog } from './escalate-dialog';
import { FalsePositiveDialog } from './false-positive-dialog';
import { NewAlertNotifier } from './new-alert-notifier';
import { ShortcutsHelp } from './shortcuts-help';

const OPEN = ['new', 'acknowledged', 'escalated'] as const;
type Status = 'new' | 'acknowledged' | 'escalated' | 'closed' | 'falsepositive';

/** The live alert console: filters in the URL, bulk and per-alert actions, keyboard driven. */
export function AlertConsole({ abilities }: { abilities: ConsoleAbilities }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // `?status=any` is "every status" (no parameter means the default, open alerts).
  const urlStatus = params.get('status') ?? 'open';
  const filters: AlertFilterValues = { status: urlStatus === 'any' ? '' : urlStatus, severity: params.get('severity') ?? '', rule: params.get('rule') ?? '' };
  const input = {
    status: filters.status === 'open' ? [...OPEN] : filters.status ? [filters.status as Status] : undefined,
    severity: filters.severity ? [filters.severity] : undefined,
    ruleId: filters.rule || undefined,
    size: 200,
  };
  const list = useQuery(trpc.alerts.list.queryOptions(input));
  const assignees = useQuery({ ...trpc.cases.assignees.queryOptions(), enabled: abilities.canWrite });
  // A change on the alerts topic refetches the lists and that one alert's inline events, nothing else.
  const live = useInvalidateOnChange('alerts', {
    changed: (c) => [trpc.alerts.list.queryKey(), trpc.alerts.get.queryKey({ id: c.id })],
    resync: [trpc.alerts.pathKey()],
  });

  const alerts = useMemo(() => list.data ?? [], [list.data]);
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<{ kind: 'escalate' | 'falsepositive'; alert: AlertItem }>();
  const [help, setHelp] = useState(false);
  // Selection only keeps alerts still listed (a filter change or a live update may drop some).
  const visibleSelected = alerts.filter((a) => selected.has(a.id));

  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }), [qc, trpc]);
  const setStatus = useMutation({
    mutationFn: (p: { alert: AlertItem; status: Status }) => client.alerts.setStatus.mutate({ id: p.alert.id, status: p.status, version: p.alert.version }),
    onSettled: refresh,
  });
  const assign = useMutation({
    mutationFn: (p: { alert: AlertItem; assignee: string | null }) => client.alerts.assign.mutate({ id: p.alert.id, assignee: p.assignee, version: p.alert.version }),
    onSettled: refresh,
  });
  const bulk = useMutation({
    mutationFn: (status: Status) => client.alerts.bulkSetStatus.mutate({ ids: visibleSelected.map((a) => a.id), status }),
    onSuccess: (r) => r.failed.length === 0 && setSelected(new Set()),
    onSettled: refresh,
  });

  function act(a: AlertItem, action: RowAction) {
    if (action === 'escalate' || action === 'falsepositive') setDialog({ kind: action, alert: a });
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
    onSelect: () => alerts[focus] && setSelected((s) => toggle(s, alerts[focus].id)),
    onExpand: () => alerts[focus] && setExpanded((s) => toggle(s, alerts[focus].id)),
    onAck: () => abilities.canWrite && alerts[focus]?.status === 'new' && act(alerts[focus], 'acknowledged'),
    onHelp: () => setHelp(true),
  });
  useEffect(() => setFocus((f) => Math.min(f, Math.max(0, alerts.length - 1))), [alerts.length]);
  useEffect(() => {
    document.querySelector(`tr[data-alert-id="${alerts[focus]?.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focus, alerts]);

  function setFilters(v: AlertFilterValues) {
    const sp = new URLSearchParams();
    if (v.status !== 'open') sp.set('status', v.status || 'any');
    if (v.severity) sp.set('severity', v.severity);
    if (v.rule) sp.set('rule', v.rule);
    router.replace(sp.size ? `${pathname}?${sp}` : pathname);
  }

  const error = setStatus.error ?? assign.error ?? bulk.error;
  return (
    <section aria-labelledby="alerts-heading" data-live={live}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 id="alerts-heading" className="text-xl font-semibold">
            Alerts
          </h1>
          <Badge tone={live === 'live' ? 'ok' : 'neutral'}>{live === 'live' ? 'Live' : live === 'failed' ? 'Not live' : 'Connecting…'}</Badge>
        </div>
        <div className="flex items-center gap-2">
          <NewAlertNotifier alerts={list.data} />
          <ShortcutsHelp open={help} onOpenChange={setHelp} />
        </div>
      </div>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <AlertFilters value={filters} onChange={setFilters} />
        {abilities.canWrite && (
          <fieldset className="flex min-w-0 items-center gap-2" aria-label="Bulk actions">
            <span className="text-xs text-muted">{visibleSelected.length} selected</span>
            {(['acknowledged', 'closed', 'falsepositive'] as const).map((s) => (
              <Button key={s} size="sm" variant="secondary" disabled={visibleSelected.length === 0 || bulk.isPending} onClick={() => bulk.mutate(s)}>
                {s === 'acknowledged' ? 'Acknowledge' : s === 'closed' ? 'Close' : 'False positive'}
              </Button>
            ))}
          </fieldset>
        )}
      </div>
      {!abilities.canWrite && <p className="mb-3 text-sm text-muted">Your role can read alerts; acknowledging, assigning and escalating need an analyst.</p>}
      <ErrorText error={error} />
      {bulk.data && bulk.data.failed.length > 0 && <p className="text-sm text-danger">{bulk.data.failed.length} alert(s) could not be changed: {bulk.data.failed[0].error}</p>}
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
                    checked={visibleSelected.length === alerts.length}
                    onChange={(e) => setSelected(e.target.checked ? new Set(alerts.map((a) => a.id)) : new Set())}
                  />
                </th>
                <th />
                <th className="px-2 py-2">Severity</th>
                <th className="px-2 py-2">Alert</th>
                <th className="px-2 py-2">Status</th>
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
                  selected={selected.has(a.id)}
                  expanded={expanded.has(a.id)}
                  abilities={abilities}
                  assignees={assignees.data ?? []}
                  busy={(setStatus.isPending && setStatus.variables?.alert.id === a.id) || (assign.isPending && assign.variables?.alert.id === a.id)}
                  onFocus={() => setFocus(i)}
                  onSelect={(on) => setSelected((s) => toggle(s, a.id, on))}
                  onExpand={() => setExpanded((s) => toggle(s, a.id))}
                  onAction={(action) => act(a, action)}
                  onAssign={(assignee) => assign.mutate({ alert: a, assignee })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-2 text-xs text-muted">j/k move · x select · Enter events · a acknowledge · ? help</p>
      {dialog?.kind === 'escalate' && <EscalateDialog alert={dialog.alert} onClose={() => (setDialog(undefined), refresh())} />}
      {dialog?.kind === 'falsepositive' && <FalsePositiveDialog alert={dialog.alert} onClose={() => (setDialog(undefined), refresh())} />}
    </section>
  );
}
