'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/realtime/trpc';
import type { ProcessPlugins } from '@/server/workers/plugin-host';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ErrorText, QueryState } from '../ui/states';
import { AdminPanel } from './admin-panel';
import { formatTime } from './types';

const REFRESH_MS = 10_000;

/** Every process's enrichment plugins as it reports them (every ~10 s), and the reload button. */
export function PluginsPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const status = useQuery({ ...trpc.plugins.status.queryOptions(), refetchInterval: REFRESH_MS });
  const reload = useMutation(
    trpc.plugins.reload.mutationOptions({
      onSuccess: (fresh) => qc.setQueryData(trpc.plugins.status.queryKey(), fresh),
    }),
  );
  return (
    <AdminPanel
      id="plugins"
      title="Enrichment plugins"
      description="Built-in plugins and the admin plugins of the plugins directory, in the order they run. A plugin that throws changes and drops nothing: it is counted here and the event goes on as it was before it."
      actions={
        <Button onClick={() => reload.mutate()} disabled={reload.isPending}>
          {reload.isPending ? 'Reloading…' : 'Reload plugins'}
        </Button>
      }
    >
      {reload.error && <ErrorText error={reload.error} />}
      {reload.isSuccess && (
        <p role="status" className="mt-2 text-sm text-muted">
          Reloaded here; other processes reload when they hear it (their rows below update within seconds).
        </p>
      )}
      <QueryState query={status}>
        {(data) => data.processes.map((p, i) => <ProcessSection key={p.processId} p={p} here={i === 0} />)}
      </QueryState>
    </AdminPanel>
  );
}

function ProcessSection({ p, here }: { p: ProcessPlugins; here: boolean }) {
  return (
    <div className="mt-5" data-testid="plugin-process">
      <h3 className="text-base font-semibold">
        {p.label} {here && <Badge>this process</Badge>}
      </h3>
      <p className="mb-2 text-xs text-muted">
        {p.dir === null
          ? 'Admin plugins are off (PICKET_PLUGINS_DIR=off).'
          : p.dirExists
            ? `Plugins directory ${p.dir}`
            : `Plugins directory ${p.dir} does not exist: no admin plugins.`}{' '}
        Loaded {formatTime(p.loadedAt)}.
      </p>
      {p.loadErrors.length > 0 && (
        <ul aria-label="Plugin files that did not load" className="mb-3 space-y-1">
          {p.loadErrors.map((e) => (
            <li key={e.file} role="alert" className="rounded-md border border-red-500/40 bg-red-500/10 p-2 text-sm">
              <span className="font-mono">{e.file}</span>: {e.error}
            </li>
          ))}
        </ul>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1">Priority</th>
              <th>Plugin</th>
              <th>Registration</th>
              <th className="text-right">Events</th>
              <th className="text-right">Dropped</th>
              <th className="text-right">Errors</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {p.plugins.map((pl) => (
              <tr key={pl.name} className="border-t border-border align-top" data-testid={`plugin-${pl.name}`}>
                <td className="py-1.5">{pl.priority}</td>
                <td>
                  <span className="font-medium">{pl.name}</span>{' '}
                  <Badge tone={pl.origin === 'admin' ? 'accent' : 'neutral'}>{pl.origin}</Badge>
                  {pl.file && <div className="font-mono text-xs text-muted">{pl.file}</div>}
                  {pl.description !== pl.name && <div className="text-xs text-muted">{pl.description}</div>}
                </td>
                <td className="max-w-48 break-words font-mono text-xs">{pl.registration.join(', ')}</td>
                <td className="text-right">{pl.calls}</td>
                <td className="text-right">{pl.dropped}</td>
                <td className="text-right" data-testid="plugin-errors">
                  {pl.errors > 0 ? <Badge tone={pl.failing ? 'danger' : 'accent'}>{pl.errors}</Badge> : 0}
                </td>
                <td className="max-w-md break-words text-xs">
                  {pl.lastError ? (
                    <>
                      <span data-testid="plugin-last-error">{pl.lastError.message}</span>
                      <div className="text-muted">
                        {formatTime(pl.lastError.at)}, event {pl.lastError.eventId}
                      </div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
