// Shapes of the notification REST answers the admin screen reads (server/http/v1/notification*-routes.ts).
import type { ChannelWithUsage, DeliveryPage, DeliveryRow, DeliveryStatus } from '@/server/alerts/notify/delivery-log';
import type { TestSendResult } from '@/server/alerts/notify/test-send';

export type Channel = ChannelWithUsage;
export type ChannelKind = Channel['kind'];
export type { DeliveryPage, DeliveryRow, DeliveryStatus, TestSendResult };

export const KIND_LABEL: Record<ChannelKind, string> = {
  webhook: 'Webhook (JSON)',
  slack: 'Slack / Mattermost',
  email: 'Email (SMTP)',
};

export const STATUS_TONE: Record<DeliveryStatus, 'ok' | 'danger' | 'accent' | 'neutral'> = {
  sent: 'ok',
  failed: 'danger',
  pending: 'accent',
  sending: 'accent',
};

/** Where a channel sends, without its secret: the URL's origin, or the SMTP server and recipients. */
export function targetText(c: Channel): string {
  if (c.kind !== 'email') return c.secretHint || '(no URL)';
  const cfg = c.config as { host?: string; port?: number; to?: string[] };
  return `${(cfg.to ?? []).join(', ')} via ${cfg.host ?? '?'}:${cfg.port ?? 25}`;
}
