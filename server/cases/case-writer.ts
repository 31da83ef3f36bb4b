// Every case mutation goes through here: one transaction with the case row locked, the case version
// bumped (children included, so the bus always carries a newer version), the audit entry written in
// that same transaction, and the change published on the bus only after commit.
import { eq, sql } from 'drizzle-orm';
import { cases } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import type { EventStore } from '../store/event-store.ts';
import { CaseError, type CaseKind, KIND_TOPIC } from './case-model.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type CaseRow = typeof cases.$inferSelect;
export type CaseSet = Partial<typeof cases.$inferInsert>;

export interface CaseDeps {
  db: Db;
  bus: Bus;
  store: EventStore;
  log: Logger;
  /** Largest file accepted as evidence (streamed uploads; JSON ones are capped lower). */
  maxEvidenceBytes: number;
  /** Where streamed uploads are spooled while they arrive (the data dir's uploads/). */
  uploadDir?: string;
}

/** Who is acting, for attribution and the audit log. */
export interface Actor {
  identity: Identity | 'system';
  ip?: string;
}

export function actorLabel(actor: Actor): string {
  return actor.identity === 'system' ? 'system' : `${actor.identity.kind}:${actor.identity.name}`;
}

/** The acting user's id, when a signed-in user (not a token) acts. */
export function actorUserId(actor: Actor): string | null {
  return actor.identity !== 'system' && actor.identity.kind === 'user' ? actor.identity.id : null;
}

export type ChangeOutcome<T> =
  | { noop: true; result: T }
  | { noop?: false; result: T; diff: unknown; set?: CaseSet; action: string };

export class CaseWriter {
  constructor(readonly deps: CaseDeps) {}

  /**
   * Locks the case, lets `fn` write, then bumps the case version, audits as `<kind>.<action>` with
   * `diff`, commits and publishes. A no-op writes nothing and publishes nothing.
   */
  async change<T>(
    caseId: string,
    kind: CaseKind | undefined,
    actor: Actor,
    fn: (tx: Tx, row: CaseRow, nextVersion: number) => Promise<ChangeOutcome<T>>,
  ): Promise<T> {
    let published: { kind: CaseKind; version: number } | undefined;
    const result = await this.deps.db
      .transaction(async (tx) => {
        const row = await lockCase(tx, caseId, kind);
        const next = row.version + 1;
        const out = await fn(tx, row, next);
        if (out.noop) return out.result;
        await tx
          .update(cases)
          .set({ ...out.set, version: next, updatedAt: sql`now()` })
          .where(eq(cases.id, caseId));
        await this.audit(tx, actor, `${row.kind}.${out.action}`, row.kind, caseId, out.diff);
        published = { kind: row.kind, version: next };
        return out.result;
      })
      .catch((err: unknown) => (err instanceof CaseError ? Promise.reject(err) : mapDbError(err)));
    if (published) this.publish(published.kind, caseId, published.version);
    return result;
  }

  audit(tx: Tx, actor: Actor, action: string, kind: CaseKind, caseId: string, diff: unknown): Promise<void> {
    return recordAudit(tx, { actor: actor.identity, action, targetType: kind, targetId: caseId, diff, ip: actor.ip });
  }

  /** After commit only: a failed publish must not turn a committed change into an error for the caller. */
  publish(kind: CaseKind, id: string, version: number): void {
    this.deps.bus
      .publish({ topic: KIND_TOPIC[kind], id, version })
      .catch((err: unknown) => this.deps.log.error({ err, id }, 'publishing a case change failed'));
  }
}

export async function lockCase(tx: Tx, caseId: string, kind: CaseKind | undefined): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!row || (kind && row.kind !== kind)) throw new CaseError('not_found', `no ${kind ?? 'case'} ${caseId}`);
  return row;
}

/** Postgres foreign-key and check violations surface as 400s, not 500s. */
export function mapDbError(err: unknown): never {
  const code = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
  if (code === '23503') throw new CaseError('bad_request', 'a referenced user, case or evidence does not exist');
  if (code === '23514') throw new CaseError('bad_request', 'a value is out of the allowed range');
  // Postgres text cannot hold NUL characters (attacker-supplied text sometimes does).
  if (code === '22021' || code === '22P05') throw new CaseError('bad_request', 'text must not contain NUL characters');
  throw err;
}
