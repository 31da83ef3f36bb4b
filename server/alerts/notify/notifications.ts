// Alert notifications of one process: channels (admin-managed), the notifier per kind, the sender.
import type { Db } from '../../db/drizzle.ts';
import type { Logger } from '../../logger.ts';
import { ChannelsService } from './channels-service.ts';
import { emailNotifier } from './email-notifier.ts';
import { OutboxSender, type SenderOptions } from './outbox-sender.ts';
import { slackNotifier, webhookJsonNotifier } from './webhook-notifiers.ts';

export interface Notifications {
  channels: ChannelsService;
  sender: OutboxSender;
}

export function createNotifications(db: Db, opts: SenderOptions, log: Logger): Notifications {
  const channels = new ChannelsService(db);
  const sender = new OutboxSender(db, channels, { webhook: webhookJsonNotifier, slack: slackNotifier, email: emailNotifier }, opts, log.child({ component: 'notify' }));
  return { channels, sender };
}
