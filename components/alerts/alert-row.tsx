'use client';

import { useQuery } from '@tanstack/react-query';
import { ChevronDown, ChevronRight } from 'lucide-react';
import Link from 'next/link';
import { useTRPC } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Select } from '../ui/input';
import { ErrorText, Loading } from '../ui/states';
import { cn } from '../ui/cn';
import type { AlertItem, Assignee, ConsoleAbilities } from './alert-types';
import { EvidenceTable } from './evidence-table';
import { ago, SeverityBadge, StatusBadge } from './severity-badge';

export type RowAction = 'acknowledged' | 'closed' | 'escalate' | 'falsepositive';

interface Props {
  alert: AlertItem;
  focused: boolean;
  selected: boolean;
  expanded: boolean;
  abilities: ConsoleAbilities;
  assignees: readonly Assignee[];
  busy: boolean;
  onFocus: () => void;
  onSelect: (on: boolean) => void;
  onExpand: () => void;
  onAction: (a: RowAction) => void;
  onAssign: (assignee: string | null) => void;
}

/** One alert in the console; expanded, its events below it (alerts.get, refetched when the alert changes). */
export function AlertRow({
  alert: a,
  focused,
  selected,
  expanded,
  abilities,
  assignees,
  busy,
  onFocus,
  onSelect,
  onExpand,
  onAction,
  onAssign,
}: Props) {
  const closed = a.status === 'closed' || a.status === 'falsepositive';
  return (
    <>
      <tr
        data-alert-id={a.id}
        data-status={a.status}
        aria-selected={selected}
        onClick={onFocus}
        className={cn(
          'border-t border-border first:border-t-0',
          focused && 'bg-panel-2 outline outline-1 -outline-offset-1 outline-accent',
          closed && 'opacity-70',
        )}
      >
        <td className="w-8 px-2 py-2">
          <input
            type="checkbox"
            aria-label={`Select alert ${a.summary}`}
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
          />
        </td>
        <td className="w-8 px-1">
          <button
            type="button"
            aria-expanded={expanded}
            aria-label={expanded ? 'Hide events' : 'Show events'}
            onClick={onExpand}
            className="rounded p-1 text-muted hover:bg-panel-2 hover:text-fg"
          >
            {expanded ? <ChevronDown size={15} /> : <ChevronRight size={15} />}
          </button>
        </td>
        <td className="px-2 py-2">
          <SeverityBadge severity={a.severity} />
        </td>
        <td className="min-w-[16rem] px-2 py-2">
          <div className="break-words font-medium">
            <span data-testid="alert-summary">{a.summary}</span>
            {a.occurrences > 1 && (
              <span
                data-testid="alert-occurrences"
                title={`${a.occurrences} crossings of this rule for ${a.groupKey || 'this group'} grouped into one alert`}
                className="ml-2 rounded bg-panel-2 px-1.5 py-0.5 align-middle text-xs font-semibold text-fg"
              >
                ×{a.occurrences}
              </span>
            )}
          </div>
          <div className="text-xs text-muted">
            {a.ruleName ?? 'deleted rule'} · {a.category} · {a.eventCount} event{a.eventCount === 1 ? '' : 's'}
            {a.occurrences > 1 && (
              <span data-testid="alert-last-seen" title={new Date(a.lastSeen).toLocaleString()}>
                {' '}
                · last seen {ago(a.lastSeen)}
              </span>
            )}
          </div>
        </td>
        {/* Wraps (an email after its @) so the row fits a 1280 px screen with its actions. */}
        <td className="max-w-[13rem] px-2 py-2 break-words">
          <StatusBadge status={a.status} />
          {a.incidentId && (
            <div className="mt-0.5 text-xs">
              <Link
                href={`/${a.incidentKind === 'investigation' ? 'investigations' : 'incidents'}/${a.incidentId}`}
                prefetch={false}
                aria-label={`Open the ${a.incidentKind ?? 'incident'} of ${a.summary}`}
              >
                Open {a.incidentKind ?? 'incident'}
              </Link>
            </div>
          )}
          <div className="mt-0.5 text-xs text-muted" title={new Date(a.utctimestamp).toLocaleString()}>
            {ago(a.utctimestamp)}
          </div>
          {a.acknowledgedBy && a.acknowledgedAt && (
            <div
              className="text-xs text-muted"
              data-testid="alert-acked-by"
              title={new Date(a.acknowledgedAt).toLocaleString()}
            >
              acked by <Who name={a.acknowledgedBy} /> · {ago(a.acknowledgedAt)}
            </div>
          )}
        </td>
        <td className="px-2 py-2">
          {abilities.canWrite ? (
            <Select
              compact
              aria-label={`Assignee of ${a.summary}`}
              className="w-32"
              value={a.assignee ?? ''}
              disabled={busy}
              onChange={(e) => onAssign(e.target.value || null)}
            >
              <option value="">Unassigned</option>
              {a.assignee && !assignees.some((u) => u.email === a.assignee) && (
                <option value={a.assignee}>{a.assignee}</option>
              )}
              {assignees.map((u) => (
                <option key={u.id} value={u.email}>
                  {u.name || u.email}
                </option>
              ))}
            </Select>
          ) : (
            <span className="text-xs text-muted">{a.assignee ?? 'Unassigned'}</span>
          )}
          {a.assignee && a.assignedBy && a.assignedAt && (
            <div
              className="mt-0.5 max-w-[9rem] text-xs text-muted break-words"
              data-testid="alert-assigned-by"
              title={new Date(a.assignedAt).toLocaleString()}
            >
              by <Who name={a.assignedBy} /> · {ago(a.assignedAt)}
            </div>
          )}
        </td>
        {abilities.canWrite && (
          <td className="px-2 py-2">
            <div className="flex flex-wrap justify-end gap-1">
              {a.status === 'new' && (
                <Button size="sm" variant="secondary" disabled={busy} onClick={() => onAction('acknowledged')}>
                  Ack
                </Button>
              )}
              {abilities.canEscalate && a.status !== 'escalated' && !a.incidentId && (
                <Button size="sm" variant="secondary" disabled={busy} onClick={() => onAction('escalate')}>
                  Escalate
                </Button>
              )}
              {!closed && (
                <>
                  <Button size="sm" variant="ghost" disabled={busy} onClick={() => onAction('closed')}>
                    Close
                  </Button>
                  <Button size="sm" variant="ghost" disabled={busy} onClick={() => onAction('falsepositive')}>
                    False positive
                  </Button>
                </>
              )}
            </div>
          </td>
        )}
      </tr>
      {expanded && (
        <tr className="border-t border-border bg-panel-2/50">
          <td colSpan={abilities.canWrite ? 7 : 6} className="px-4 py-3">
            <AlertEvents id={a.id} />
          </td>
        </tr>
      )}
    </>
  );
}

function AlertEvents({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.alerts.get.queryOptions({ id }));
  if (detail.isPending) return <Loading label="Loading events…" />;
  if (detail.isError) return <ErrorText error={detail.error} />;
  return <EvidenceTable events={detail.data.events} total={detail.data.eventCount} />;
}

/** An actor's email may wrap after the @ (a narrow column), rather than at an arbitrary letter. */
function Who({ name }: { name: string }) {
  const at = name.indexOf('@');
  if (at < 0) return name;
  return (
    <>
      {name.slice(0, at + 1)}
      <wbr />
      {name.slice(at + 1)}
    </>
  );
}
