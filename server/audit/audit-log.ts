import { auditLog } from '../../db/schema.ts';
import type { Identity } from '../auth/permissions.ts';
import type { DbOrTx } from '../db/drizzle.ts';

/** An alert rule acting on its own (its alert actions): recorded as `rule:<name>`, actor type system. */
export interface RuleActor {
  kind: 'rule';
  id: string;
  name: string;
}

export type AuditActor = Identity | RuleActor | 'system';

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  targetType?: string;
  targetId?: string;
  /** For edits: { field: [before, after] }; for creates: the new object without secrets. */
  diff?: unknown;
  ip?: string;
}

export function actorName(actor: AuditActor): string {
  return actor === 'system' ? 'system' : `${actor.kind}:${actor.name}`;
}

/** Appends one entry. Pass the transaction of the change so both commit or neither does. */
export async function recordAudit(db: DbOrTx, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: actorName(e.actor),
    actorType: e.actor === 'system' || e.actor.kind === 'rule' ? 'system' : e.actor.kind,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    diff: e.diff ?? null,
    ip: e.ip ?? null,
  });
}
