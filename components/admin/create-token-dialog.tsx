'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label, Select } from '../ui/input';
import { ErrorText } from '../ui/states';
import { CopyOnce } from './copy-once';
import { rolesUpTo, type Role } from './types';

/** New token: the role selector offers only roles up to `maxRole` (the server refuses more anyway). */
export function CreateTokenDialog({ maxRole }: { maxRole: Role }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState<string>();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (res) => {
        setToken(res.token);
        void qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ name: String(f.get('name') ?? '').trim(), role: f.get('role') as Role, ingestOnly: f.get('ingestOnly') === 'on' });
  }

  // Closing forgets the token value: the server keeps only its hash.
  function onOpenChange(o: boolean) {
    setOpen(o);
    if (!o) {
      setToken(undefined);
      create.reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus size={15} /> New token
        </Button>
      </DialogTrigger>
      <DialogContent title={token ? 'Token created' : 'New API token'}>
        {token ? (
          <div className="space-y-3">
            <CopyOnce label="API token" value={token} />
            <div className="flex justify-end">
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-3">
            <div>
              <Label htmlFor="new-token-name">Name</Label>
              <Input id="new-token-name" name="name" required autoFocus placeholder="e.g. syslog shipper" />
            </div>
            <div>
              <Label htmlFor="new-token-role">Role</Label>
              <Select id="new-token-role" name="role" defaultValue="viewer" className="w-full">
                {rolesUpTo(maxRole).map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="ingestOnly" className="size-4 accent-[var(--accent)]" /> Ingest only (for shippers: may only send events)
            </label>
            <ErrorText error={create.error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? 'Creating…' : 'Create token'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
