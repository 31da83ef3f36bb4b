'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { When } from '../admin/when';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { staleCurrent } from '../realtime/trpc-conflict';
import { Empty, ErrorText, Loading } from '../ui/states';
import { ChannelDialog } from './channel-dialog';
import { KIND_LABEL, STATUS_TONE, targetText, type Channel } from './channel-types';
import { DeliveryLog } from './delivery-log';

/** Admin → Notifications: channels, where alerts reach them from, test sends and each one's delivery log. */
export function ChannelsTab() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const channels = useQuery(trpc.notifications.channels.queryOptions());
  const [editing, setEditing] = useState<Channel | 'new'>();
  const [removing, setRemoving] = useState<Channel>();
  const [logOf, setLogOf] = useState<string>();
  // The outcome of the last row action, said in words (test results carry the receiver's error).
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.notifications.channels.queryKey() });

  const test = useMutation({
    mutationFn: (c: Channel) => client.notifications.testChannel.mutate({ id: c.id }),
    onMutate: () => setNotice(undefined),
    onSuccess: (r, c) =>
      setNotice(
        r.ok
          ? { ok: true, text: `Test notification delivered to “${c.name}” (${r.ms} ms).` }
          : { ok: false, text: `Test to “${c.name}” failed: ${r.error}` },
      ),
    onError: (err, c) => setNotice({ ok: false, text: `Test to “${c.name}” failed: ${err.message}` }),
  });
  const toggle = useMutation({
    mutationFn: (c: Channel) =>
      client.notifications.updateChannel.mutate({ id: c.id, patch: { version: c.version, enabled: !c.enabled } }),
    onMutate: () => setNotice(undefined),
    onSuccess: (c) => setNotice({ ok: true, text: `“${c.name}” ${c.enabled ? 'enabled' : 'disabled'}.` }),
    onError: (err, c) =>
      setNotice({
        ok: false,
        text: staleCurrent(err)
          ? `“${c.name}” was changed by someone else meanwhile; the list now shows the current values. Try again.`
          : err.message,
      }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (c: Channel) => client.notifications.removeChannel.mutate({ id: c.id, version: c.version }),
    onSuccess: (_r, c) => {
      setRemoving(undefined);
      if (logOf === c.id) setLogOf(undefined);
      setNotice({ ok: true, text: `“${c.name}” deleted.` });
    },
    onSettled: refresh,
  });

  const list = channels.data ?? [];
  const logChannel = list.find((c) => c.id === logOf);
  return (
    <section aria-labelledby="channels-heading">
      <div className="mb-3 flex items-center justify-between gap-3">
        <div>
          <h2 id="channels-heading" className="text-lg font-semibold">
            Notification channels
          </h2>
          <p className="text-sm text-muted">
            Where alerts are sent. A rule sends to the channels picked under “Notify” in the rule editor; each alert
            reaches each channel once.
          </p>
        </div>
        <Button onClick={() => setEditing('new')}>
          <Plus size={15} /> New channel
        </Button>
      </div>
      {notice && (
        <p
          role={notice.ok ? 'status' : 'alert'}
          className={`mb-3 rounded-md border px-3 py-2 text-sm break-words ${notice.ok ? 'border-ok/50 text-ok' : 'border-danger/50 text-danger'}`}
        >
          {notice.text}
        </p>
      )}
      {channels.isPending ? (
        <Loading label="Loading channels…" />
      ) : channels.isError ? (
        <ErrorText error={channels.error} />
      ) : list.length === 0 ? (
        <Empty>
          No channels yet. Add a webhook, a Slack/Mattermost incoming webhook or an SMTP server, then pick it in a rule.
        </Empty>
      ) : (
        <Table aria-label="Notification channels">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Kind</Th>
              <Th>Target</Th>
              <Th>Status</Th>
              <Th>Rules</Th>
              <Th>Last delivery</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </THead>
          <TBody>
            {list.map((c) => (
              <Tr key={c.id} data-channel-name={c.name} className={c.enabled ? undefined : 'opacity-70'}>
                <Td className="min-w-32 font-medium break-words">{c.name}</Td>
                <Td className="whitespace-nowrap">{KIND_LABEL[c.kind]}</Td>
                <Td className="max-w-56 truncate font-mono text-xs" title={targetText(c)}>
                  {targetText(c)}
                  {c.kind === 'email' && c.secretSet && (
                    <span className="ml-1 font-sans text-muted">(password set)</span>
                  )}
                </Td>
                <Td>{c.enabled ? <Badge tone="ok">enabled</Badge> : <Badge>disabled</Badge>}</Td>
                <Td className="max-w-56">
                  {c.rules.length === 0 ? (
                    <span className="text-muted">no rules</span>
                  ) : (
                    <ul className="space-y-0.5">
                      {c.rules.map((r) => (
                        <li key={r.id} className="truncate">
                          <Link href={`/rules/${r.id}`}>{r.name}</Link>
                          {!r.enabled && <span className="ml-1 text-xs text-muted">(off)</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
                <Td className="max-w-56 text-xs">
                  {c.lastDelivery ? (
                    <>
                      <Badge tone={STATUS_TONE[c.lastDelivery.status]}>{c.lastDelivery.status}</Badge>
                      <div className="mt-0.5 text-muted">
                        <When iso={c.lastDelivery.at} />
                      </div>
                      {c.lastDelivery.lastError && (
                        <div className="truncate text-danger" title={c.lastDelivery.lastError}>
                          {c.lastDelivery.lastError}
                        </div>
                      )}
                    </>
                  ) : (
                    <span className="text-muted">none yet</span>
                  )}
                </Td>
                <Td>
                  <fieldset className="flex min-w-0 flex-wrap justify-end gap-1.5" aria-label={`Actions for ${c.name}`}>
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={test.isPending && test.variables?.id === c.id}
                      onClick={() => test.mutate(c)}
                    >
                      {test.isPending && test.variables?.id === c.id ? 'Sending…' : 'Send test'}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-pressed={logOf === c.id}
                      onClick={() => setLogOf(logOf === c.id ? undefined : c.id)}
                    >
                      Delivery log
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={toggle.isPending && toggle.variables?.id === c.id}
                      onClick={() => toggle.mutate(c)}
                    >
                      {c.enabled ? 'Disable' : 'Enable'}
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => setEditing(c)}>
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-danger"
                      onClick={() => (remove.reset(), setRemoving(c))}
                    >
                      Delete
                    </Button>
                  </fieldset>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {logChannel && <DeliveryLog key={logChannel.id} channel={logChannel} onClose={() => setLogOf(undefined)} />}
      <ChannelDialog
        key={editing === 'new' ? 'new' : editing?.id}
        channel={editing === 'new' ? undefined : editing}
        open={!!editing}
        onOpenChange={(o) => !o && setEditing(undefined)}
      />
      <Dialog open={!!removing} onOpenChange={(o) => !o && setRemoving(undefined)}>
        {removing && (
          <DialogContent title="Delete channel?">
            <p className="mb-3 text-sm">
              <strong>{removing.name}</strong> stops receiving alerts at once; notifications still queued for it are
              marked failed.
              {removing.rules.length > 0 &&
                ` ${removing.rules.length} rule(s) route to it; they keep their other channels.`}
            </p>
            <ErrorText error={remove.error} />
            <div className="mt-3 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setRemoving(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(removing)}>
                {remove.isPending ? 'Deleting…' : 'Delete channel'}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </section>
  );
}
