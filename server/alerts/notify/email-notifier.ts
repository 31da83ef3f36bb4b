// Email over SMTP (nodemailer). config: host, port, secure (TLS from the start), user, from, to;
// the channel secret is the SMTP password. The message is plain text: summaries are event data.
// Unless private targets are allowed, the host is resolved and checked here and nodemailer connects
// to that checked address (TLS still verifies the certificate against the host name).
import net from 'node:net';
import nodemailer from 'nodemailer';
import { ForbiddenTargetError, resolveAllowed } from '../../net/outbound-guard.ts';
import { DeliveryError, noticeText, type AlertNotice, type ChannelTarget, type Notifier } from './notifier.ts';
import type { OutboundOptions } from './webhook-notifiers.ts';

type SmtpConfig = {
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  from?: string;
  to?: string[] | string;
  ignoreTls?: boolean;
};

async function connectAddress(
  host: string | undefined,
  opts: OutboundOptions,
): Promise<{ host: string; servername?: string }> {
  // Without a host nodemailer would pick localhost.
  if (!host) throw new DeliveryError('smtp: the channel names no SMTP server');
  if (opts.allowPrivate) return { host };
  try {
    const address = await resolveAllowed(host);
    return { host: address, servername: net.isIP(host) ? undefined : host };
  } catch (err) {
    if (err instanceof ForbiddenTargetError) throw err;
    throw new DeliveryError(`smtp: ${(err as Error).message}`);
  }
}

export function createEmailNotifier(opts: OutboundOptions): Notifier {
  return {
    kind: 'email',
    async send(n: AlertNotice, ch: ChannelTarget) {
      const c = ch.config as SmtpConfig;
      const target = await connectAddress(c.host, opts);
      const transport = nodemailer.createTransport({
        host: target.host,
        servername: target.servername,
        port: c.port ?? 25,
        secure: c.secure ?? false,
        ignoreTLS: c.ignoreTls ?? false,
        auth: c.user ? { user: c.user, pass: ch.secret } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      } as nodemailer.TransportOptions);
      try {
        await transport.sendMail({
          from: c.from ?? 'picket@localhost',
          to: c.to,
          subject: `[Picket ${n.severity}] ${n.summary.replace(/[\r\n]+/g, ' ').slice(0, 200)}`,
          text: noticeText(n),
          headers: { 'X-Picket-Alert': n.id },
        });
      } catch (err) {
        throw new DeliveryError(`smtp: ${(err as Error).message}`);
      } finally {
        transport.close();
      }
    },
  };
}
