'use client';

import { useQuery } from '@tanstack/react-query';
import { Copy, Eye, FilePlus2, Minus, Plus, UserSearch, X } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { EntityLink } from '@/components/entities/entity-link';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { ErrorText, Loading } from '@/components/ui/states';
import { cellText, flatten, isPivotField, valueHref } from './explorer-url';
import { WatchDialog, type WatchTarget } from './watch-dialog';
import { watchTypeOf } from './watch-targets';
import { checkEntity, entityKindOfField } from '@/server/entities/entity-kinds';

function copy(text: string) {
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

/**
 * The whole event (events.get) as a field table and as JSON. Every value is rendered as text; pivot
 * values link only to our own /events route with a properly quoted query.
 */
export function EventDrawer({
  id,
  range,
  onClose,
  onFilter,
  onAddEvidence,
  canWriteCases,
  canWriteWatchlist,
}: {
  id: string;
  range: { from: string; to: string };
  onClose: () => void;
  onFilter: (field: string, value: string, negate: boolean) => void;
  onAddEvidence: () => void;
  canWriteCases: boolean;
  /** watchlist:write: shows "Add to watchlist" on IP, domain and user fields (the server checks too). */
  canWriteWatchlist: boolean;
}) {
  const trpc = useTRPC();
  const event = useQuery(trpc.events.get.queryOptions({ id }));
  const [tab, setTab] = useState<'table' | 'json'>('table');
  const [watching, setWatching] = useState<WatchTarget | null>(null);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), [id]);
  const json = event.data ? JSON.stringify(event.data, null, 2) : '';
  return (
    <aside
      ref={panel}
      tabIndex={-1}
      role="dialog"
      aria-label="Event details"
      className="fixed right-0 top-0 z-40 flex h-full w-[min(640px,100vw)] flex-col border-l border-border bg-panel shadow-2xl outline-none"
      onKeyDown={(e) => e.key === 'Escape' && !watching && onClose()}
    >
      <header className="flex items-center gap-2 border-b border-border px-4 py-3">
        <h2 className="flex-1 truncate font-semibold" title={id}>
          Event
        </h2>
        <div role="tablist" className="flex rounded-md border border-border text-xs">
          {(['table', 'json'] as const).map((t) => (
            <button
              key={t}
              role="tab"
              type="button"
              aria-selected={tab === t}
              className={cn('px-2.5 py-1', tab === t ? 'bg-accent text-accent-fg' : 'hover:bg-panel-2')}
              onClick={() => setTab(t)}
            >
              {t === 'table' ? 'Table' : 'JSON'}
            </button>
          ))}
        </div>
        <Button size="sm" variant="secondary" onClick={() => copy(json)} disabled={!event.data} aria-label="Copy JSON">
          <Copy size={13} /> Copy JSON
        </Button>
        {canWriteCases && (
          <Button size="sm" variant="secondary" onClick={onAddEvidence}>
            <FilePlus2 size={13} /> Add to incident/investigation
          </Button>
        )}
        <button
          type="button"
          className="rounded p-1 text-muted hover:bg-panel-2 hover:text-fg"
          aria-label="Close"
          onClick={onClose}
        >
          <X size={16} />
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-auto px-4 py-3">
        {event.isPending ? (
          <Loading />
        ) : event.error ? (
          <ErrorText error={event.error} />
        ) : tab === 'json' ? (
          <pre className="whitespace-pre-wrap break-all font-mono text-xs">{json}</pre>
        ) : (
          <table className="w-full table-fixed text-sm">
            <tbody>
              {flatten(event.data).map(([path, value]) => {
                const text = typeof value === 'string' ? value : JSON.stringify(value);
                const pivot = typeof value === 'string' && value !== '' && isPivotField(path);
                const entityKind = typeof value === 'string' ? entityKindOfField(path) : null;
                const entity = entityKind ? checkEntity(entityKind, String(value)) : null;
                const watchType =
                  canWriteWatchlist && typeof value === 'string' && value !== '' ? watchTypeOf(path) : null;
                return (
                  <tr key={path} className="group border-t border-border align-top first:border-t-0">
                    <th
                      scope="row"
                      className="w-52 break-all py-1.5 pr-3 text-left font-mono text-xs font-medium text-muted"
                    >
                      {path}
                    </th>
                    <td className="break-all py-1.5 font-mono text-xs">
                      {pivot ? (
                        <Link
                          className="text-accent underline-offset-2 hover:underline"
                          href={valueHref(path, value, range)}
                          title={`All events with ${path} = this value`}
                        >
                          {cellText(text, 4000)}
                        </Link>
                      ) : (
                        cellText(text, 4000)
                      )}
                    </td>
                    <td className="w-28 py-1 text-right whitespace-nowrap opacity-40 group-hover:opacity-100 group-focus-within:opacity-100">
                      {typeof value !== 'object' || value === null ? (
                        <>
                          <button
                            type="button"
                            className="rounded p-1 hover:bg-panel-2"
                            aria-label={`Filter for ${path}`}
                            onClick={() => onFilter(path, String(value), false)}
                          >
                            <Plus size={12} />
                          </button>
                          <button
                            type="button"
                            className="rounded p-1 hover:bg-panel-2"
                            aria-label={`Filter out ${path}`}
                            onClick={() => onFilter(path, String(value), true)}
                          >
                            <Minus size={12} />
                          </button>
                        </>
                      ) : null}
                      {entity?.ok && (
                        <EntityLink
                          kind={entity.kind}
                          value={entity.value}
                          className="inline-flex rounded p-1 hover:bg-panel-2"
                        >
                          <UserSearch size={12} aria-label={`Open the ${entity.kind} page`} />
                        </EntityLink>
                      )}
                      {watchType && (
                        <button
                          type="button"
                          className="rounded p-1 hover:bg-panel-2"
                          aria-label={`Add ${path} to watchlist`}
                          title="Add to watchlist"
                          onClick={() => setWatching({ field: path, type: watchType, value: String(value) })}
                        >
                          <Eye size={12} />
                        </button>
                      )}
                      <button
                        type="button"
                        className="rounded p-1 hover:bg-panel-2"
                        aria-label={`Copy ${path}`}
                        onClick={() => copy(text ?? '')}
                      >
                        <Copy size={12} />
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <WatchDialog target={watching} onClose={() => setWatching(null)} />
    </aside>
  );
}
