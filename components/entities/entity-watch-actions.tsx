'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { ErrorText } from '@/components/ui/states';
import { countdown, DURATIONS } from '@/components/watchlist/watch-types';
import type { EntityKind } from '@/server/entities/entity-kinds';
import type { EntityWatch } from '@/server/entities/entity-service';

const WATCH_TYPE: Record<EntityKind, 'ip' | 'username' | 'domain'> = {
  ip: 'ip',
  user: 'username',
  host: 'domain',
  domain: 'domain',
};

/**
 * Block / Watch / Unblock in one click through the watchlist procedures (which audit every change).
 * Users have no block list (MozDef blocks IPs and domains only), so they can only be watched.
 */
export function EntityWatchActions({
  kind,
  value,
  watch,
  canWrite,
}: {
  kind: EntityKind;
  value: string;
  watch: EntityWatch[];
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [duration, setDuration] = useState<(typeof DURATIONS)[number]>('1d');
  const done = { onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.entities.get.pathKey() }) };
  const create = useMutation(trpc.watchlist.create.mutationOptions(done));
  const remove = useMutation(trpc.watchlist.remove.mutationOptions(done));
  const blockList = kind === 'ip' ? 'blockip' : kind === 'user' ? null : 'blockfqdn';
  const blocks = watch.filter((w) => w.list !== 'watchlist');
  const watches = watch.filter((w) => w.list === 'watchlist');
  const own = (w: EntityWatch) => w.value === (kind === 'ip' ? value : value.toLowerCase());
  const busy = create.isPending || remove.isPending;
  const now = Date.now();

  return (
    <section className="flex flex-col items-end gap-1.5 text-sm" aria-label="Block and watch status">
      <div className="flex flex-wrap justify-end gap-1.5" data-testid="entity-watch-status">
        {blocks.length === 0 && watches.length === 0 && <Badge>Not blocked or watched</Badge>}
        {blocks.map((b) => (
          <Badge key={b.id} tone="danger" title={b.comment}>
            Blocked{own(b) ? '' : ` by ${b.value}`} · {countdown(b.expiresAt, now)}
          </Badge>
        ))}
        {watches.map((w) => (
          <Badge key={w.id} tone="accent" title={w.comment}>
            Watched{own(w) ? '' : ` by ${w.value}`} · {countdown(w.expiresAt, now)}
          </Badge>
        ))}
      </div>
      {canWrite && (
        <div className="flex flex-wrap items-center justify-end gap-1.5">
          {blockList && blocks.length === 0 && (
            <>
              <Select
                aria-label="Block duration"
                value={duration}
                onChange={(e) => setDuration(e.target.value as typeof duration)}
                className="w-28"
              >
                {DURATIONS.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </Select>
              <Button
                size="sm"
                variant="danger"
                disabled={busy}
                onClick={() =>
                  create.mutate({
                    list: blockList,
                    item: { value, duration, comment: `Blocked from the ${kind} page` },
                  })
                }
              >
                Block
              </Button>
            </>
          )}
          {blocks.filter(own).map((b) => (
            <Button
              key={b.id}
              size="sm"
              variant="secondary"
              disabled={busy}
              onClick={() => remove.mutate({ id: b.id, version: b.version })}
            >
              Unblock
            </Button>
          ))}
          {watches.length === 0 ? (
            <Button
              size="sm"
              variant="secondary"
              disabled={busy}
              onClick={() =>
                create.mutate({
                  list: 'watchlist',
                  item: { type: WATCH_TYPE[kind], value, comment: `Watched from the ${kind} page` },
                })
              }
            >
              Watch
            </Button>
          ) : (
            watches.filter(own).map((w) => (
              <Button
                key={w.id}
                size="sm"
                variant="secondary"
                disabled={busy}
                onClick={() => remove.mutate({ id: w.id, version: w.version })}
              >
                Unwatch
              </Button>
            ))
          )}
        </div>
      )}
      <ErrorText error={create.error ?? remove.error} />
    </section>
  );
}
