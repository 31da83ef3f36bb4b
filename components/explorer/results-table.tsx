'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, X } from 'lucide-react';
import { useEffect, useRef, type RefObject } from 'react';
import { cn } from '@/components/ui/cn';
import { cellText, fieldValue } from './explorer-url';

export type Row = Record<string, unknown> & { id: string; utctimestamp: string };

const ROW_H = 30;

/** Fixed widths for short, well-known values (IPs, hosts, users) so free text gets the rest. */
function columnWidth(c: string): string {
  if (c === 'summary') return 'minmax(220px,4fr)';
  if (/ipaddress$|(^|\.)(srcip|dstip|ip)$/i.test(c)) return 'minmax(80px,125px)';
  if (/(^|\.)(hostname|host)$/i.test(c)) return 'minmax(90px,1.4fr)';
  if (/(^|\.)(category|severity|source|processname|username|user)$/i.test(c)) return 'minmax(70px,1fr)';
  return 'minmax(90px,1.2fr)';
}

// One formatter for every cell: toLocaleString with options builds a new Intl.DateTimeFormat per
// call, which was a visible part of rendering a page of rows. Same options, same text.
let rowTimeFormat: Intl.DateTimeFormat | undefined;

function time(ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  rowTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  return rowTimeFormat.format(d) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

/**
 * Virtualized result rows (only what is on screen is in the DOM), so tens of thousands of rows stay
 * smooth. Cells are fixed-width and clipped text: a hostile value cannot widen the layout.
 */
export function ResultsTable({
  rows,
  query,
  columns,
  order,
  selected,
  scrollRef,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
  onToggleSelect,
  onToggleAll,
  onToggleSort,
  onRemoveColumn,
  onScroll,
}: {
  rows: Row[];
  /** The query these rows answer (data-q), so tests and the bench can tell old rows from new. */
  query: string;
  columns: string[];
  order: 'asc' | 'desc';
  selected: Set<string>;
  scrollRef: RefObject<HTMLDivElement | null>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (id: string) => void;
  onToggleSelect: (id: string) => void;
  onToggleAll: () => void;
  onToggleSort: () => void;
  onRemoveColumn: (c: string) => void;
  onScroll: (top: number) => void;
}) {
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
    getItemKey: (i) => rows[i]!.id,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the last row's index, not the virtual item object (new every render).
  useEffect(() => {
    if (last && last.index >= rows.length - 40 && hasMore && !loadingMore) onLoadMore();
  }, [last?.index, rows.length, hasMore, loadingMore, onLoadMore]);
  const template = `36px 170px ${columns.map(columnWidth).join(' ')}`;
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const lastFocus = useRef<number>(0);

  return (
    <div
      role="table"
      aria-label="Events"
      data-q={query}
      aria-rowcount={rows.length + 1}
      className="flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden rounded-lg border border-border bg-panel text-sm"
    >
      <div
        role="row"
        className="grid shrink-0 border-b border-border bg-panel-2 text-xs font-semibold text-muted"
        style={{ gridTemplateColumns: template }}
      >
        <div role="columnheader" className="flex items-center justify-center">
          <input type="checkbox" aria-label="Select all loaded events" checked={allSelected} onChange={onToggleAll} />
        </div>
        <div role="columnheader" aria-sort={order === 'desc' ? 'descending' : 'ascending'} className="px-2 py-2">
          <button
            type="button"
            className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-fg"
            onClick={onToggleSort}
            aria-label={`Time, sorted ${order === 'desc' ? 'newest' : 'oldest'} first; change order`}
          >
            Time {order === 'desc' ? <ArrowDown size={12} /> : <ArrowUp size={12} />}
          </button>
        </div>
        {columns.map((c) => (
          <div role="columnheader" key={c} className="group flex min-w-0 items-center gap-1 px-2 py-2">
            <span className="truncate font-mono normal-case" title={c}>
              {c.startsWith('details.') ? c.slice('details.'.length) : c}
            </span>
            <button
              type="button"
              className="rounded opacity-0 hover:text-fg group-hover:opacity-100 focus:opacity-100"
              aria-label={`Remove column ${c}`}
              onClick={() => onRemoveColumn(c)}
            >
              <X size={12} />
            </button>
          </div>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="min-h-0 flex-1 overflow-auto"
        onScroll={(e) => onScroll(e.currentTarget.scrollTop)}
        data-testid="results-scroll"
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const sel = selected.has(row.id);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={sel}
                tabIndex={0}
                data-event-id={row.id}
                className={cn(
                  'absolute left-0 grid w-full cursor-pointer border-b border-border/60 font-mono text-xs outline-none hover:bg-panel-2 focus-visible:bg-accent/10 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent',
                  sel && 'bg-accent/10',
                  item.index % 2 === 1 && 'bg-panel-2/40',
                )}
                style={{ gridTemplateColumns: template, height: ROW_H, transform: `translateY(${item.start}px)` }}
                onClick={(e) => (e.target as HTMLElement).tagName !== 'INPUT' && onOpen(row.id)}
                onFocus={() => (lastFocus.current = item.index)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onOpen(row.id);
                  else if (e.key === ' ') e.preventDefault(), onToggleSelect(row.id);
                  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    const next = item.index + (e.key === 'ArrowDown' ? 1 : -1);
                    if (next < 0 || next >= rows.length) return;
                    virtual.scrollToIndex(next);
                    requestAnimationFrame(() =>
                      (
                        scrollRef.current?.querySelector(`[aria-rowindex="${next + 2}"]`) as HTMLElement | null
                      )?.focus(),
                    );
                  }
                }}
              >
                <div role="cell" className="flex items-center justify-center">
                  <input
                    type="checkbox"
                    aria-label="Select event"
                    checked={sel}
                    onChange={() => onToggleSelect(row.id)}
                    tabIndex={-1}
                  />
                </div>
                <div role="cell" className="truncate px-2 leading-[30px] text-muted tabular-nums">
                  {time(row.utctimestamp)}
                </div>
                {columns.map((c) => {
                  const text = cellText(fieldValue(row, c));
                  return (
                    <div
                      role="cell"
                      key={c}
                      className="truncate px-2 leading-[30px]"
                      title={text.length > 40 ? text : undefined}
                    >
                      {text || <span className="text-muted">–</span>}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
        {(hasMore || loadingMore) && (
          <p className="py-2 text-center text-xs text-muted">{loadingMore ? 'Loading more…' : ''}</p>
        )}
      </div>
    </div>
  );
}
