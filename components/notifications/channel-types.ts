// Shapes the notification admin screen reads, inferred from the tRPC notifications router.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

type Out = inferRouterOutputs<AppRouter>['notifications'];

export type Channel = Out['channels'][number];
export type ChannelKind = Channel['kind'];
/** A channel as stored (what a save returns, and a version conflict's current record): without its usage. */
export type ChannelRecord = Out['updateChannel'];
export type DeliveryPage = Out['channelDeliveries'];
export type DeliveryRow = DeliveryPage['deliveries'][number];
export type DeliveryStatus = DeliveryRow['status'];
export type TestSendResult = Out['testChannel'];

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
