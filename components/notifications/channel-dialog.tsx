'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { staleCurrent } from '../realtime/trpc-conflict';
import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';
import { Label, Select } from '../ui/input';
import { ErrorText } from '../ui/states';
import { ChannelKindFields, Field } from './channel-kind-fields';
import {
  createBody,
  emptyForm,
  formOf,
  patchBody,
  validateForm,
  type ChannelForm,
  type FieldErrors,
} from './channel-form-model';
import { KIND_LABEL, type Channel, type ChannelKind, type ChannelRecord } from './channel-types';

/**
 * Create (no `channel`) or edit a channel. Secrets are write-only: the edit form starts with the
 * URL/password empty and sends one only when typed. A stale edit shows who won and lets the admin
 * save over it knowingly.
 */
export function ChannelDialog({
  channel,
  open,
  onOpenChange,
}: {
  channel?: Channel;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open && (
        <DialogContent
          title={channel ? `Edit channel “${channel.name}”` : 'New notification channel'}
          className="max-h-[80vh] overflow-y-auto"
        >
          <ChannelFormBody channel={channel} onDone={() => onOpenChange(false)} />
        </DialogContent>
      )}
    </Dialog>
  );
}

function ChannelFormBody({ channel, onDone }: { channel?: Channel; onDone: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.notifications.channels.queryKey() });
  const [form, setForm] = useState<ChannelForm>(() => (channel ? formOf(channel) : emptyForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [version, setVersion] = useState(channel?.version ?? 1);
  const [conflict, setConflict] = useState<ChannelRecord>();
  const editing = !!channel;

  const save = useMutation({
    mutationFn: (f: ChannelForm) =>
      channel
        ? client.notifications.updateChannel.mutate({ id: channel.id, patch: patchBody(f, version) })
        : client.notifications.createChannel.mutate({ channel: createBody(f) }),
    onMutate: () => setConflict(undefined),
    onSuccess: () => {
      void refresh();
      onDone();
    },
    onError: (err) => {
      const current = staleCurrent<ChannelRecord>(err);
      if (current) {
        setConflict(current);
        setVersion(current.version);
        void refresh();
      }
    },
  });

  const set = <K extends keyof ChannelForm>(key: K, value: ChannelForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found = validateForm(form, editing);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(form);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {editing ? (
        <p className="text-sm text-muted">
          Kind: <strong className="text-fg">{KIND_LABEL[form.kind]}</strong> (to change it, create a new channel)
        </p>
      ) : (
        <div>
          <Label htmlFor="channel-kind">Kind</Label>
          <Select
            id="channel-kind"
            className="w-full"
            value={form.kind}
            onChange={(e) => (setForm((f) => ({ ...f, kind: e.target.value as ChannelKind })), setErrors({}))}
          >
            {(Object.keys(KIND_LABEL) as ChannelKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </Select>
        </div>
      )}
      <Field
        id="channel-name"
        label="Name"
        error={errors.name}
        value={form.name}
        onChange={(v) => set('name', v)}
        placeholder="e.g. SOC chat"
        autoFocus
      />
      <ChannelKindFields
        form={form}
        errors={errors}
        set={set}
        editing={editing}
        secretHint={channel?.secretHint}
        secretSet={channel?.secretSet ?? false}
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-[var(--accent)]"
          checked={form.enabled}
          onChange={(e) => set('enabled', e.target.checked)}
        />{' '}
        Enabled (alerts of routed rules are sent)
      </label>
      {conflict && (
        <div role="alert" className="rounded-md border border-accent/50 bg-panel-2 p-2.5 text-sm">
          Someone else saved this channel first (now version {conflict.version}: “{conflict.name}”,{' '}
          {conflict.enabled ? 'enabled' : 'disabled'}). Save again to apply your values over theirs, or Cancel to keep
          theirs.
        </div>
      )}
      {save.error && !conflict && <ErrorText error={save.error} />}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save channel' : 'Create channel'}
        </Button>
      </div>
    </form>
  );
}
