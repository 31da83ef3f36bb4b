// What the admin screen shows about channels beyond their settings: which rules route to each, the
// last delivery, a channel's outbox rows page by page (with the alert they are about), and "retry
// now" for a failed row. Reads only notification_outbox/rules/alerts; the sender does the sending.
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Identity } from '../../auth/permissions.ts';
import type { Db } from '../../db/drizzle.ts';
import type { ChannelView } from './channels-service.ts';
import type { OutboxEntry } from './outbox-sender.ts';
import { AppError } from '../../errors/app-error.ts';

export type DeliveryStatus = OutboxEntry['status'];

export interface RoutedRule {
  id: string;
  name: string;
  enabled: boolean;
}

export interface LastDelivery {
  id: number;
  status: DeliveryStatus;
  /** When it was sent, or queued when not sent (yet). */
  at: string;
  lastError: string | null;
}

export type ChannelWithUsage = ChannelView & { rules: RoutedRule[]; lastDelivery: LastDelivery | null };

export interface DeliveryRow extends OutboxEntry {
  alert: { summary: string; severity: string; utctimestamp: string } | null;
}

export interface DeliveryPage {
  deliveries: DeliveryRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** not_found, or conflict: the delivery is not in a state that allows it (only failed ones are retried). */
export class DeliveryLogError extends AppError<'not_found' | 'conflict'> {}

const iso = (v: unknown): string => new Date(v as string).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

type OutboxSqlRow = {
  id: string | number;
  alert_id: string;
  channel_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  summary: string | null;
  severity: string | null;
  utctimestamp: string | null;
};

/** An outbox row with the alert it is about (gone when the alert was deleted); filters follow. */
const ROW_SELECT = sql`SELECT o.*, a.summary, a.severity, a.utctimestamp FROM notification_outbox o LEFT JOIN alerts a ON a.id = o.alert_id`;

function toRow(r: OutboxSqlRow): DeliveryRow {
  return {
    id: Number(r.id),
    alertId: r.alert_id,
    channelId: r.channel_id,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    lastError: r.last_error,
    sentAt: isoOrNull(r.sent_at),
    createdAt: iso(r.created_at),
    alert:
      r.summary === null ? null : { summary: r.summary, severity: r.severity ?? '', utctimestamp: iso(r.utctimestamp) },
  };
}

export class DeliveryLog {
  constructor(private readonly db: Db) {}

  /** Each channel with the (not deleted) rules whose `notify` names it and its newest outbox row. */
  async withUsage(channels: ChannelView[]): Promise<ChannelWithUsage[]> {
    if (channels.length === 0) return [];
    const ids = channels.map((c) => c.id);
    const [routed, last] = await Promise.all([
      this.db.execute<{ channel_id: string; id: string; name: string; enabled: boolean }>(sql`
        SELECT n.channel_id, r.id, r.name, r.enabled
        FROM rules r
        CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.definition->'notify') = 'array' THEN r.definition->'notify' ELSE '[]'::jsonb END) AS n(channel_id)
        WHERE r.deleted_at IS NULL
        ORDER BY r.name`),
      this.db.execute<{
        channel_id: string;
        id: string;
        status: DeliveryStatus;
        at: string;
        last_error: string | null;
      }>(sql`
        SELECT c.id AS channel_id, o.id, o.status, coalesce(o.sent_at, o.created_at) AS at, o.last_error
        FROM unnest(${`{${ids.join(',')}}`}::uuid[]) AS c(id)
        CROSS JOIN LATERAL (SELECT * FROM notification_outbox WHERE channel_id = c.id ORDER BY id DESC LIMIT 1) o`),
    ]);
    const rules = new Map<string, RoutedRule[]>();
    for (const r of routed.rows) {
      const list = rules.get(r.channel_id) ?? [];
      list.push({ id: r.id, name: r.name, enabled: r.enabled });
      rules.set(r.channel_id, list);
    }
    const lastBy = new Map(
      last.rows.map((r) => [
        r.channel_id,
        { id: Number(r.id), status: r.status, at: iso(r.at), lastError: r.last_error } satisfies LastDelivery,
      ]),
    );
    return channels.map((c) => ({ ...c, rules: rules.get(c.id) ?? [], lastDelivery: lastBy.get(c.id) ?? null }));
  }

  /** A channel's outbox rows, newest first, `size` per page; `before` is the previous page's nextBefore. */
  async page(
    channelId: string,
    opts: { status?: DeliveryStatus; before?: number; size: number },
  ): Promise<DeliveryPage> {
    const r = await this.db.execute<OutboxSqlRow>(sql`
      ${ROW_SELECT}
      WHERE o.channel_id = ${channelId}
        ${opts.status ? sql`AND o.status = ${opts.status}` : sql``}
        ${opts.before !== undefined ? sql`AND o.id < ${opts.before}` : sql``}
      ORDER BY o.id DESC
      LIMIT ${opts.size + 1}`);
    const rows = r.rows.slice(0, opts.size).map(toRow);
    return { deliveries: rows, nextBefore: r.rows.length > opts.size ? rows[rows.length - 1].id : null };
  }

  /**
   * Puts a failed row back in the queue, due now: one more attempt (attempts are kept, so a row
   * already at the maximum fails again at once rather than starting a new backoff series).
   */
  async retry(id: number, actor: Identity, ip?: string): Promise<DeliveryRow> {
    return this.db.transaction(async (tx) => {
      const cur = await tx.execute<{ status: DeliveryStatus }>(
        sql`SELECT status FROM notification_outbox WHERE id = ${id} FOR UPDATE`,
      );
      const status = cur.rows[0]?.status;
      if (!status) throw new DeliveryLogError('not_found', `no delivery ${id}`);
      if (status !== 'failed')
        throw new DeliveryLogError('conflict', `delivery ${id} is ${status}: only failed deliveries can be retried`);
      await tx.execute(
        sql`UPDATE notification_outbox SET status = 'pending', next_attempt_at = now() WHERE id = ${id}`,
      );
      const r = await tx.execute<OutboxSqlRow>(sql`${ROW_SELECT} WHERE o.id = ${id}`);
      const row = toRow(r.rows[0]);
      await recordAudit(tx, {
        actor,
        action: 'notification_delivery.retry',
        targetType: 'notification_delivery',
        targetId: String(id),
        diff: { status: ['failed', 'pending'], channelId: row.channelId, alertId: row.alertId },
        ip,
      });
      return row;
    });
  }
}
