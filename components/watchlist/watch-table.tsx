'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { When } from '../admin/when';
import { useTRPC } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog, DialogClose, DialogContent } from '../ui/dialog';
import { Empty, ErrorText, Loading } from '../ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { countdown, type ListName, type WatchItemView } from './watch-types';

/** Re-renders every 30 s so expiry countdowns move without refetching. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

// Values and comments are analyst input (and may be pasted from logs): rendered as text only.
export function WatchTable({ list, canWrite, noun }: { list: ListName; canWrite: boolean; noun: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const now = useNow();
  const [confirm, setConfirm] = useState<WatchItemView | null>(null);
  const items = useQuery(trpc.watchlist.list.queryOptions({ list, all: false }));
  const remove = useMutation(
    trpc.watchlist.remove.mutationOptions({
      onSuccess: () => {
        setConfirm(null);
        void qc.invalidateQueries({ queryKey: trpc.watchlist.list.queryKey({ list, all: false }) });
      },
    }),
  );

  if (items.isPending) return <Loading label="Loading…" />;
  if (items.isError) return <ErrorText error={items.error} />;
  const rows = items.data as WatchItemView[];
  if (rows.length === 0) return <Empty>Nothing here yet{canWrite ? ': add the first one above.' : '.'}</Empty>;

  return (
    <>
      <Table aria-label={`${noun}s`}>
        <THead>
          <Tr>
            {list === 'watchlist' && <Th>Type</Th>}
            <Th>Value</Th>
            <Th>Comment</Th>
            <Th>Added by</Th>
            <Th>Added</Th>
            <Th>Expires</Th>
            {canWrite && <Th className="text-right">Actions</Th>}
          </Tr>
        </THead>
        <TBody>
          {rows.map((it) => (
            <Tr key={it.id} data-value={it.value}>
              {list === 'watchlist' && (
                <Td>
                  <Badge>{it.hashType ?? it.type}</Badge>
                </Td>
              )}
              <Td className="font-mono text-sm break-all">{it.value}</Td>
              <Td className="max-w-80 text-sm break-words whitespace-pre-wrap">{it.comment}</Td>
              <Td className="text-sm break-all">{it.createdBy}</Td>
              <Td className="text-sm">
                <When iso={it.createdAt} />
              </Td>
              <Td className="text-sm" title={it.expiresAt ?? undefined}>
                {countdown(it.expiresAt, now)}
                {it.duration && (
                  <div className="text-xs text-muted">
                    {it.duration === 'permanent' ? 'permanent' : `for ${it.duration}`}
                  </div>
                )}
              </Td>
              {canWrite && (
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => (remove.reset(), setConfirm(it))}
                    aria-label={`Remove ${it.value}`}
                  >
                    Remove
                  </Button>
                </Td>
              )}
            </Tr>
          ))}
        </TBody>
      </Table>
      <Dialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        {confirm && (
          <DialogContent
            title={`Remove ${noun}?`}
            description={`${confirm.value} will no longer ${list === 'watchlist' ? 'tag new events' : 'be blocked'}. The removal is in the audit log.`}
          >
            {remove.isError && <ErrorText error={remove.error} />}
            <div className="mt-4 flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button
                variant="danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ id: confirm.id, version: confirm.version })}
              >
                {remove.isPending ? 'Removing…' : 'Remove'}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}
