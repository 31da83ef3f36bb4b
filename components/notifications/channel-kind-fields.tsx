'use client';

import type { InputHTMLAttributes } from 'react';
import { Input, Label } from '../ui/input';
import type { ChannelForm, FieldErrors } from './channel-form-model';

/** A labelled input with its validation message wired up for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  value,
  onChange,
  ...rest
}: { id: string; label: string; error?: string; hint?: string; value: string; onChange: (v: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'id'
>) {
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={describedBy}
        {...rest}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

type Setter = <K extends keyof ChannelForm>(key: K, value: ChannelForm[K]) => void;

/** The fields of one kind: a URL (and bot name) for webhooks, the SMTP settings for email. */
export function ChannelKindFields({
  form,
  errors,
  set,
  editing,
  secretHint,
  secretSet,
}: {
  form: ChannelForm;
  errors: FieldErrors;
  set: Setter;
  editing: boolean;
  secretHint?: string;
  secretSet: boolean;
}) {
  if (form.kind !== 'email') {
    return (
      <>
        <Field
          id="channel-url"
          label="Webhook URL"
          type="url"
          autoComplete="off"
          error={errors.url}
          value={form.url}
          onChange={(v) => set('url', v)}
          placeholder={editing ? `unchanged (${secretHint || 'none stored'})` : 'https://hooks.example.com/services/…'}
          hint={
            editing
              ? 'Stored secret: only its origin is shown. Leave empty to keep it; type a new URL to replace it.'
              : form.kind === 'slack'
                ? 'The incoming-webhook URL from Slack or Mattermost. It is kept secret: after saving only its origin is shown.'
                : 'Picket POSTs {"alert": {…}, "text": "…"} as JSON. The URL is kept secret: after saving only its origin is shown.'
          }
        />
        {form.kind === 'slack' && (
          <Field
            id="channel-username"
            label="Bot name (optional)"
            error={errors.username}
            value={form.username}
            onChange={(v) => set('username', v)}
            placeholder="Picket"
          />
        )}
      </>
    );
  }
  return (
    <>
      <div className="grid grid-cols-[minmax(0,1fr)_7rem] gap-3">
        <Field
          id="channel-host"
          label="SMTP server"
          error={errors.host}
          value={form.host}
          onChange={(v) => set('host', v)}
          placeholder="smtp.example.org"
        />
        <Field
          id="channel-port"
          label="Port"
          inputMode="numeric"
          error={errors.port}
          value={form.port}
          onChange={(v) => set('port', v)}
        />
      </div>
      <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className="size-4 accent-[var(--accent)]"
            checked={form.secure}
            onChange={(e) => set('secure', e.target.checked)}
          />{' '}
          TLS from the start (port 465)
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            className="size-4 accent-[var(--accent)]"
            checked={form.ignoreTls}
            onChange={(e) => set('ignoreTls', e.target.checked)}
          />{' '}
          Do not use STARTTLS
        </label>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field
          id="channel-user"
          label="SMTP username (optional)"
          autoComplete="off"
          error={errors.user}
          value={form.user}
          onChange={(v) => set('user', v)}
        />
        <Field
          id="channel-password"
          label="SMTP password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          value={form.password}
          onChange={(v) => set('password', v)}
          placeholder={editing ? (secretSet ? 'unchanged (set)' : 'none stored') : 'optional'}
          hint={editing ? 'Leave empty to keep the stored password.' : undefined}
        />
      </div>
      <Field
        id="channel-from"
        label="From"
        type="email"
        error={errors.from}
        value={form.from}
        onChange={(v) => set('from', v)}
        placeholder="picket@example.org"
      />
      <Field
        id="channel-to"
        label="To (comma-separated)"
        error={errors.to}
        value={form.to}
        onChange={(v) => set('to', v)}
        placeholder="soc@example.org, oncall@example.org"
      />
    </>
  );
}
