// Drains the notification outbox. A row is claimed by setting status 'sending' with a lease
// (next_attempt_at in the future) under FOR UPDATE SKIP LOCKED, so several processes never send the
// same row at once; a process that dies mid-send leaves a lease that expires and the row is retried.
// Failures back off exponentially (base · 2^(attempt-1), capped at 1 h) until max attempts → failed.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alerts, notificationOutbox, rules } from '../../../db/schema.ts';
import type { OutageSink } from '../../db/database-health.ts';
import type { Db } from '../../db/drizzle.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelsService } from './channels-service.ts';
import type { AlertNotice, ChannelKind, Notifier } from './notifier.ts';

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;
const BATCH = 20;

export interface OutboxEntry {
  id: number;
  alertId: string;
  channelId: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface SenderOptions {
  baseMs: number;
  maxAttempts: number;
  /** How often due rows are looked for. */
  pollMs: number;
  /** Base of links to alerts in messages, e.g. https://picket.example.org; null: no link. */
  publicUrl: string | null;
}

export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}

export class OutboxSender {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly channels: ChannelsService,
    private readonly notifiers: Readonly<Record<ChannelKind, Notifier>>,
    private readonly opts: SenderOptions,
    private readonly log: Logger,
    private readonly outages?: OutageSink,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.drain(), this.opts.pollMs);
    this.timer.unref();
    void this.drain();
  }

  /** Stops polling and waits for an in-flight round (its rows end sent, pending or failed). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One round over everything due now; concurrent calls share the round in progress. */
  drain(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        while (!this.stopped) {
          const claimed = await this.claim();
          if (claimed.length === 0) break;
          for (const row of claimed) await this.deliver(row);
        }
      } catch (err) {
        if (!this.outages?.absorb(err)) this.log.error({ err }, 'notification round failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async claim(): Promise<Array<{ id: number; alert_id: string; channel_id: string; attempts: number }>> {
    const r = await this.db.execute<{ id: number; alert_id: string; channel_id: string; attempts: number }>(sql`
      UPDATE notification_outbox o
      SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + ${`${LEASE_MS} milliseconds`}::interval
      WHERE o.id IN (
        SELECT id FROM notification_outbox
        WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING o.id, o.alert_id, o.channel_id, o.attempts`);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }

  private async deliver(row: { id: number; alert_id: string; channel_id: string; attempts: number }): Promise<void> {
    const channel = await this.channels.target(row.channel_id);
    if (!channel || channel.deleted || !channel.enabled) {
      await this.finish(row.id, 'failed', 'channel deleted or disabled');
      return;
    }
    const notice = await this.notice(row.alert_id);
    if (!notice) {
      await this.finish(row.id, 'failed', 'alert not found');
      return;
    }
    try {
      await this.notifiers[channel.kind].send(notice, channel);
      await this.db
        .update(notificationOutbox)
        .set({ status: 'sent', sentAt: sql`now()`, lastError: null })
        .where(and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.status, 'sending')));
    } catch (err) {
      const reason = (err as Error).message.slice(0, 500);
      if (row.attempts >= this.opts.maxAttempts) {
        this.log.warn(
          { alertId: row.alert_id, channelId: row.channel_id, attempts: row.attempts, reason },
          'notification failed for good',
        );
        await this.finish(row.id, 'failed', reason);
      } else {
        const wait = backoffMs(row.attempts, this.opts.baseMs);
        await this.db
          .update(notificationOutbox)
          .set({
            status: 'pending',
            lastError: reason,
            nextAttemptAt: sql`now() + ${`${wait} milliseconds`}::interval`,
          })
          .where(eq(notificationOutbox.id, row.id));
      }
    }
  }

  private async finish(id: number, status: 'failed', reason: string): Promise<void> {
    await this.db.update(notificationOutbox).set({ status, lastError: reason }).where(eq(notificationOutbox.id, id));
  }

  private async notice(alertId: string): Promise<AlertNotice | null> {
    const [a] = await this.db
      .select({
        id: alerts.id,
        utctimestamp: alerts.utctimestamp,
        severity: alerts.severity,
        summary: alerts.summary,
        category: alerts.category,
        tags: alerts.tags,
        ruleId: alerts.ruleId,
        ruleName: rules.name,
        eventCount: alerts.eventCount,
      })
      .from(alerts)
      .leftJoin(rules, eq(rules.id, alerts.ruleId))
      .where(eq(alerts.id, alertId));
    if (!a) return null;
    return {
      ...a,
      utctimestamp: new Date(a.utctimestamp).toISOString(),
      url: this.opts.publicUrl ? `${this.opts.publicUrl.replace(/\/$/, '')}/alerts?id=${a.id}` : null,
    };
  }

  async list(filter: {
    status?: OutboxEntry['status'];
    alertId?: string;
    channelId?: string;
    size?: number;
  }): Promise<OutboxEntry[]> {
    const where: SQL[] = [];
    if (filter.status) where.push(eq(notificationOutbox.status, filter.status));
    if (filter.alertId) where.push(eq(notificationOutbox.alertId, filter.alertId));
    if (filter.channelId) where.push(eq(notificationOutbox.channelId, filter.channelId));
    const rows = await this.db
      .select()
      .from(notificationOutbox)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(notificationOutbox.id))
      .limit(filter.size ?? 100);
    return rows;
  }
}
