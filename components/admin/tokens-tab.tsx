'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { ErrorText, QueryState } from '../ui/states';
import { CreateTokenDialog } from './create-token-dialog';
import type { Role, Token } from './types';
import { When } from './when';

/**
 * Token list with create and revoke. `all` is the admin view (everyone's tokens, with creator);
 * `own` is the account page: the signed-in identity's tokens only, for any role.
 */
export function TokensTab({ scope, maxRole }: { scope: 'all' | 'own'; maxRole: Role }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const own = scope === 'own';
  const tokens = useQuery(trpc.tokens.list.queryOptions({ mine: own }));
  const [confirm, setConfirm] = useState<Token>();
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        setConfirm(undefined);
        // Both scopes list the token (an admin's own tokens are in "all" too).
        void qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );

  return (
    <section aria-labelledby="tokens-heading">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          {own ? 'Your tokens' : 'API tokens'}
        </h2>
        <CreateTokenDialog maxRole={maxRole} />
      </div>
      <QueryState
        query={tokens}
        loading="Loading tokens…"
        empty={own ? 'You have no API tokens yet. Create one for a script or a log shipper.' : 'No tokens yet.'}
      >
        {(list) => (
          <Table>
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Ingest only</Th>
                <Th>Prefix</Th>
                <Th>{own ? 'Created' : 'Created by'}</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </THead>
            <TBody>
              {list.map((t) => (
                <Tr key={t.id} data-token-name={t.name} className={t.revokedAt ? 'opacity-60' : undefined}>
                  <Td className="font-medium">{t.name}</Td>
                  <Td>{t.role}</Td>
                  <Td>{t.ingestOnly ? 'yes' : 'no'}</Td>
                  <Td>
                    <code className="text-xs">{t.prefix}…</code>
                  </Td>
                  {own ? (
                    <Td className="whitespace-nowrap text-muted">
                      <When iso={t.createdAt} />
                    </Td>
                  ) : (
                    <Td className="max-w-48 truncate" title={t.createdBy ?? undefined}>
                      {t.createdBy ?? '—'}
                    </Td>
                  )}
                  <Td className="whitespace-nowrap text-muted">
                    <When iso={t.lastUsedAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    {t.revokedAt ? (
                      <>
                        <Badge tone="danger">revoked</Badge>
                        <div className="mt-0.5 text-muted">
                          <When iso={t.revokedAt} />
                        </div>
                      </>
                    ) : (
                      <Badge tone="ok">active</Badge>
                    )}
                  </Td>
                  <Td className="text-right">
                    {!t.revokedAt && (
                      <Button variant="secondary" size="sm" onClick={() => (revoke.reset(), setConfirm(t))}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryState>
      <Dialog open={!!confirm} onOpenChange={(o) => !o && setConfirm(undefined)}>
        {confirm && (
          <DialogContent title="Revoke token?">
            <p className="mb-3 text-sm">
              Anything using <strong>{confirm.name}</strong> ({confirm.prefix}…) stops working at once. This cannot be
              undone.
            </p>
            <ErrorText error={revoke.error} />
            <div className="mt-3 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setConfirm(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: confirm.id })}>
                {revoke.isPending ? 'Revoking…' : 'Revoke token'}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </section>
  );
}
