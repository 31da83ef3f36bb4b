'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Input, Label, Select } from '@/components/ui/input';
import { DURATIONS, type WatchType } from '@/components/watchlist/watch-types';

export interface WatchTarget {
  field: string;
  type: WatchType;
  value: string;
}

const TYPE_LABEL: Record<WatchType, string> = {
  ip: 'IP address',
  cidr: 'CIDR',
  domain: 'Domain',
  username: 'Username',
  hash: 'Hash (md5/sha1/sha256)',
};

/** "Add to watchlist" for one event value: type prefilled, value editable; the server validates. */
export function WatchDialog({ target, onClose }: { target: WatchTarget | null; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [type, setType] = useState<WatchType>('ip');
  const [value, setValue] = useState('');
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState('');
  const create = useMutation(
    trpc.watchlist.create.mutationOptions({
      onSuccess: () =>
        void qc.invalidateQueries({ queryKey: trpc.watchlist.list.queryKey({ list: 'watchlist', all: false }) }),
    }),
  );
  const { reset } = create;
  useEffect(() => {
    if (!target) return;
    setType(target.type);
    setValue(target.value);
    setComment(`From event field ${target.field}`);
    setDuration('');
    reset();
  }, [target, reset]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const item: Record<string, unknown> = { type, value: value.trim(), comment };
    if (duration) item.duration = duration;
    create.mutate({ list: 'watchlist', item });
  }

  return (
    <Dialog open={target !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="Add to watchlist">
        {create.isSuccess ? (
          <div className="space-y-3 text-sm">
            <p role="status">
              Added <span className="font-mono">{create.data.value}</span> to the watchlist.
            </p>
            <div className="flex justify-end gap-2">
              <Link className="text-accent underline" href="/watchlist">
                Open watchlist
              </Link>
              <Button onClick={onClose}>Done</Button>
            </div>
          </div>
        ) : (
          <form className="space-y-3" onSubmit={onSubmit} aria-label="Add to watchlist">
            <div className="flex gap-2">
              <div className="w-48">
                <Label htmlFor="watch-type">Type</Label>
                <Select
                  id="watch-type"
                  value={type}
                  onChange={(e) => (setType(e.target.value as WatchType), create.reset())}
                >
                  {(Object.keys(TYPE_LABEL) as WatchType[]).map((t) => (
                    <option key={t} value={t}>
                      {TYPE_LABEL[t]}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="flex-1">
                <Label htmlFor="watch-value">Value</Label>
                <Input
                  id="watch-value"
                  className="w-full"
                  value={value}
                  required
                  onChange={(e) => (setValue(e.target.value), create.reset())}
                  aria-invalid={create.isError || undefined}
                  aria-describedby={create.isError ? 'watch-error' : undefined}
                />
              </div>
            </div>
            <div>
              <Label htmlFor="watch-comment">Comment</Label>
              <Input
                id="watch-comment"
                className="w-full"
                value={comment}
                maxLength={2000}
                onChange={(e) => setComment(e.target.value)}
              />
            </div>
            <div className="w-48">
              <Label htmlFor="watch-duration">Expires after</Label>
              <Select id="watch-duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
                <option value="">Never</option>
                {DURATIONS.filter((d) => d !== 'permanent').map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </Select>
            </div>
            {create.isError && (
              <p id="watch-error" role="alert" className="text-sm text-danger">
                {create.error.message}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending || value.trim() === ''}>
                {create.isPending ? 'Adding…' : 'Add to watchlist'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
