'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { ErrorText, QueryState } from '../ui/states';
import { AdminPanel } from './admin-panel';
import { formatTime, type QueueStatus as Status } from './types';

const REFRESH_MS = 5000;

/** The running queue, read from it (not from configuration), and its dead-letter queue in queue mode. */
export function QueuePanel() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.queue.status.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <AdminPanel id="queue" title="Queue" description="Read from the running queue every few seconds.">
      <QueryState query={status}>
        {(s) => (
          <>
            <QueueStatus s={s} />
            {s.mode === 'queue' && <DeadLetters />}
          </>
        )}
      </QueryState>
    </AdminPanel>
  );
}

function QueueStatus({ s }: { s: Status }) {
  return (
    <>
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted">Mode</dt>
          <dd data-testid="queue-mode" className="font-medium">
            {s.mode === 'queue' ? 'Queue: BullMQ on Redis' : 'Embedded: in-process'}
          </dd>
        </div>
        <div>
          <dt className="text-muted">Events waiting</dt>
          <dd className="font-medium">{s.depth}</dd>
        </div>
        <div>
          <dt className="text-muted">Workers (last minute)</dt>
          <dd className="font-medium">{s.mode === 'queue' ? s.workers : 'this process'}</dd>
        </div>
        <div>
          <dt className="text-muted">Dead-lettered batches</dt>
          <dd data-testid="dead-letter-count" className="font-medium">
            {s.deadLetters}
          </dd>
        </div>
      </dl>
      {s.warnings.map((w) => (
        <p key={w} role="alert" className="mt-3 rounded-md border border-amber-500/40 bg-amber-500/10 p-2 text-sm">
          {w}
        </p>
      ))}
    </>
  );
}

function DeadLetters() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const dead = useQuery({ ...trpc.queue.deadLetters.queryOptions({ limit: 50 }), refetchInterval: REFRESH_MS });
  const invalidate = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.queue.deadLetters.queryKey() }),
      qc.invalidateQueries({ queryKey: trpc.queue.status.queryKey() }),
    ]);
  const requeue = useMutation(trpc.queue.requeueDeadLetter.mutationOptions({ onSettled: invalidate }));
  const discard = useMutation(trpc.queue.discardDeadLetter.mutationOptions({ onSettled: invalidate }));
  return (
    <div className="mt-4">
      <h3 className="text-base font-semibold">Dead-letter queue</h3>
      <p className="mb-2 text-xs text-muted">
        Batches that failed every attempt. They are never retried by themselves: requeue one once its cause is fixed, or
        discard it.
      </p>
      <QueryState query={dead} empty="No dead-lettered batches." isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-muted">
              <tr>
                <th className="py-1">Failed</th>
                <th>Events</th>
                <th>Attempts</th>
                <th>First error</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.id} className="border-t border-border align-top">
                  <td className="py-1.5 whitespace-nowrap">{formatTime(d.failedAt)}</td>
                  <td>{d.events}</td>
                  <td>{d.attempts}</td>
                  <td className="max-w-md break-words" title={d.lastError}>
                    {d.firstError}
                  </td>
                  <td className="whitespace-nowrap text-right">
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={requeue.isPending}
                      onClick={() => requeue.mutate({ id: d.id })}
                    >
                      Requeue
                    </Button>{' '}
                    <Button
                      size="sm"
                      variant="danger"
                      disabled={discard.isPending}
                      onClick={() => discard.mutate({ id: d.id })}
                    >
                      Discard
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      {(requeue.error || discard.error) && <ErrorText error={requeue.error ?? discard.error} />}
    </div>
  );
}
