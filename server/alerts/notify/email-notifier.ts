// Email over SMTP (nodemailer). config: host, port, secure (TLS from the start), user, from, to;
// the channel secret is the SMTP password. The message is plain text: summaries are event data.
import nodemailer from 'nodemailer';
import { DeliveryError, noticeText, type AlertNotice, type ChannelTarget, type Notifier } from './notifier.ts';

export const emailNotifier: Notifier = {
  kind: 'email',
  async send(n: AlertNotice, ch: ChannelTarget) {
    const c = ch.config as { host?: string; port?: number; secure?: boolean; user?: string; from?: string; to?: string[] | string; ignoreTls?: boolean };
    const transport = nodemailer.createTransport({
      host: c.host,
      port: c.port ?? 25,
      secure: c.secure ?? false,
      ignoreTLS: c.ignoreTls ?? false,
      auth: c.user ? { user: c.user, pass: ch.secret } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
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
