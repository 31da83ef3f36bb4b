import type pg from 'pg';
import type { Identity } from '../auth/permissions.ts';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface AuditEntry {
  actor: Identity | 'system';
  action: string;
  targetType?: string;
  targetId?: string;
  /** For edits: { field: [before, after] }; for creates: the new object without secrets. */
  diff?: unknown;
  ip?: string;
}

/** Appends one entry. Pass the transaction client of the change so both commit or neither does. */
export async function recordAudit(db: Queryable, e: AuditEntry): Promise<void> {
  const actor = e.actor === 'system' ? 'system' : `${e.actor.kind}:${e.actor.name}`;
  const actorType = e.actor === 'system' ? 'system' : e.actor.kind;
  await db.query(
    'INSERT INTO audit_log (actor, actor_type, action, target_type, target_id, diff, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [actor, actorType, e.action, e.targetType ?? null, e.targetId ?? null, e.diff === undefined ? null : JSON.stringify(e.diff), e.ip ?? null],
  );
}
