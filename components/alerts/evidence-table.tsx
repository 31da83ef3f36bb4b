'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { PicketEvent } from '@/server/ingest/event';
import { Button } from '../ui/button';
import { EntityValue, flatten } from './event-list';

const COLUMNS_KEY = 'picket-alert-evidence-columns';
/** Shown when the events carry them; the rest can be picked. */
const DEFAULT_COLUMNS = ['utctimestamp', 'hostname', 'details.sourceipaddress', 'details.username', 'summary'];
const TOP_LEVEL = ['utctimestamp', 'category', 'hostname', 'source', 'processname', 'severity', 'summary'] as const;
/** Rows before "Show all": the table stays a few hundred pixels tall. */
const FIRST = 10;

type Row = { event: PicketEvent; fields: Map<string, string> };

function rowOf(e: PicketEvent): Row {
  const pairs: Array<[string, string]> = [];
  flatten(e.details, 'details', pairs);
  const fields = new Map(pairs);
  for (const k of TOP_LEVEL)
    fields.set(k, k === 'utctimestamp' ? new Date(e.utctimestamp).toLocaleString() : String(e[k] ?? ''));
  return { event: e, fields };
}

/** The explorer's URL selecting exactly these events (by id, over the span they cover). */
export function explorerHref(events: readonly PicketEvent[]): string {
  const times = events.map((e) => Date.parse(e.utctimestamp));
  const q = events.map((e) => `id:${e.id}`).join(' OR ');
  return `/events?${new URLSearchParams({ q, from: new Date(Math.min(...times) - 1000).toISOString(), to: new Date(Math.max(...times) + 1000).toISOString() })}`;
}

/**
 * An alert's events as one compact table: chosen columns (remembered in this browser), IP, user,
 * host and domain values linked to their entity pages, and a link opening them in the explorer.
 * Every value is attacker-controlled log text, rendered as React text only.
 */
export function EvidenceTable({ events, total }: { events: readonly PicketEvent[]; total: number }) {
  const rows = useMemo(() => events.map(rowOf), [events]);
  const available = useMemo(() => {
    const seen = new Set<string>(TOP_LEVEL);
    for (const r of rows) for (const k of r.fields.keys()) seen.add(k);
    return [...seen].slice(0, 60);
  }, [rows]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [all, setAll] = useState(false);
  useEffect(() => {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
      if (Array.isArray(saved) && saved.every((c) => typeof c === 'string')) setChosen(saved);
    } catch {
      // A corrupt saved choice falls back to the defaults.
    }
  }, []);
  const columns = (chosen ?? DEFAULT_COLUMNS).filter((c) => available.includes(c));
  const toggle = (c: string, on: boolean) => {
    const next = on ? [...columns, c] : columns.filter((x) => x !== c);
    setChosen(next);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
  };

  if (events.length === 0) return <p className="text-sm text-muted">No events stored for this alert.</p>;
  const shown = all ? rows : rows.slice(0, FIRST);
  return (
    <div className="space-y-2" data-testid="alert-events">
      <div className="flex flex-wrap items-center gap-3 text-xs">
        <Link
          href={explorerHref(events)}
          prefetch={false}
          className="font-medium text-accent underline-offset-2 hover:underline"
        >
          {events.length === 1
            ? 'Open this event in the explorer'
            : `Open these ${events.length} events in the explorer`}
        </Link>
        {total > events.length && (
          <span className="text-muted">
            (the first {events.length} of {total})
          </span>
        )}
        <details className="relative">
          <summary className="cursor-pointer text-muted hover:text-fg">Columns</summary>
          <fieldset className="absolute z-10 mt-1 max-h-64 w-72 overflow-auto rounded-md border border-border bg-panel p-2 shadow-lg">
            <legend className="sr-only">Columns shown</legend>
            {available.map((c) => (
              <label key={c} className="flex items-center gap-2 py-0.5 font-mono">
                <input type="checkbox" checked={columns.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
                {c}
              </label>
            ))}
          </fieldset>
        </details>
      </div>
      <div className="overflow-x-auto rounded-md border border-border bg-bg">
        <table className="w-full border-collapse text-xs" aria-label="Alert events">
          <thead className="text-left text-muted">
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col" className="px-2 py-1 font-mono font-normal">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.event.id} data-event-id={r.event.id} className="border-t border-border align-top">
                {columns.map((c) => {
                  const v = r.fields.get(c) ?? '';
                  return (
                    <td key={c} className="max-w-[28rem] break-all px-2 py-1 font-mono">
                      {c === 'utctimestamp' ? v : <EntityValue field={c} value={v} />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && (
        <Button size="sm" variant="secondary" onClick={() => setAll(true)}>
          Show all {rows.length} loaded events
        </Button>
      )}
    </div>
  );
}
