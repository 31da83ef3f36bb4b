'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Input, Label } from '../ui/input';
import { CopyOnce } from './copy-once';
import { CreateOnceDialog, RoleSelect } from './create-once-dialog';
import { ROLE_OPTIONS, type Role } from './types';

export function CreateUserDialog() {
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

  return (
    <CreateOnceDialog
      noun="user"
      title="New user"
      created={created}
      renderCreated={(c) => (
        <>
          <p className="text-sm">
            <strong>{c.email}</strong> can sign in now.
          </p>
          {c.password && <CopyOnce label="Generated password" value={c.password} />}
        </>
      )}
      pending={create.isPending}
      error={create.error}
      onSubmit={(f) => {
        const name = String(f.get('name') ?? '').trim();
        create.mutate({
          email: String(f.get('email') ?? '').trim(),
          role: f.get('role') as Role,
          ...(name ? { name } : {}),
        });
      }}
      // Closing forgets the generated password: it is shown once.
      onClose={() => {
        setCreated(undefined);
        create.reset();
      }}
    >
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
        <RoleSelect id="new-user-role" roles={ROLE_OPTIONS} />
      </div>
      <p className="text-xs text-muted">A password is generated and shown once after creation.</p>
    </CreateOnceDialog>
  );
}
