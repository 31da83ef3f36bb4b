// Webhook notifiers: generic JSON (the alert in the public API's shape) and the Slack/Mattermost
// incoming-webhook format ({"text"}). The URL is the channel's secret: it often embeds a token.
// Each request carries Idempotency-Key <alert>:<channel>, so a receiver can drop the one duplicate a
// crash between "delivered" and "recorded as delivered" could cause.
import { DeliveryError, noticeText, type AlertNotice, type ChannelTarget, type Notifier } from './notifier.ts';

const TIMEOUT_MS = 10_000;

async function post(url: string, body: unknown, idempotencyKey: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey, 'User-Agent': 'Picket' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    throw new DeliveryError(`request failed: ${(err as Error).message}`);
  }
  // Drain the body so the connection can be reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new DeliveryError(`receiver answered ${res.status}`);
}

export const webhookJsonNotifier: Notifier = {
  kind: 'webhook',
  send: (n: AlertNotice, ch: ChannelTarget) => post(ch.secret, { alert: n, text: noticeText(n) }, `${n.id}:${ch.id}`),
};

export const slackNotifier: Notifier = {
  kind: 'slack',
  send: (n: AlertNotice, ch: ChannelTarget) => {
    const username = typeof ch.config.username === 'string' ? ch.config.username : 'Picket';
    return post(ch.secret, { text: noticeText(n), username }, `${n.id}:${ch.id}`);
  },
};
