import type { Identity } from '../auth/permissions.ts';
import type { DbOrTx } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import { recordAudit } from './audit-log.ts';

export interface DeniedAttempt {
  identity: Identity;
  /** 'route' for REST (`POST /api/v1/users`), 'procedure' for tRPC (`settings.update`). */
  targetType: 'route' | 'procedure';
  targetId: string;
  reason: string;
  ip?: string;
}

/**
 * A refused mutation (403) is recorded so an admin sees forged or probing attempts. Only
 * changes are recorded: a role that cannot read a list is routine UI traffic and would flood
 * the log. There is no change to share a transaction with, so this is its own insert; a failure
 * to record is logged and never turns the 403 into a 500.
 */
export async function recordDenied(db: DbOrTx, log: Logger, a: DeniedAttempt): Promise<void> {
  try {
    await recordAudit(db, {
      actor: a.identity,
      action: 'access.denied',
      targetType: a.targetType,
      targetId: a.targetId,
      diff: { reason: a.reason },
      ip: a.ip || undefined,
    });
  } catch (err) {
    log.error({ err, target: a.targetId }, 'could not record a denied attempt in the audit log');
  }
}
