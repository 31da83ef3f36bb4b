'use client';

import { Download } from 'lucide-react';
import { EXPORT_MAX_ROWS } from '@/server/store/export-limit';
import type { ExplorerView } from './explorer-url';

/** The REST download of the current view (file transfer is the one REST use the UI has). */
export function exportHref(view: ExplorerView, format: 'csv' | 'ndjson'): string {
  const p = new URLSearchParams({
    format,
    q: view.q,
    from: view.from,
    to: view.to,
    columns: view.columns.join(','),
    sort: `utctimestamp:${view.order}`,
  });
  return `/api/v1/events/export?${p}`;
}

const linkClass =
  'inline-flex h-9 items-center gap-1.5 rounded-md border border-border bg-panel px-3 text-sm no-underline hover:bg-panel-2 focus-visible:outline-2 focus-visible:outline-accent';

/** CSV and NDJSON downloads of the results: the table's columns, in its order, up to the stated cap. */
export function ExportLinks({ view }: { view: ExplorerView }) {
  const cap = EXPORT_MAX_ROWS.toLocaleString('en');
  return (
    <fieldset
      aria-label="Export results"
      className="flex min-w-0 items-center gap-1"
      title={`Exports at most ${cap} rows, newest first by default`}
    >
      <a href={exportHref(view, 'csv')} download className={linkClass} aria-label={`Export CSV (at most ${cap} rows)`}>
        <Download size={15} /> CSV
      </a>
      <a
        href={exportHref(view, 'ndjson')}
        download
        className={linkClass}
        aria-label={`Export NDJSON (at most ${cap} rows)`}
      >
        <Download size={15} /> NDJSON
      </a>
    </fieldset>
  );
}
