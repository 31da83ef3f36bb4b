'use client';

import { useQuery } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, Columns3, Minus, Plus } from 'lucide-react';
import { memo, useState } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { cn } from '@/components/ui/cn';
import { ErrorText, Loading } from '@/components/ui/states';
import { cellText, type ExplorerView } from './explorer-url';

function TopValues({
  field,
  view,
  onFilter,
}: {
  field: string;
  view: ExplorerView;
  onFilter: (field: string, value: string, negate: boolean) => void;
}) {
  const trpc = useTRPC();
  const top = useQuery({
    ...trpc.events.fieldTopValues.queryOptions({ q: view.q, from: view.from, to: view.to, field, size: 5 }),
    staleTime: 15_000,
  });
  if (top.isPending) return <Loading label="Counting…" />;
  if (top.error) return <ErrorText error={top.error} />;
  const { buckets, examined, withValue } = top.data;
  if (buckets.length === 0)
    return (
      <p className="px-2 py-1 text-xs text-muted">
        No values in {examined === null ? 'the' : `the newest ${examined.toLocaleString()}`} matches.
      </p>
    );
  return (
    <div className="pb-2 pl-5 pr-1">
      <ul aria-label={`Top values of ${field}`}>
        {buckets.map((b) => {
          const pct = withValue ? Math.round((b.count / withValue) * 100) : 0;
          return (
            <li key={b.key} className="group flex items-center gap-1 py-0.5 text-xs">
              <div className="min-w-0 flex-1">
                <div className="flex justify-between gap-2">
                  <span className="truncate font-mono" title={cellText(b.key, 2000)}>
                    {cellText(b.key, 200) || '(empty)'}
                  </span>
                  <span className="shrink-0 tabular-nums text-muted">{b.count.toLocaleString()}</span>
                </div>
                <div className="mt-0.5 h-1 rounded bg-panel-2">
                  <div className="h-1 rounded bg-accent/70" style={{ width: `${pct}%` }} />
                </div>
              </div>
              <button
                type="button"
                className="rounded p-0.5 text-muted hover:bg-panel-2 hover:text-fg"
                aria-label={`Filter for ${field}: ${cellText(b.key, 80)}`}
                onClick={() => onFilter(field, b.key, false)}
              >
                <Plus size={12} />
              </button>
              <button
                type="button"
                className="rounded p-0.5 text-muted hover:bg-panel-2 hover:text-fg"
                aria-label={`Filter out ${field}: ${cellText(b.key, 80)}`}
                onClick={() => onFilter(field, b.key, true)}
              >
                <Minus size={12} />
              </button>
            </li>
          );
        })}
      </ul>
      {withValue !== null && examined !== null && (
        <p className="mt-1 text-[11px] text-muted">
          {withValue.toLocaleString()} of the newest {examined.toLocaleString()} matches have a value
        </p>
      )}
    </div>
  );
}

function FieldRow({
  name,
  type,
  view,
  isColumn,
  onToggleColumn,
  onFilter,
}: {
  name: string;
  type?: string;
  view: ExplorerView;
  isColumn: boolean;
  onToggleColumn: (f: string) => void;
  onFilter: (field: string, value: string, negate: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <div className="group flex items-center gap-1 rounded px-1 hover:bg-panel-2">
        <button
          type="button"
          aria-expanded={open}
          className="flex min-w-0 flex-1 items-center gap-1 py-1 text-left font-mono text-xs"
          onClick={() => setOpen(!open)}
        >
          {open ? <ChevronDown size={12} className="shrink-0" /> : <ChevronRight size={12} className="shrink-0" />}
          <span className="truncate" title={name}>
            {name}
          </span>
          {type && <span className="ml-auto shrink-0 pl-1 font-sans text-[10px] text-muted">{type}</span>}
        </button>
        <button
          type="button"
          className={cn(
            'rounded p-0.5 text-muted hover:text-fg',
            isColumn ? 'text-accent' : 'opacity-0 group-hover:opacity-100 focus:opacity-100',
          )}
          aria-label={isColumn ? `Remove column ${name}` : `Add column ${name}`}
          title={isColumn ? 'Remove column' : 'Add column'}
          onClick={() => onToggleColumn(name)}
        >
          {isColumn ? <Minus size={12} /> : <Columns3 size={12} />}
        </button>
      </div>
      {open && <TopValues field={name} view={view} onFilter={onFilter} />}
    </li>
  );
}

/**
 * Discover-style sidebar: chosen columns, then every known field; a field opens to its top values with + / − filters.
 * Memoized: it lists every known field, and the explorer re-renders on each answer that arrives.
 */
export const FieldSidebar = memo(function FieldSidebar({
  view,
  onToggleColumn,
  onFilter,
}: {
  view: ExplorerView;
  onToggleColumn: (f: string) => void;
  onFilter: (field: string, value: string, negate: boolean) => void;
}) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState('');
  const fields = useQuery({ ...trpc.events.fields.queryOptions({ prefix: '', limit: 1000 }), staleTime: 60_000 });
  const f = filter.trim().toLowerCase();
  const available = (fields.data?.fields ?? []).filter(
    (x) => x.queryable && !view.columns.includes(x.name) && (!f || x.name.toLowerCase().includes(f)),
  );
  return (
    <nav aria-label="Fields" className="flex min-h-0 flex-col text-sm">
      <input
        aria-label="Filter fields"
        placeholder="Filter fields"
        className="mb-2 h-8 w-full rounded-md border border-border bg-bg px-2 text-xs focus-visible:outline-2 focus-visible:outline-accent"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="min-h-0 flex-1 overflow-y-auto pr-1">
        <h3 className="px-1 pb-1 text-[11px] font-semibold uppercase tracking-wide text-muted">Selected fields</h3>
        <ul className="mb-3">
          {view.columns.map((c) => (
            <FieldRow key={c} name={c} view={view} isColumn onToggleColumn={onToggleColumn} onFilter={onFilter} />
          ))}
        </ul>
        <h3 className="px-1 pb-1 text-[11px] font-semibold uppercase tracking-wide text-muted">Available fields</h3>
        {fields.isPending ? (
          <Loading />
        ) : fields.error ? (
          <ErrorText error={fields.error} />
        ) : available.length === 0 ? (
          <p className="px-1 text-xs text-muted">No fields{f ? ' match' : ' yet: send some events'}.</p>
        ) : (
          <ul>
            {available.map((x) => (
              <FieldRow
                key={x.name}
                name={x.name}
                type={x.type}
                view={view}
                isColumn={false}
                onToggleColumn={onToggleColumn}
                onFilter={onFilter}
              />
            ))}
          </ul>
        )}
      </div>
    </nav>
  );
});
