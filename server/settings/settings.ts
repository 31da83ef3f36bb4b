import { eq, sql } from 'drizzle-orm';
import { settings } from '../../db/schema.ts';
import { actorName, recordAudit } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db } from '../db/drizzle.ts';

export const OAUTH_POLICIES = ['viewer', 'analyst', 'none'] as const;
export type OAuthPolicy = (typeof OAUTH_POLICIES)[number];

/** Facts about this instance an admin can read but not change in the UI (they come from the environment). */
export interface InstanceFacts {
  version: string;
  database: 'embedded' | 'external';
  retentionDays: number;
  queue: 'in-process' | 'redis';
  oauthProviders: string[];
}

export interface SettingsView {
  /** What applies now: the stored value, or the environment's default when none is stored. */
  oauthNewUserRole: OAuthPolicy;
  /** Where that value comes from. */
  oauthNewUserRoleSource: 'settings' | 'environment';
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  facts: InstanceFacts;
}

export interface SettingsPatch {
  oauthNewUserRole?: OAuthPolicy;
}

export class SettingsConflict extends Error {
  constructor(readonly current: SettingsView) {
    super(`settings were changed by someone else (now version ${current.version})`);
  }
}

/** The instance's editable settings (one versioned row), every change audited with a diff. */
export class Settings {
  constructor(
    private readonly db: Db,
    private readonly defaults: { oauthNewUserRole: OAuthPolicy },
    private readonly facts: InstanceFacts,
  ) {}

  async get(): Promise<SettingsView> {
    const [row] = await this.db.select().from(settings).where(eq(settings.id, 1));
    return this.view(row);
  }

  /** The policy next-auth applies to a first OAuth/OIDC sign-in; read per sign-in so a change applies at once. */
  async oauthNewUserRole(): Promise<OAuthPolicy> {
    return (await this.get()).oauthNewUserRole;
  }

  async update(patch: SettingsPatch, version: number, actor: Identity, ip?: string): Promise<SettingsView> {
    return this.db.transaction(async (tx) => {
      const [beforeRow] = await tx.select().from(settings).where(eq(settings.id, 1)).for('update');
      const before = this.view(beforeRow);
      if (before.version !== version) throw new SettingsConflict(before);
      const [afterRow] = await tx
        .update(settings)
        .set({
          oauthNewUserRole: patch.oauthNewUserRole,
          version: sql`${settings.version} + 1`,
          updatedAt: sql`now()`,
          updatedBy: actorName(actor),
        })
        .where(eq(settings.id, 1))
        .returning();
      const after = this.view(afterRow);
      const diff: Record<string, [unknown, unknown]> = {};
      if (before.oauthNewUserRole !== after.oauthNewUserRole) diff.oauthNewUserRole = [before.oauthNewUserRole, after.oauthNewUserRole];
      await recordAudit(tx, { actor, action: 'settings.update', targetType: 'settings', targetId: 'instance', diff, ip });
      return after;
    });
  }

  private view(row: typeof settings.$inferSelect | undefined): SettingsView {
    // The migration inserts the row; a missing one means a broken database, not a default.
    if (!row) throw new Error('settings row is missing (migration 0007 not applied?)');
    return {
      oauthNewUserRole: row.oauthNewUserRole ?? this.defaults.oauthNewUserRole,
      oauthNewUserRoleSource: row.oauthNewUserRole ? 'settings' : 'environment',
      version: row.version,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      facts: this.facts,
    };
  }
}
