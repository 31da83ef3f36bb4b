import { eq, sql } from 'drizzle-orm';
import { settings } from '../../db/schema.ts';
import { actorName, recordAudit } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db } from '../db/drizzle.ts';
import type { QueueStatus } from '../queue/event-queue.ts';
import { AppError } from '../errors/app-error.ts';

export const OAUTH_POLICIES = ['viewer', 'analyst', 'none'] as const;
export type OAuthPolicy = (typeof OAUTH_POLICIES)[number];

/** Facts about this instance an admin can read but not change in the UI (they come from the environment). */
export interface InstanceFacts {
  version: string;
  database: 'embedded' | 'external';
  retentionDays: number;
  oauthProviders: string[];
}

/** Read from the running queue at each request, not from configuration. */
export interface RunningQueueFacts {
  mode: 'embedded' | 'queue';
  depth: number;
  deadLetters: number;
  workers: number;
  warnings: string[];
}

export interface SettingsView {
  /** What applies now: the stored value, or the environment's default when none is stored. */
  oauthNewUserRole: OAuthPolicy;
  /** Where that value comes from. */
  oauthNewUserRoleSource: 'settings' | 'environment';
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  facts: InstanceFacts & { queue: RunningQueueFacts | null };
}

export interface SettingsPatch {
  oauthNewUserRole?: OAuthPolicy;
}

export class SettingsConflict extends AppError<'version_conflict'> {
  constructor(readonly current: SettingsView) {
    super('version_conflict', `settings were changed by someone else (now version ${current.version})`, {
      details: { current },
    });
  }
}

/** The instance's editable settings (one versioned row), every change audited with a diff. */
export class Settings {
  constructor(
    private readonly db: Db,
    private readonly defaults: { oauthNewUserRole: OAuthPolicy },
    private readonly facts: InstanceFacts,
    private readonly queueStatus?: () => Promise<QueueStatus>,
  ) {}

  async get(): Promise<SettingsView> {
    const [row] = await this.db.select().from(settings).where(eq(settings.id, 1));
    return this.withQueue(this.view(row));
  }

  /** `queue` is null when the queue cannot answer (Redis down): the page says so instead of guessing. */
  private async withQueue(v: SettingsView): Promise<SettingsView> {
    const q = await this.queueStatus?.().catch(() => undefined);
    const queue: RunningQueueFacts | null = q
      ? {
          mode: q.mode === 'regular' ? 'embedded' : 'queue',
          depth: q.depth,
          deadLetters: q.deadLetters,
          workers: q.workers,
          warnings: q.warnings,
        }
      : null;
    return { ...v, facts: { ...v.facts, queue } };
  }

  /** The policy next-auth applies to a first OAuth/OIDC sign-in; read per sign-in so a change applies at once. */
  async oauthNewUserRole(): Promise<OAuthPolicy> {
    const [row] = await this.db.select().from(settings).where(eq(settings.id, 1));
    return this.view(row).oauthNewUserRole;
  }

  async update(patch: SettingsPatch, version: number, actor: Identity, ip?: string): Promise<SettingsView> {
    return this.withQueue(await this.updateRow(patch, version, actor, ip));
  }

  private updateRow(patch: SettingsPatch, version: number, actor: Identity, ip?: string): Promise<SettingsView> {
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
      if (before.oauthNewUserRole !== after.oauthNewUserRole)
        diff.oauthNewUserRole = [before.oauthNewUserRole, after.oauthNewUserRole];
      await recordAudit(tx, {
        actor,
        action: 'settings.update',
        targetType: 'settings',
        targetId: 'instance',
        diff,
        ip,
      });
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
      facts: { ...this.facts, queue: null },
    };
  }
}
