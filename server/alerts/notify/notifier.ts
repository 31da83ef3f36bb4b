// The notifier seam: one interface, one implementation per channel kind. A notifier only delivers;
// retries, backoff and "exactly one per alert and channel" live in the outbox (outbox-sender.ts).

import type { AlertRecord } from '../alerts-service.ts';

export type ChannelKind = 'webhook' | 'slack' | 'email';

/** What a notification says about an alert (the alert's own fields, plus a link when known). */
export type AlertNotice = Pick<
  AlertRecord,
  'id' | 'utctimestamp' | 'severity' | 'summary' | 'category' | 'tags' | 'ruleId' | 'ruleName' | 'eventCount'
> & {
  url: string | null;
};

/** A channel as a notifier needs it: non-secret settings and the secret (webhook URL or SMTP password). */
export interface ChannelTarget {
  id: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  secret: string;
}

export interface Notifier {
  readonly kind: ChannelKind;
  /** Resolves when the receiver accepted the notice; throws (with a short reason) otherwise. */
  send(notice: AlertNotice, channel: ChannelTarget): Promise<void>;
}

export class DeliveryError extends Error {}

/** Plain-text body shared by the formats. */
export function noticeText(n: AlertNotice): string {
  const lines = [
    `[${n.severity}] ${n.summary}`,
    `category: ${n.category}; events: ${n.eventCount}${n.ruleName ? `; rule: ${n.ruleName}` : ''}`,
  ];
  if (n.tags.length) lines.push(`tags: ${n.tags.join(', ')}`);
  if (n.url) lines.push(n.url);
  return lines.join('\n');
}
