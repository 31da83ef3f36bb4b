'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { When } from '../admin/when';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Label, Select } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { useTRPC } from '../realtime/trpc';
import { Empty, ErrorText, Loading } from '../ui/states';
import { STATUS_TONE, type Channel, type DeliveryStatus } from './channel-types';

const PAGE_SIZE = 20;
/** The outbox changes as the sender works; the first page refreshes itself while it is open. */
const REFRESH_MS = 5000;

/** One channel's outbox rows, newest first: alert, status, attempts, next retry, last error; retry for failed rows. */
export function DeliveryLog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  // Cursors of the pages above the current one, so "Newer" goes back exactly.
  const [cursors, setCursors] = useState<Array<number | undefined>>([undefined]);
  const before = cursors[cursors.length - 1];
  const page = useQuery({
    ...trpc.notifications.channelDeliveries.queryOptions({
      channelId: channel.id,
      status: status || undefined,
      before,
      size: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: before === undefined ? REFRESH_MS : false,
  });
  const retry = useMutation(
    trpc.notifications.retryDelivery.mutationOptions({
      // Every page of this channel's log (the row moves back to pending); the channel list's "last delivery" too.
      onSettled: () =>
        Promise.all([
          qc.invalidateQueries({ queryKey: trpc.notifications.channelDeliveries.queryKey({ channelId: channel.id }) }),
          qc.invalidateQueries({ queryKey: trpc.notifications.channels.queryKey() }),
        ]),
    }),
  );

  const rows = page.data?.deliveries ?? [];
  return (
    <section aria-labelledby="delivery-log-heading" className="mt-6 rounded-lg border border-border bg-panel p-4">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h3 id="delivery-log-heading" className="text-base font-semibold">
            Delivery log: {channel.name}
          </h3>
          <p className="text-xs text-muted">
            One row per alert sent to this channel. Failed sends are retried with backoff; the newest page refreshes
            every few seconds.
          </p>
        </div>
        <div className="flex items-end gap-2">
          <div>
            <Label htmlFor="delivery-status">Status</Label>
            <Select
              id="delivery-status"
              compact
              value={status}
              onChange={(e) => (setStatus(e.target.value as DeliveryStatus | ''), setCursors([undefined]))}
            >
              <option value="">all</option>
              {(['pending', 'sending', 'sent', 'failed'] as const).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
          </div>
          <Button variant="secondary" size="sm" onClick={() => void page.refetch()} disabled={page.isFetching}>
            <RefreshCw size={13} /> {page.isFetching ? 'Refreshing…' : 'Refresh'}
          </Button>
          <Button variant="ghost" size="sm" onClick={onClose}>
            Close log
          </Button>
        </div>
      </div>
      {page.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : page.isError ? (
        <ErrorText error={page.error} />
      ) : rows.length === 0 ? (
        <Empty>
          {status
            ? `No ${status} deliveries.`
            : 'Nothing sent through this channel yet. Route a rule to it in the rule editor, or press Send test.'}
        </Empty>
      ) : (
        <Table aria-label={`Deliveries of ${channel.name}`}>
          <THead>
            <tr>
              <Th>Alert</Th>
              <Th>Status</Th>
              <Th>Attempts</Th>
              <Th>Queued</Th>
              <Th>Sent / next retry</Th>
              <Th>Last error</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((d) => (
              <Tr key={d.id} data-delivery-id={d.id}>
                <Td className="max-w-80">
                  {d.alert ? (
                    <span className="line-clamp-2 break-words" title={d.alertId}>
                      <span className="font-mono text-xs text-muted">{d.alert.severity}</span> {d.alert.summary}
                    </span>
                  ) : (
                    <span className="text-muted">alert {d.alertId}</span>
                  )}
                </Td>
                <Td>
                  <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                </Td>
                <Td>{d.attempts}</Td>
                <Td className="whitespace-nowrap text-muted">
                  <When iso={d.createdAt} />
                </Td>
                <Td className="whitespace-nowrap text-muted">
                  {d.status === 'sent' ? (
                    <When iso={d.sentAt} />
                  ) : d.status === 'failed' ? (
                    '—'
                  ) : (
                    <When iso={d.nextAttemptAt} />
                  )}
                </Td>
                <Td className="max-w-64 break-words text-xs text-danger">
                  {d.lastError ?? <span className="text-muted">—</span>}
                </Td>
                <Td className="text-right">
                  {d.status === 'failed' && (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={retry.isPending && retry.variables?.id === d.id}
                      onClick={() => retry.mutate({ id: d.id })}
                    >
                      Retry now
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <ErrorText error={retry.error} />
      <div className="mt-3 flex items-center justify-between text-xs text-muted">
        <span>Page {cursors.length}</span>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={cursors.length === 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Newer
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!page.data?.nextBefore}
            onClick={() => setCursors((c) => [...c, page.data!.nextBefore!])}
          >
            Older
          </Button>
        </div>
      </div>
    </section>
  );
}
