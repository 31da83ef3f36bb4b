// The channel dialog's form as plain data: what it starts from, what is wrong with it (messages
// per field, before anything is sent), and the create body or versioned patch it becomes. The
// server validates again; its message is shown when it disagrees.
import type { Channel, ChannelKind } from './channel-types';

export interface ChannelForm {
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  /** Webhook/Slack URL; empty on edit means "keep the stored one". */
  url: string;
  /** Slack/Mattermost display name. */
  username: string;
  host: string;
  port: string;
  secure: boolean;
  ignoreTls: boolean;
  user: string;
  /** SMTP password; empty on edit means "keep the stored one". */
  password: string;
  from: string;
  to: string;
}

export type FieldErrors = Partial<Record<keyof ChannelForm, string>>;

export function emptyForm(kind: ChannelKind = 'webhook'): ChannelForm {
  return {
    kind,
    name: '',
    enabled: true,
    url: '',
    username: '',
    host: '',
    port: '25',
    secure: false,
    ignoreTls: false,
    user: '',
    password: '',
    from: '',
    to: '',
  };
}

/** An existing channel's form: its settings, never its secret (the API does not have it to give). */
export function formOf(c: Channel): ChannelForm {
  const cfg = c.config as {
    username?: string;
    host?: string;
    port?: number;
    secure?: boolean;
    ignoreTls?: boolean;
    user?: string;
    from?: string;
    to?: string[];
  };
  return {
    ...emptyForm(c.kind),
    name: c.name,
    enabled: c.enabled,
    username: cfg.username ?? '',
    host: cfg.host ?? '',
    port: String(cfg.port ?? 25),
    secure: cfg.secure ?? false,
    ignoreTls: cfg.ignoreTls ?? false,
    user: cfg.user ?? '',
    from: cfg.from ?? '',
    to: (cfg.to ?? []).join(', '),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const splitRecipients = (s: string): string[] =>
  s
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function httpUrlProblem(s: string): string | null {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'Must start with http:// or https://';
  } catch {
    return 'Not a URL: e.g. https://hooks.example.com/services/…';
  }
}

/** Problems per field; `editing` allows an empty URL/password (the stored one stays). */
export function validateForm(f: ChannelForm, editing: boolean): FieldErrors {
  const e: FieldErrors = {};
  if (!f.name.trim()) e.name = 'Give the channel a name.';
  else if (f.name.trim().length > 200) e.name = 'At most 200 characters.';
  if (f.kind !== 'email') {
    if (!f.url.trim()) {
      if (!editing) e.url = 'The webhook URL is required.';
    } else {
      const p = httpUrlProblem(f.url.trim());
      if (p) e.url = p;
    }
    if (f.username.length > 100) e.username = 'At most 100 characters.';
    return e;
  }
  if (!f.host.trim()) e.host = 'The SMTP server is required, e.g. smtp.example.org.';
  const port = Number(f.port);
  if (!/^\d+$/.test(f.port.trim()) || port < 1 || port > 65535)
    e.port = 'A port from 1 to 65535 (25, 465 or 587 usually).';
  if (!EMAIL.test(f.from.trim())) e.from = 'A sender address, e.g. picket@example.org.';
  const to = splitRecipients(f.to);
  if (to.length === 0) e.to = 'At least one recipient.';
  else if (to.length > 50) e.to = 'At most 50 recipients.';
  else {
    const bad = to.find((a) => !EMAIL.test(a));
    if (bad) e.to = `Not an email address: ${bad}`;
  }
  return e;
}

function config(f: ChannelForm): Record<string, unknown> {
  if (f.kind === 'webhook') return {};
  if (f.kind === 'slack') return f.username.trim() ? { username: f.username.trim() } : {};
  return {
    host: f.host.trim(),
    port: Number(f.port),
    secure: f.secure,
    ignoreTls: f.ignoreTls,
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    from: f.from.trim(),
    to: splitRecipients(f.to),
  };
}

/** POST /notification-channels body. */
export function createBody(f: ChannelForm): Record<string, unknown> {
  const base = { kind: f.kind, name: f.name.trim(), enabled: f.enabled, config: config(f) };
  return f.kind === 'email' ? { ...base, password: f.password } : { ...base, url: f.url.trim() };
}

/** PATCH /notification-channels/{id} body: the secret only when a new one was typed. */
export function patchBody(f: ChannelForm, version: number): Record<string, unknown> {
  const patch: Record<string, unknown> = { version, name: f.name.trim(), enabled: f.enabled, config: config(f) };
  if (f.kind === 'email' && f.password !== '') patch.password = f.password;
  if (f.kind !== 'email' && f.url.trim() !== '') patch.url = f.url.trim();
  return patch;
}
