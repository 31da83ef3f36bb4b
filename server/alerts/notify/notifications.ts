// Alert notifications of one process: channels (admin-managed), the notifier per kind, the sender,
// the delivery log the admin screen reads, and test sends.
import type { OutageSink } from '../../db/database-health.ts';
import type { Db } from '../../db/drizzle.ts';
import type { Logger } from '../../logger.ts';
import { ChannelsService } from './channels-service.ts';
import { DeliveryLog } from './delivery-log.ts';
import { createEmailNotifier } from './email-notifier.ts';
import type { ChannelKind, Notifier } from './notifier.ts';
import { OutboxSender, type SenderOptions } from './outbox-sender.ts';
import { ChannelTester } from './test-send.ts';
import { createWebhookNotifiers, type OutboundOptions } from './webhook-notifiers.ts';

export interface Notifications {
  channels: ChannelsService;
  sender: OutboxSender;
  deliveries: DeliveryLog;
  tester: ChannelTester;
}

export function createNotifications(
  db: Db,
  opts: SenderOptions & OutboundOptions,
  log: Logger,
  outages?: OutageSink,
): Notifications {
  const channels = new ChannelsService(db);
  const notifiers: Record<ChannelKind, Notifier> = {
    ...createWebhookNotifiers(opts),
    email: createEmailNotifier(opts),
  };
  const notifyLog = log.child({ component: 'notify' });
  const sender = new OutboxSender(db, channels, notifiers, opts, notifyLog, outages);
  return {
    channels,
    sender,
    deliveries: new DeliveryLog(db),
    tester: new ChannelTester(db, channels, notifiers, opts.publicUrl, notifyLog),
  };
}
