'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { cn } from '@/components/ui/cn';
import { Label, Select } from '@/components/ui/input';
import { Empty, ErrorText, Loading } from '@/components/ui/states';

export type CaseKind = 'incident' | 'investigation';
export interface PickedCase {
  id: string;
  summary: string;
}

/**
 * A searchable radio list of open incidents or investigations, for dialogs that attach something to
 * an existing case (alert escalation, explorer evidence). `children` adds options after the list.
 */
export function CasePicker({
  kind,
  search,
  picked,
  onPick,
  enabled = true,
  limit = 20,
  name,
  children,
}: {
  kind: CaseKind;
  search: string;
  picked: string | null;
  onPick: (c: PickedCase) => void;
  enabled?: boolean;
  limit?: number;
  /** Radio group name, unique per dialog. */
  name: string;
  children?: ReactNode;
}) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.cases.list.queryOptions({ kind, q: search.trim() || undefined, limit }), enabled });
  return (
    <div
      className="max-h-56 space-y-1 overflow-auto rounded-md border border-border p-2"
      role="radiogroup"
      aria-label={`Open ${kind}s`}
    >
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorText error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>No open {kind}s match.</Empty>
      ) : (
        list.data.items.map((c) => (
          <label
            key={c.id}
            className={cn(
              'flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-panel-2',
              picked === c.id && 'bg-accent/10',
            )}
          >
            <input
              type="radio"
              name={name}
              value={c.id}
              checked={picked === c.id}
              onChange={() => onPick({ id: c.id, summary: c.summary })}
            />
            <span className="min-w-0 flex-1 truncate">{c.summary}</span>
            <span className="text-xs text-muted">
              {c.severity} · {c.phase}
            </span>
          </label>
        ))
      )}
      {children}
    </div>
  );
}

/** Incident or investigation, labelled "Kind". */
export function CaseKindSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: CaseKind;
  onChange: (kind: CaseKind) => void;
}) {
  return (
    <>
      <Label htmlFor={id}>Kind</Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value as CaseKind)}>
        <option value="incident">Incident</option>
        <option value="investigation">Investigation</option>
      </Select>
    </>
  );
}
