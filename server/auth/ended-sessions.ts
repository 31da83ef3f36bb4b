import { eq, lt, sql } from 'drizzle-orm';
import { endedSessions } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/drizzle.ts';
import type { Identity } from './permissions.ts';

/** Sessions ended by signing out; their cookies are refused even though still signed and unexpired. */
export class EndedSessions {
  constructor(private readonly db: Db) {}

  async end(sid: string, actor: Identity, expiresAtS: number | undefined): Promise<void> {
    // Without an expiry in the token keep the row for the longest a session can live.
    const expiresAt = new Date((expiresAtS ?? Date.now() / 1000 + 24 * 3600) * 1000).toISOString();
    await this.db.transaction(async (tx) => {
      await tx.delete(endedSessions).where(lt(endedSessions.expiresAt, sql`now()`));
      const inserted = await tx
        .insert(endedSessions)
        .values({ sid, userId: actor.id, expiresAt })
        .onConflictDoNothing()
        .returning({ sid: endedSessions.sid });
      if (inserted.length > 0)
        await recordAudit(tx, { actor, action: 'auth.signout', targetType: 'user', targetId: actor.id });
    });
  }

  async isEnded(sid: string): Promise<boolean> {
    const [row] = await this.db
      .select({ sid: endedSessions.sid })
      .from(endedSessions)
      .where(eq(endedSessions.sid, sid));
    return row !== undefined;
  }
}
