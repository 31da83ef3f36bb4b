'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty, ErrorText, Loading } from '../ui/states';
import { When } from './when';

const FILTERS = [
  { key: 'actor', label: 'Actor', placeholder: 'user:ana@example.org' },
  { key: 'action', label: 'Action', placeholder: 'user.create' },
  { key: 'targetType', label: 'Target type', placeholder: 'user' },
  { key: 'from', label: 'From', placeholder: 'now-7d or ISO time' },
  { key: 'to', label: 'To', placeholder: 'now or ISO time' },
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number]['key'], string>>;

const PAGE = 50;

/** The CSV export's query string: a file download, so it stays on REST (GET /api/v1/audit?format=csv). */
function csvQuery(filters: Filters, extra: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/** True for the audit log's usual diff shape: {field: [before, after]}. */
function isChangeSet(diff: object): diff is Record<string, [unknown, unknown]> {
  return Object.values(diff).every((v) => Array.isArray(v) && v.length === 2);
}

const short = (v: unknown) => JSON.stringify(v) ?? 'undefined';

function DiffView({ diff }: { diff: unknown }) {
  if (diff === null || diff === undefined || (typeof diff === 'object' && Object.keys(diff).length === 0))
    return <span className="text-muted">—</span>;
  // Everything is rendered as text (JSON.stringify output goes through React's escaping).
  if (typeof diff === 'object' && !Array.isArray(diff) && isChangeSet(diff)) {
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
        {Object.entries(diff).map(([k, [before, after]]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-muted">{k}</dt>
            <dd className="font-mono [overflow-wrap:anywhere]">
              {short(before)} → {short(after)}
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  // A created object with plain values ({name, role, …}) reads best as a short field list.
  if (
    typeof diff === 'object' &&
    !Array.isArray(diff) &&
    Object.values(diff).every((v) => v === null || typeof v !== 'object')
  ) {
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
        {Object.entries(diff).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-muted">{k}</dt>
            <dd className="font-mono [overflow-wrap:anywhere]">{typeof v === 'string' ? v : short(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  // Focusable because it scrolls: a keyboard user must be able to reach the rest of a long diff.
  return (
    <pre
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs keyboard access (WCAG 2.1.1)
      tabIndex={0}
      className="max-h-40 max-w-md overflow-auto rounded bg-panel-2 px-2 py-1 text-xs whitespace-pre-wrap [overflow-wrap:anywhere]"
    >
      {JSON.stringify(diff, null, 2)}
    </pre>
  );
}

/** Lets `user:ana@example.org` wrap after ":", "@" and "_" instead of mid-word (still plain text). */
function BreakAfter({ text }: { text: string }) {
  const parts = text.split(/(?<=[:@_])/);
  return (
    <span className="[overflow-wrap:anywhere]">
      {parts.map((p, i) => (
        <span key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </span>
  );
}

export function AuditTab() {
  const [filters, setFilters] = useState<Filters>({});
  const trpc = useTRPC();
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ ...filters, limit: PAGE }, { getNextPageParam: (last) => last.nextCursor }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next: Filters = {};
    for (const { key } of FILTERS) {
      const v = String(f.get(key) ?? '').trim();
      if (v) next[key] = v;
    }
    setFilters(next);
  }

  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <section aria-labelledby="audit-heading">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit log
        </h2>
        {/* A plain link: the browser downloads the CSV with the session cookie and the same filters. */}
        <a
          href={`/api/v1/audit?${csvQuery(filters, { format: 'csv', limit: '10000' })}`}
          className="inline-flex h-9 items-center gap-1.5 rounded-md border border-border px-3.5 text-sm font-medium text-fg no-underline hover:bg-panel-2"
        >
          <Download size={15} /> Export CSV
        </a>
      </div>
      <form onSubmit={onSubmit} className="mb-4 grid grid-cols-[repeat(5,minmax(0,1fr))_auto] items-end gap-2">
        {FILTERS.map((f) => (
          <div key={f.key}>
            <Label htmlFor={`audit-${f.key}`}>{f.label}</Label>
            <Input id={`audit-${f.key}`} name={f.key} placeholder={f.placeholder} defaultValue={filters[f.key] ?? ''} />
          </div>
        ))}
        <Button type="submit">Filter</Button>
      </form>
      {audit.isPending ? (
        <Loading label="Loading audit log…" />
      ) : !audit.data ? (
        // Only a failed first page replaces the table; a failed "Load more" shows under it.
        <ErrorText error={audit.error} />
      ) : entries.length === 0 ? (
        <Empty>No audit entries match.</Empty>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <Th>Time</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>Change</Th>
                <Th>IP</Th>
              </tr>
            </THead>
            <TBody>
              {entries.map((e) => (
                <Tr key={e.id} data-action={e.action} className="[&>td]:align-top">
                  <Td className="whitespace-nowrap text-muted">
                    <When iso={e.at} />
                  </Td>
                  <Td className="max-w-52">
                    <BreakAfter text={e.actor} />
                  </Td>
                  <Td>
                    <code className="text-xs">{e.action}</code>
                  </Td>
                  <Td className="max-w-44 text-xs">
                    {e.targetType ?? '—'}
                    {/* Ids are long (UUIDs): one truncated line, the whole id on hover and in the text. */}
                    {e.targetId && (
                      <div className="truncate font-mono text-muted" title={e.targetId}>
                        {e.targetId}
                      </div>
                    )}
                  </Td>
                  <Td className="min-w-64">
                    <DiffView diff={e.diff} />
                  </Td>
                  <Td className="whitespace-nowrap text-xs text-muted">{e.ip ?? '—'}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="mt-3 flex items-center gap-3">
            {audit.hasNextPage && (
              <Button
                variant="secondary"
                disabled={audit.isFetchingNextPage}
                onClick={() => void audit.fetchNextPage()}
              >
                {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            )}
            <ErrorText error={audit.isFetchNextPageError ? audit.error : null} />
          </div>
        </>
      )}
    </section>
  );
}
