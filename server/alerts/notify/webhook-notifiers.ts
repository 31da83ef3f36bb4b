// Webhook notifiers: generic JSON (the alert in the public API's shape) and the Slack/Mattermost
// incoming-webhook format ({"text"}). The URL is the channel's secret: it often embeds a token.
// Each request carries Idempotency-Key <alert>:<channel>, so a receiver can drop the one duplicate a
// crash between "delivered" and "recorded as delivered" could cause.
// Requests go out through node:http(s) rather than fetch so the target check runs as the socket's
// DNS lookup (see outbound-guard.ts). Redirects are not followed: a 3xx is a failed delivery.
import http from 'node:http';
import https from 'node:https';
import { assertLiteralAllowed, ForbiddenTargetError, guardedLookup } from '../../net/outbound-guard.ts';
import { DeliveryError, noticeText, type AlertNotice, type ChannelTarget, type Notifier } from './notifier.ts';

const TIMEOUT_MS = 10_000;

export interface OutboundOptions {
  /** PICKET_NOTIFY_ALLOW_PRIVATE: targets may be loopback, private or link-local addresses. */
  allowPrivate: boolean;
}

async function post(url: string, body: unknown, idempotencyKey: string, opts: OutboundOptions): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DeliveryError('the webhook URL is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new DeliveryError('the webhook URL must be http or https');
  if (!opts.allowPrivate) assertLiteralAllowed(u.hostname);
  const payload = Buffer.from(JSON.stringify(body));
  const client = u.protocol === 'https:' ? https : http;
  await new Promise<void>((resolve, reject) => {
    const req = client.request(
      u,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(payload.length),
          'Idempotency-Key': idempotencyKey,
          'User-Agent': 'Picket',
        },
        lookup: opts.allowPrivate ? undefined : guardedLookup,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Drain the body so the connection can be reused.
        res.resume();
        res.on('error', (err) => reject(new DeliveryError(`request failed: ${err.message}`)));
        res.on('end', () =>
          status >= 200 && status < 300 ? resolve() : reject(new DeliveryError(`receiver answered ${status}`)),
        );
      },
    );
    req.on('error', (err) =>
      reject(err instanceof ForbiddenTargetError ? err : new DeliveryError(`request failed: ${err.message}`)),
    );
    req.end(payload);
  });
}

export function createWebhookNotifiers(opts: OutboundOptions): { webhook: Notifier; slack: Notifier } {
  return {
    webhook: {
      kind: 'webhook',
      send: (n: AlertNotice, ch: ChannelTarget) =>
        post(ch.secret, { alert: n, text: noticeText(n) }, `${n.id}:${ch.id}`, opts),
    },
    slack: {
      kind: 'slack',
      send: (n: AlertNotice, ch: ChannelTarget) => {
        const username = typeof ch.config.username === 'string' ? ch.config.username : 'Picket';
        return post(ch.secret, { text: noticeText(n), username }, `${n.id}:${ch.id}`, opts);
      },
    },
  };
}
