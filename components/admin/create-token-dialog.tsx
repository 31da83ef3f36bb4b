'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Input, Label } from '../ui/input';
import { CopyOnce } from './copy-once';
import { CreateOnceDialog, RoleSelect } from './create-once-dialog';
import { rolesUpTo, type Role } from './types';

/** New token: the role selector offers only roles up to `maxRole` (the server refuses more anyway). */
export function CreateTokenDialog({ maxRole }: { maxRole: Role }) {
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

  return (
    <CreateOnceDialog
      noun="token"
      title="New API token"
      created={token}
      renderCreated={(t) => <CopyOnce label="API token" value={t} />}
      pending={create.isPending}
      error={create.error}
      onSubmit={(f) =>
        create.mutate({
          name: String(f.get('name') ?? '').trim(),
          role: f.get('role') as Role,
          ingestOnly: f.get('ingestOnly') === 'on',
        })
      }
      // Closing forgets the token value: the server keeps only its hash.
      onClose={() => {
        setToken(undefined);
        create.reset();
      }}
    >
      <div>
        <Label htmlFor="new-token-name">Name</Label>
        <Input id="new-token-name" name="name" required autoFocus placeholder="e.g. syslog shipper" />
      </div>
      <div>
        <Label htmlFor="new-token-role">Role</Label>
        <RoleSelect id="new-token-role" roles={rolesUpTo(maxRole)} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="ingestOnly" className="size-4 accent-[var(--accent)]" /> Ingest only (for shippers:
        may only send events)
      </label>
    </CreateOnceDialog>
  );
}
