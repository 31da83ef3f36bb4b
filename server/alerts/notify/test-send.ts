// "Send test": a sample alert through one channel right away, outside the outbox (there is no
// alert row, and an admin wants the receiver's answer now, not after a retry series). The outcome
// goes to the audit log either way: a test reaches an outside system with whatever the channel holds.
// The answer (and the audit entry) never carries the receiver's or the network's own words: echoed
// errors and banners would make "send test" a probe of whatever the target address is. The detail
// goes to the server log.
import crypto from 'node:crypto';
import { recordAudit } from '../../audit/audit-log.ts';
import type { Identity } from '../../auth/permissions.ts';
import type { Db } from '../../db/drizzle.ts';
import type { Logger } from '../../logger.ts';
import { ForbiddenTargetError } from '../../net/outbound-guard.ts';
import { ChannelError, type ChannelsService } from './channels-service.ts';
import type { AlertNotice, ChannelKind, Notifier } from './notifier.ts';

export interface TestSendResult {
  ok: boolean;
  /** Why it was not delivered, in Picket's words only (the detail is in the server log); null when delivered. */
  error: string | null;
  ms: number;
  at: string;
}

export const TEST_FAILED =
  'not delivered: the receiver refused it or could not be reached (the server log has the details)';
export const TEST_FORBIDDEN =
  'not delivered: the target is a loopback, private, link-local or reserved address (allowed only with PICKET_NOTIFY_ALLOW_PRIVATE=true)';

export function sampleNotice(channelName: string, publicUrl: string | null): AlertNotice {
  return {
    id: crypto.randomUUID(),
    utctimestamp: new Date().toISOString(),
    severity: 'INFO',
    summary: `Picket test notification for channel "${channelName}"`,
    category: 'test',
    tags: ['test'],
    ruleId: null,
    ruleName: null,
    eventCount: 0,
    url: publicUrl ? `${publicUrl.replace(/\/$/, '')}/admin/notifications` : null,
  };
}

export class ChannelTester {
  constructor(
    private readonly db: Db,
    private readonly channels: ChannelsService,
    private readonly notifiers: Readonly<Record<ChannelKind, Notifier>>,
    private readonly publicUrl: string | null,
    private readonly log: Logger,
  ) {}

  /** Disabled channels can be tested too: checking a channel before switching it on is the point. */
  async send(id: string, actor: Identity, ip?: string): Promise<TestSendResult> {
    const [target, view] = await Promise.all([this.channels.target(id), this.channels.get(id)]);
    if (!target || target.deleted || !view) throw new ChannelError('not_found', `no channel ${id}`);
    const started = performance.now();
    let error: string | null = null;
    try {
      await this.notifiers[target.kind].send(sampleNotice(view.name, this.publicUrl), target);
    } catch (err) {
      error = err instanceof ForbiddenTargetError ? TEST_FORBIDDEN : TEST_FAILED;
      this.log.warn(
        { channelId: id, kind: target.kind, err: (err as Error).message.slice(0, 500) },
        'test notification not delivered',
      );
    }
    const result: TestSendResult = {
      ok: error === null,
      error,
      ms: Math.round(performance.now() - started),
      at: new Date().toISOString(),
    };
    await recordAudit(this.db, {
      actor,
      action: 'notification_channel.test',
      targetType: 'notification_channel',
      targetId: id,
      diff: { result: result.ok ? 'sent' : 'failed', error, ms: result.ms },
      ip,
    });
    return result;
  }
}
