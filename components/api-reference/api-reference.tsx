'use client';

// A small renderer of our own for the OpenAPI document: no third-party bundle, no inline script or
// style beyond the app's own, so the page runs under the app's CSP. Everything is rendered as text.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Badge } from '../ui/badge';
import { Input } from '../ui/input';
import { Empty, ErrorText, Loading } from '../ui/states';

const DOC_URL = '/api/v1/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  'x-permission'?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Doc {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: { ErrorCode: { 'x-error-table': Array<{ code: string; status: number; summary: string }> } } };
}
interface Row {
  method: string;
  path: string;
  op: Operation;
}

/** A JSON Schema, shortened to what a reader scans: type, enum, required fields. */
function SchemaView({ schema }: { schema: unknown }) {
  return (
    <pre className="mt-1 max-h-72 overflow-auto rounded-md border border-border bg-bg p-2 text-xs text-fg">
      {JSON.stringify(schema, null, 2)}
    </pre>
  );
}

/** A three-column reference table; `mono` names the columns shown in the code font. */
function RefTable({
  head,
  rows,
  mono,
}: {
  head: [string, string, string];
  rows: Array<{ key: string; cells: [ReactNode, ReactNode, ReactNode] }>;
  mono: number[];
}) {
  const cell = (i: number) => `py-1 ${i < 2 ? 'pr-3 ' : ''}${mono.includes(i) ? 'font-mono' : ''}`.trim();
  return (
    <table className="w-full text-left text-xs">
      <thead className="text-muted">
        <tr>
          {head.map((h, i) => (
            <th key={h} className={`py-1 ${i < 2 ? 'pr-3 ' : ''}font-medium`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-border align-top">
            {r.cells.map((c, i) => (
              <td key={head[i]} className={cell(i)}>
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OperationView({ row }: { row: Row }) {
  const { op } = row;
  const body = op.requestBody ? Object.entries(op.requestBody.content) : [];
  // Success answers with a declared shape; error answers all share the Error schema shown below the list.
  const answers = Object.entries(op.responses ?? {}).flatMap(([status, r]) =>
    status.startsWith('2') && r.content
      ? Object.entries(r.content).map(([type, c]) => ({ status, type, schema: c.schema }))
      : [],
  );
  return (
    <details className="rounded-md border border-border px-3 py-2" id={op.operationId}>
      <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
        <Badge
          tone={row.method === 'get' ? 'ok' : row.method === 'delete' ? 'danger' : 'accent'}
          className="w-16 justify-center uppercase"
        >
          {row.method}
        </Badge>
        <code className="font-mono text-fg">{row.path}</code>
        <span className="text-muted">{op.summary}</span>
        {op['x-permission'] ? <Badge>{op['x-permission']}</Badge> : <Badge tone="ok">no auth</Badge>}
      </summary>
      <div className="mt-2 space-y-2 text-sm">
        {op.parameters && op.parameters.length > 0 && (
          <RefTable
            head={['parameter', 'in', 'schema']}
            mono={[0, 2]}
            rows={op.parameters.map((p) => ({
              key: `${p.in}:${p.name}`,
              cells: [`${p.name}${p.required ? ' *' : ''}`, p.in, JSON.stringify(p.schema)],
            }))}
          />
        )}
        {body.map(([type, c]) => (
          <div key={type}>
            <div className="text-xs text-muted">request body ({type})</div>
            <SchemaView schema={c.schema ?? {}} />
          </div>
        ))}
        {answers.map((a) => (
          <div key={`${a.status}:${a.type}`}>
            <div className="text-xs text-muted">
              response {a.status} ({a.type})
            </div>
            <SchemaView schema={a.schema ?? {}} />
          </div>
        ))}
      </div>
    </details>
  );
}

export function ApiReference() {
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    fetch(DOC_URL)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${DOC_URL} answered ${r.status}`))))
      .then(setDoc, setError);
  }, []);

  const groups = useMemo(() => {
    const out = new Map<string, Row[]>();
    if (!doc) return out;
    const f = filter.trim().toLowerCase();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = ops[method];
        if (!op) continue;
        if (f && !`${method} ${path} ${op.summary ?? ''} ${op['x-permission'] ?? ''}`.toLowerCase().includes(f))
          continue;
        const tag = op.tags?.[0] ?? 'other';
        out.set(tag, [...(out.get(tag) ?? []), { method, path, op }]);
      }
    }
    return out;
  }, [doc, filter]);

  if (error) return <ErrorText error={error} />;
  if (!doc) return <Loading label="Loading the API reference…" />;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold text-fg">API reference</h1>
        <p className="text-sm text-muted">
          {doc.info.title} {doc.info.version}. Machine-readable:{' '}
          <a className="text-accent underline" href={DOC_URL}>
            {DOC_URL}
          </a>{' '}
          (OpenAPI 3.1, no sign-in needed). Send <code>Authorization: Bearer &lt;api token&gt;</code>; each operation
          names the permission it needs.
        </p>
      </div>
      <Input
        aria-label="Filter operations"
        placeholder="Filter by path, method, summary or permission"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {groups.size === 0 && <Empty>No operation matches “{filter}”.</Empty>}
      {[...groups].map(([tag, rows]) => (
        <section key={tag} aria-label={tag} className="space-y-1">
          <h2 className="text-sm font-semibold text-fg">{tag}</h2>
          {rows.map((row) => (
            <OperationView key={`${row.method} ${row.path}`} row={row} />
          ))}
        </section>
      ))}
      <section aria-label="Error codes" className="space-y-1">
        <h2 className="text-sm font-semibold text-fg">Error codes</h2>
        <p className="text-sm text-muted">Every error is JSON {'{"error": {"code", "message", "details"?}}'}.</p>
        <RefTable
          head={['code', 'HTTP', 'when']}
          mono={[0]}
          rows={doc.components.schemas.ErrorCode['x-error-table'].map((e) => ({
            key: e.code,
            cells: [e.code, e.status, e.summary],
          }))}
        />
      </section>
    </div>
  );
}
