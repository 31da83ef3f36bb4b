'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { DURATIONS, type ListName, type WatchType } from './watch-types';

const TYPES: ReadonlyArray<{ value: WatchType; label: string }> = [
  { value: 'ip', label: 'IP address' },
  { value: 'cidr', label: 'CIDR' },
  { value: 'domain', label: 'Domain' },
  { value: 'username', label: 'Username' },
  { value: 'hash', label: 'Hash (md5/sha1/sha256)' },
];

const PLACEHOLDER: Record<ListName, string> = {
  watchlist: 'e.g. 203.0.113.7',
  blockip: 'IP or CIDR, e.g. 203.0.113.0/24',
  blockfqdn: 'e.g. bad.example.com',
};

/** Add form for one list; the server validates (messages shown inline, next to the value). */
export function AddWatchForm({ list }: { list: ListName }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [type, setType] = useState<WatchType>('ip');
  const [value, setValue] = useState('');
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState<string>(list === 'watchlist' ? '' : 'permanent');
  const create = useMutation(
    trpc.watchlist.create.mutationOptions({
      onSuccess: () => {
        setValue('');
        setComment('');
        void qc.invalidateQueries({ queryKey: trpc.watchlist.list.queryKey({ list, all: false }) });
      },
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const item: Record<string, unknown> = { value, comment };
    if (list === 'watchlist') item.type = type;
    if (duration) item.duration = duration;
    create.mutate({ list, item });
  }

  const errorId = `${list}-add-error`;
  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-wrap items-end gap-3 rounded-xl border border-border bg-panel p-4"
      aria-label={`Add to ${list}`}
    >
      {list === 'watchlist' && (
        <div>
          <Label htmlFor={`${list}-type`}>Type</Label>
          <Select id={`${list}-type`} value={type} onChange={(e) => setType(e.target.value as WatchType)}>
            {TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </Select>
        </div>
      )}
      <div className="min-w-64 flex-1">
        <Label htmlFor={`${list}-value`}>Value</Label>
        <Input
          id={`${list}-value`}
          value={value}
          required
          placeholder={PLACEHOLDER[list]}
          onChange={(e) => (setValue(e.target.value), create.reset())}
          aria-invalid={create.isError || undefined}
          aria-describedby={create.isError ? errorId : undefined}
          className="w-full"
        />
      </div>
      <div className="min-w-48 flex-1">
        <Label htmlFor={`${list}-comment`}>Comment</Label>
        <Input
          id={`${list}-comment`}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          className="w-full"
          maxLength={2000}
        />
      </div>
      <div>
        <Label htmlFor={`${list}-duration`}>{list === 'watchlist' ? 'Expires after' : 'Duration'}</Label>
        <Select id={`${list}-duration`} value={duration} onChange={(e) => setDuration(e.target.value)}>
          {list === 'watchlist' && <option value="">Never</option>}
          {DURATIONS.filter((d) => list !== 'watchlist' || d !== 'permanent').map((d) => (
            <option key={d} value={d}>
              {d === 'permanent' ? 'Permanent' : d}
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" disabled={create.isPending || value.trim() === ''}>
        {create.isPending ? 'Adding…' : list === 'watchlist' ? 'Add' : 'Block'}
      </Button>
      {create.isError && (
        <p id={errorId} role="alert" className="basis-full text-sm text-danger">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
