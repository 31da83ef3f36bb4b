// The durable notification outbox: rows are written with the alert (same transaction) and are
// unique per (alert, channel), so an alert notifies each channel at most once whatever retries,
// restarts or duplicate writes happen. The sender (outbox-sender.ts) drains it.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/drizzle.ts';

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
