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
import { ROLE_OPTIONS, type Role } from './types';

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ email: string; password?: string }>();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (user) => {
        setCreated({ email: user.email, password: user.password });
        void qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '').trim();
    create.mutate({ email: String(f.get('email') ?? '').trim(), role: f.get('role') as Role, ...(name ? { name } : {}) });
  }

  // Closing forgets the generated password: it is shown once.
  function onOpenChange(o: boolean) {
    setOpen(o);
    if (!o) {
      setCreated(undefined);
      create.reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus size={15} /> New user
        </Button>
      </DialogTrigger>
      <DialogContent title={created ? 'User created' : 'New user'}>
        {created ? (
          <div className="space-y-3">
            <p className="text-sm">
              <strong>{created.email}</strong> can sign in now.
            </p>
            {created.password && <CopyOnce label="Generated password" value={created.password} />}
            <div className="flex justify-end">
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-3">
            <div>
              <Label htmlFor="new-user-email">Email</Label>
              <Input id="new-user-email" name="email" type="email" required autoFocus />
            </div>
            <div>
              <Label htmlFor="new-user-name">Name (optional)</Label>
              <Input id="new-user-name" name="name" />
            </div>
            <div>
              <Label htmlFor="new-user-role">Role</Label>
              <Select id="new-user-role" name="role" defaultValue="viewer" className="w-full">
                {ROLE_OPTIONS.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </div>
            <p className="text-xs text-muted">A password is generated and shown once after creation.</p>
            <ErrorText error={create.error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? 'Creating…' : 'Create user'}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
