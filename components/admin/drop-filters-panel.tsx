'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import type { DropFilterView } from '@/server/drop-filters/drop-filters';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { ErrorText, QueryState } from '../ui/states';
import { AdminPanel } from './admin-panel';
import { formatTime } from './types';

interface Draft {
  name: string;
  query: string;
  enabled: boolean;
}

/** Admin drop filters (MozDef dropMessage): events matching an enabled filter's query are not stored. */
export function DropFiltersPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.dropFilters.list.queryOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.dropFilters.list.queryKey() });
  const create = useMutation(trpc.dropFilters.create.mutationOptions({ onSuccess: invalidate }));
  const [adding, setAdding] = useState(false);

  return (
    <AdminPanel
      id="drop-filters"
      title="Drop filters"
      description="An event matching an enabled filter (a search query, as on the Events page) is dropped before enrichment and never stored. Every change is audited and applies on every process within seconds."
      actions={
        !adding && (
          <Button variant="secondary" onClick={() => setAdding(true)}>
            Add drop filter
          </Button>
        )
      }
    >
      {adding && (
        <FilterForm
          submitLabel="Add"
          initial={{ name: '', query: '', enabled: true }}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setAdding(false)}
          onSubmit={(d) => create.mutate(d, { onSuccess: () => setAdding(false) })}
        />
      )}
      <QueryState query={list} empty="No drop filters: every event is stored.">
        {(filters) => (
          <ul className="mt-3 divide-y divide-border">
            {filters.map((f) => (
              <FilterRow key={f.id} f={f} onChanged={invalidate} />
            ))}
          </ul>
        )}
      </QueryState>
    </AdminPanel>
  );
}

function FilterRow({ f, onChanged }: { f: DropFilterView; onChanged: () => Promise<void> }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const update = useMutation(trpc.dropFilters.update.mutationOptions({ onSettled: onChanged }));
  const remove = useMutation(trpc.dropFilters.remove.mutationOptions({ onSettled: onChanged }));
  const save = (filter: Draft) =>
    update.mutate({ id: f.id, version: f.version, filter }, { onSuccess: () => setEditing(false) });
  if (editing) {
    return (
      <li className="py-3">
        <FilterForm
          submitLabel="Save"
          initial={f}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setEditing(false)}
          onSubmit={save}
        />
      </li>
    );
  }
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="drop-filter">
      <div className="min-w-0">
        <div className="font-medium">
          {f.name} {!f.enabled && <span className="text-xs text-muted">(disabled)</span>}
        </div>
        <code className="block break-all text-xs">{f.query}</code>
        <div className="text-xs text-muted">
          Changed {formatTime(f.updatedAt)} by {f.updatedBy ?? '—'}
        </div>
        {(update.error || remove.error) && <ErrorText error={update.error ?? remove.error} />}
      </div>
      <div className="flex gap-2">
        <Button
          size="sm"
          variant="secondary"
          disabled={update.isPending}
          onClick={() => save({ name: f.name, query: f.query, enabled: !f.enabled })}
        >
          {f.enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
          Edit
        </Button>
        <Button
          size="sm"
          variant="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete the drop filter "${f.name}"? Matching events will be stored again.`))
              remove.mutate({ id: f.id, version: f.version });
          }}
        >
          Delete
        </Button>
      </div>
    </li>
  );
}

function FilterForm(props: {
  initial: Draft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (d: Draft) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<Draft>({
    name: props.initial.name,
    query: props.initial.query,
    enabled: props.initial.enabled,
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    props.onSubmit(d);
  };
  return (
    <form onSubmit={submit} className="mt-3 grid gap-2 rounded-md border border-border p-3" aria-label="Drop filter">
      <Label>
        Name
        <Input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} required maxLength={200} />
      </Label>
      <Label>
        Query
        <Input
          value={d.query}
          onChange={(e) => setD({ ...d, query: e.target.value })}
          required
          placeholder='details.http_user_agent:"ELB-HealthChecker/1.0"'
          className="font-mono"
        />
      </Label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.target.checked })} />{' '}
        Enabled
      </label>
      {props.error != null && <ErrorText error={props.error} />}
      <div className="flex gap-2">
        <Button type="submit" disabled={props.pending}>
          {props.submitLabel}
        </Button>
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
