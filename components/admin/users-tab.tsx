'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { staleCurrent } from '../realtime/trpc-conflict';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Select } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { QueryState } from '../ui/states';
import { CreateUserDialog } from './create-user-dialog';
import { formatTime, ROLE_OPTIONS, type Role, type User } from './types';

type Patch = { role?: Role; disabled?: boolean };

/** A stale edit: what the admin wanted and what the server has now, so they can re-apply knowingly. */
interface Conflict {
  patch: Patch;
  current: User;
}

function status(u: User): { label: string; tone: 'ok' | 'danger' | 'neutral' } {
  if (u.disabled) return { label: 'disabled', tone: 'neutral' };
  return { label: 'active', tone: 'ok' };
}

function describe(p: Patch): string {
  return [p.role && `role → ${p.role}`, p.disabled !== undefined && (p.disabled ? 'disable' : 'enable')]
    .filter(Boolean)
    .join(', ');
}

export function UsersTab({ me }: { me: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const [conflicts, setConflicts] = useState<Record<string, Conflict>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A role change or disable/enable waits for the admin to confirm it in a dialog.
  const [pending, setPending] = useState<{ user: User; patch: Patch }>();

  const update = useMutation({
    mutationFn: ({ id, patch, version }: { id: string; patch: Patch; version: number }) =>
      client.users.update.mutate({ id, ...patch, version }),
    onMutate: ({ id }) => {
      setErrors(({ [id]: _, ...rest }) => rest);
      setConflicts(({ [id]: _, ...rest }) => rest);
    },
    onSuccess: refresh,
    onError: (err, { id, patch }) => {
      const current = staleCurrent<User>(err);
      if (current) {
        setConflicts((c) => ({ ...c, [id]: { patch, current } }));
        // Refresh the list too, so the row shows the current values.
        void refresh();
      } else setErrors((e) => ({ ...e, [id]: err.message }));
    },
  });

  return (
    <section aria-labelledby="users-heading">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users
        </h2>
        <CreateUserDialog />
      </div>
      <QueryState query={users} loading="Loading users…" empty="No users yet.">
        {(list) => (
          <Table>
            <THead>
              <tr>
                <Th>Email</Th>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th>Last sign-in</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </THead>
            <TBody>
              {list.map((u) => {
                const s = status(u);
                const conflict = conflicts[u.id];
                return (
                  <Tr key={u.id} data-email={u.email}>
                    <Td className="font-medium">
                      {u.email}
                      {u.email === me && <span className="ml-1.5 text-xs text-muted">(you)</span>}
                    </Td>
                    <Td>{u.name || <span className="text-muted">—</span>}</Td>
                    <Td>
                      <Select
                        aria-label={`Role of ${u.email}`}
                        value={u.role}
                        disabled={update.isPending}
                        onChange={(e) => setPending({ user: u, patch: { role: e.target.value as Role } })}
                        compact
                      >
                        {ROLE_OPTIONS.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </Select>
                    </Td>
                    <Td>
                      <Badge tone={s.tone}>{s.label}</Badge>
                    </Td>
                    <Td className="whitespace-nowrap text-muted">{formatTime(u.lastLoginAt)}</Td>
                    <Td className="text-right">
                      <Button
                        variant="secondary"
                        size="sm"
                        disabled={update.isPending}
                        onClick={() => setPending({ user: u, patch: { disabled: !u.disabled } })}
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </Button>
                      {errors[u.id] && (
                        <p role="alert" className="mt-1 text-left text-xs text-danger">
                          {errors[u.id]}
                        </p>
                      )}
                      {conflict && (
                        <div
                          role="alert"
                          className="mt-2 rounded-md border border-accent/50 bg-panel-2 p-2 text-left text-xs"
                        >
                          <p>
                            Someone else changed this user first. Now: role <strong>{conflict.current.role}</strong>,{' '}
                            {conflict.current.disabled ? 'disabled' : 'enabled'}.
                          </p>
                          <div className="mt-1.5 flex gap-1.5">
                            <Button
                              size="sm"
                              onClick={() =>
                                update.mutate({ id: u.id, patch: conflict.patch, version: conflict.current.version })
                              }
                            >
                              Re-apply ({describe(conflict.patch)})
                            </Button>
                            <Button
                              size="sm"
                              variant="ghost"
                              onClick={() => setConflicts(({ [u.id]: _, ...rest }) => rest)}
                            >
                              Keep theirs
                            </Button>
                          </div>
                        </div>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </QueryState>
      <Dialog open={!!pending} onOpenChange={(o) => !o && setPending(undefined)}>
        {pending && (
          <ConfirmChange
            pending={pending}
            me={me}
            onCancel={() => setPending(undefined)}
            onConfirm={() => (
              update.mutate({ id: pending.user.id, patch: pending.patch, version: pending.user.version }),
              setPending(undefined)
            )}
          />
        )}
      </Dialog>
    </section>
  );
}

function ConfirmChange({
  pending: { user, patch },
  me,
  onCancel,
  onConfirm,
}: {
  pending: { user: User; patch: Patch };
  me: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const self = user.email === me;
  const title = patch.role ? 'Change role?' : patch.disabled ? 'Disable user?' : 'Enable user?';
  const action = patch.role ? 'Change role' : patch.disabled ? 'Disable user' : 'Enable user';
  return (
    <DialogContent title={title}>
      <p className="text-sm">
        {patch.role ? (
          <>
            <strong>{user.email}</strong> goes from <strong>{user.role}</strong> to <strong>{patch.role}</strong>. It
            applies to their open sessions within seconds.
          </>
        ) : patch.disabled ? (
          <>
            <strong>{user.email}</strong> is signed out everywhere and cannot sign in until enabled again. Their API
            tokens keep working until revoked.
          </>
        ) : (
          <>
            <strong>{user.email}</strong> can sign in again (a lockout is cleared too).
          </>
        )}
      </p>
      {self && <p className="mt-2 text-sm text-danger">This is your own account.</p>}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant={patch.disabled || (self && patch.role) ? 'danger' : 'primary'} onClick={onConfirm} autoFocus>
          {action}
        </Button>
      </div>
    </DialogContent>
  );
}
