// Notification channels an admin manages. Secrets (webhook URLs, SMTP passwords) are stored and
// used, but every answer shows only a hint (the URL's origin, or that a password is set).
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notificationChannels } from '../../../db/schema.ts';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Identity } from '../../auth/permissions.ts';
import type { Db } from '../../db/drizzle.ts';
import type { ChannelKind, ChannelTarget } from './notifier.ts';
import { AppError } from '../../errors/app-error.ts';

export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  enabled: boolean;
  version: number;
  secretSet: boolean;
  /** e.g. "https://hooks.example.com/…" or "••••••" — never the secret itself. */
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

export class ChannelError extends AppError<'bad_request' | 'not_found' | 'version_conflict'> {
  constructor(
    code: 'bad_request' | 'not_found' | 'version_conflict',
    message: string,
    readonly current?: ChannelView,
  ) {
    super(code, message, current === undefined ? {} : { details: { current } });
  }
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const webhookConfig = z.strictObject({ username: z.string().max(100).optional() });
const emailConfig = z.strictObject({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(25),
  secure: z.boolean().default(false),
  ignoreTls: z.boolean().default(false),
  user: z.string().max(255).optional(),
  from: z.email(),
  to: z.array(z.email()).min(1).max(50),
});

const common = { name: z.string().trim().min(1).max(200), enabled: z.boolean().default(true) };
export const channelCreateInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), ...common, url: httpUrl, config: webhookConfig.default({}) }),
  z.strictObject({ kind: z.literal('slack'), ...common, url: httpUrl, config: webhookConfig.default({}) }),
  z.strictObject({
    kind: z.literal('email'),
    ...common,
    password: z.string().max(1000).default(''),
    config: emailConfig,
  }),
]);
export const channelUpdateInput = z.strictObject({
  version: z.number().int().min(1),
  name: common.name.optional(),
  enabled: z.boolean().optional(),
  /** Omitted: the stored secret stays. */
  url: httpUrl.optional(),
  password: z.string().max(1000).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

type Row = typeof notificationChannels.$inferSelect;

function hint(kind: ChannelKind, secret: string): string {
  if (secret === '') return '';
  if (kind === 'email') return '••••••';
  try {
    return `${new URL(secret).origin}/…`;
  } catch {
    return '••••••';
  }
}

function toView(r: Row): ChannelView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    config: r.config,
    enabled: r.enabled,
    version: r.version,
    secretSet: r.secret !== '',
    secretHint: hint(r.kind, r.secret),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function issues(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export class ChannelsService {
  constructor(private readonly db: Db) {}

  async list(): Promise<ChannelView[]> {
    const rows = await this.db
      .select()
      .from(notificationChannels)
      .where(isNull(notificationChannels.deletedAt))
      .orderBy(asc(notificationChannels.name));
    return rows.map(toView);
  }

  async get(id: string): Promise<ChannelView | null> {
    const [r] = await this.db
      .select()
      .from(notificationChannels)
      .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)));
    return r ? toView(r) : null;
  }

  /** With the secret: for the sender only, never for an API answer. */
  async target(id: string): Promise<(ChannelTarget & { enabled: boolean; deleted: boolean }) | null> {
    const [r] = await this.db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
    return r
      ? {
          id: r.id,
          kind: r.kind,
          config: r.config,
          secret: r.secret,
          enabled: r.enabled,
          deleted: r.deletedAt !== null,
        }
      : null;
  }

  async create(raw: unknown, actor: Identity, ip?: string): Promise<ChannelView> {
    const p = channelCreateInput.safeParse(raw);
    if (!p.success) throw new ChannelError('bad_request', issues(p.error));
    const input = p.data;
    const secret = input.kind === 'email' ? input.password : input.url;
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(notificationChannels)
        .values({ name: input.name, kind: input.kind, config: input.config, secret, enabled: input.enabled })
        .returning();
      const view = toView(row);
      await recordAudit(tx, {
        actor,
        action: 'notification_channel.create',
        targetType: 'notification_channel',
        targetId: row.id,
        diff: view,
        ip,
      });
      return view;
    });
  }

  async update(id: string, raw: unknown, actor: Identity, ip?: string): Promise<ChannelView> {
    const p = channelUpdateInput.safeParse(raw);
    if (!p.success) throw new ChannelError('bad_request', issues(p.error));
    const input = p.data;
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(notificationChannels)
        .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)))
        .for('update');
      if (!row) throw new ChannelError('not_found', `no channel ${id}`);
      if (row.version !== input.version)
        throw new ChannelError('version_conflict', `channel ${id} changed (now version ${row.version})`, toView(row));
      let config = row.config;
      if (input.config) {
        const schema = row.kind === 'email' ? emailConfig : webhookConfig;
        const c = schema.safeParse(input.config);
        if (!c.success) throw new ChannelError('bad_request', issues(c.error));
        config = c.data;
      }
      if (input.url !== undefined && row.kind === 'email')
        throw new ChannelError('bad_request', 'url: email channels take a password, not a url');
      if (input.password !== undefined && row.kind !== 'email')
        throw new ChannelError('bad_request', 'password: webhook channels take a url');
      const secret = input.url ?? input.password ?? row.secret;
      const [after] = await tx
        .update(notificationChannels)
        .set({
          name: input.name ?? row.name,
          enabled: input.enabled ?? row.enabled,
          config,
          secret,
          version: row.version + 1,
          updatedAt: sql`now()`,
        })
        .where(eq(notificationChannels.id, id))
        .returning();
      const before = toView(row);
      const now = toView(after);
      const diff: Record<string, [unknown, unknown]> = {};
      for (const k of ['name', 'enabled', 'config', 'version', 'secretHint'] as const) {
        if (JSON.stringify(before[k]) !== JSON.stringify(now[k])) diff[k] = [before[k], now[k]];
      }
      if (secret !== row.secret) diff.secret = ['(previous)', '(changed)'];
      await recordAudit(tx, {
        actor,
        action: 'notification_channel.update',
        targetType: 'notification_channel',
        targetId: id,
        diff,
        ip,
      });
      return now;
    });
  }

  async remove(id: string, version: number | undefined, actor: Identity, ip?: string): Promise<ChannelView> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(notificationChannels)
        .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)))
        .for('update');
      if (!row) throw new ChannelError('not_found', `no channel ${id}`);
      if (version !== undefined && row.version !== version)
        throw new ChannelError('version_conflict', `channel ${id} changed (now version ${row.version})`, toView(row));
      const [after] = await tx
        .update(notificationChannels)
        .set({ deletedAt: sql`now()`, version: row.version + 1, updatedAt: sql`now()` })
        .where(eq(notificationChannels.id, id))
        .returning();
      await recordAudit(tx, {
        actor,
        action: 'notification_channel.remove',
        targetType: 'notification_channel',
        targetId: id,
        diff: { deleted: [false, true], version: [row.version, after.version] },
        ip,
      });
      return toView(after);
    });
  }
}
