'use client';

import { Button } from '../ui/button';
import { Select } from '../ui/input';
import type { Assignee, ConsoleAbilities } from './alert-types';

export type BulkStatus = 'acknowledged' | 'closed' | 'falsepositive';

interface Props {
  abilities: ConsoleAbilities;
  /** Alerts ticked by hand (on this page). */
  selectedCount: number;
  /** How many the filter matches (null while counting), and whether "all matching" is chosen. */
  matching: number | null;
  allMatching: boolean;
  busy: boolean;
  assignees: readonly Assignee[];
  me: string | null;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onStatus: (s: BulkStatus) => void;
  onAssign: (assignee: string | null) => void;
  onEscalate: () => void;
}

const LABELS: Record<BulkStatus, string> = {
  acknowledged: 'Acknowledge',
  closed: 'Close',
  falsepositive: 'False positive',
};

/** The bulk actions over the ticked alerts or over every alert the filter matches ("select all N matching"). */
export function BulkToolbar(p: Props) {
  const count = p.allMatching ? (p.matching ?? 0) : p.selectedCount;
  const none = count === 0 || p.busy;
  return (
    <fieldset className="flex min-w-0 flex-wrap items-center gap-2" aria-label="Bulk actions">
      <span className="text-xs text-muted" data-testid="selection-count">
        {p.allMatching ? `All ${count} matching selected` : `${count} selected`}
      </span>
      {!p.allMatching && p.matching !== null && p.matching > 0 && (
        <Button size="sm" variant="ghost" onClick={p.onSelectAllMatching}>
          Select all {p.matching} matching
        </Button>
      )}
      {(p.allMatching || p.selectedCount > 0) && (
        <Button size="sm" variant="ghost" onClick={p.onClear}>
          Clear selection
        </Button>
      )}
      {(Object.keys(LABELS) as BulkStatus[]).map((s) => (
        <Button key={s} size="sm" variant="secondary" disabled={none} onClick={() => p.onStatus(s)}>
          {LABELS[s]}
        </Button>
      ))}
      <Select
        compact
        aria-label="Assign selected to"
        className="w-36"
        value=""
        disabled={none}
        onChange={(e) => {
          const v = e.target.value;
          if (v) p.onAssign(v === '-' ? null : v);
        }}
      >
        <option value="">Assign to…</option>
        {p.me && <option value={p.me}>Me</option>}
        <option value="-">Nobody (unassign)</option>
        {p.assignees
          .filter((u) => u.email !== p.me)
          .map((u) => (
            <option key={u.id} value={u.email}>
              {u.name || u.email}
            </option>
          ))}
      </Select>
      {p.abilities.canEscalate && (
        <Button size="sm" variant="secondary" disabled={none} onClick={p.onEscalate}>
          Escalate…
        </Button>
      )}
    </fieldset>
  );
}
