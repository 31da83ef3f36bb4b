// The durable notification outbox: rows are written with the alert (same transaction) and are
// unique per (alert, channel), so an alert notifies each channel at most once whatever retries,
// restarts or duplicate writes happen. The sender (outbox-sender.ts) drains it.
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/drizzle.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queues [alertId, channelId] pairs; channels that are deleted, disabled or unknown are skipped. */
export async function enqueueNotifications(tx: DbOrTx, pairs: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const ok = pairs.filter(([a, c]) => UUID.test(a) && UUID.test(c));
  if (ok.length === 0) return;
  // Validated UUIDs only, so the array literals cannot carry anything else.
  const alertIds = `{${ok.map((p) => p[0]).join(',')}}`;
  const channelIds = `{${ok.map((p) => p[1]).join(',')}}`;
  await tx.execute(sql`
    INSERT INTO notification_outbox (alert_id, channel_id)
    SELECT t.a, t.c FROM unnest(${alertIds}::uuid[], ${channelIds}::uuid[]) AS t(a, c)
    JOIN notification_channels ch ON ch.id = t.c AND ch.deleted_at IS NULL AND ch.enabled
    ON CONFLICT (alert_id, channel_id) DO NOTHING`);
}

/**
 * Rows still to send, by status, for the metrics scrape: the partial index on unsent rows answers
 * it without touching sent history, and a time limit keeps a busy database from stalling a scrape.
 */
export async function outboxDepth(db: Db, timeoutMs = 2000): Promise<Record<'pending' | 'sending', number>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`));
    const result = await tx.execute<{ status: string; n: number }>(sql`
      SELECT status, count(*)::int AS n FROM notification_outbox
      WHERE status IN ('pending', 'sending') GROUP BY status`);
    const depth = { pending: 0, sending: 0 };
    for (const r of result.rows) if (r.status === 'pending' || r.status === 'sending') depth[r.status] = r.n;
    return depth;
  });
}
