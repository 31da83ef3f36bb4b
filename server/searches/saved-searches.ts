import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import { savedSearches } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db } from '../db/drizzle.ts';
import { AppError } from '../errors/app-error.ts';

export type SavedSearch = typeof savedSearches.$inferSelect;

export interface SavedSearchInput {
  name: string;
  query: string;
  timeFrom: string;
  timeTo: string;
  columns: string[];
  shared: boolean;
  pinned: boolean;
}

export class SavedSearchError extends AppError<'not_found' | 'forbidden' | 'version_conflict'> {
  constructor(
    code: 'not_found' | 'forbidden' | 'version_conflict',
    message: string,
    /** For version_conflict: the record as it is now. */
    readonly current?: SavedSearch,
  ) {
    super(code, message, current === undefined ? {} : { details: { current } });
  }
}

/** The owner key stored on a search: users and API tokens each own their own. */
export function ownerOf(identity: Identity): string {
  return `${identity.kind}:${identity.id}`;
}

const EDITABLE = ['name', 'query', 'timeFrom', 'timeTo', 'columns', 'shared', 'pinned'] as const;

function changes(before: SavedSearch, after: SavedSearch): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const k of EDITABLE) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) diff[k] = [before[k], after[k]];
  return diff;
}

/**
 * Saved searches. Anyone who can read events keeps their own; shared ones are visible to every
 * such user but only their owner (or an admin, to clean up) may change them. Each change is
 * audited in its own transaction and refused when based on an old version.
 */
export class SavedSearches {
  constructor(private readonly db: Db) {}

  /** Own searches and those others shared; pinned first, then by name. */
  list(identity: Identity, opts: { pinnedOnly?: boolean } = {}): Promise<SavedSearch[]> {
    const visible = or(eq(savedSearches.owner, ownerOf(identity)), eq(savedSearches.shared, true));
    return this.db
      .select()
      .from(savedSearches)
      .where(opts.pinnedOnly ? and(visible, eq(savedSearches.pinned, true)) : visible)
      .orderBy(desc(savedSearches.pinned), asc(savedSearches.name), asc(savedSearches.id));
  }

  async get(identity: Identity, id: string): Promise<SavedSearch> {
    const [row] = await this.db.select().from(savedSearches).where(eq(savedSearches.id, id));
    if (!row || (row.owner !== ownerOf(identity) && !row.shared))
      throw new SavedSearchError('not_found', `no saved search ${id}`);
    return row;
  }

  async create(identity: Identity, input: SavedSearchInput, ip?: string): Promise<SavedSearch> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(savedSearches)
        .values({ ...input, owner: ownerOf(identity), ownerName: identity.name })
        .returning();
      const diff = Object.fromEntries([...EDITABLE, 'owner' as const].map((k) => [k, row[k]]));
      await recordAudit(tx, {
        actor: identity,
        action: 'savedSearch.create',
        targetType: 'savedSearch',
        targetId: row.id,
        diff,
        ip,
      });
      return row;
    });
  }

  async update(
    identity: Identity,
    id: string,
    patch: Partial<SavedSearchInput>,
    version: number,
    ip?: string,
    action = 'savedSearch.update',
  ): Promise<SavedSearch> {
    return this.db.transaction(async (tx) => {
      const before = await this.lockForEdit(tx, identity, id, version);
      const [after] = await tx
        .update(savedSearches)
        .set({ ...patch, updatedAt: sql`now()`, version: sql`${savedSearches.version} + 1` })
        .where(eq(savedSearches.id, id))
        .returning();
      await recordAudit(tx, {
        actor: identity,
        action,
        targetType: 'savedSearch',
        targetId: id,
        diff: changes(before, after),
        ip,
      });
      return after;
    });
  }

  async remove(identity: Identity, id: string, version: number, ip?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.lockForEdit(tx, identity, id, version);
      await tx.delete(savedSearches).where(eq(savedSearches.id, id));
      const { name, query, timeFrom, timeTo, columns, shared, pinned, owner } = before;
      await recordAudit(tx, {
        actor: identity,
        action: 'savedSearch.delete',
        targetType: 'savedSearch',
        targetId: id,
        diff: { deleted: { name, query, timeFrom, timeTo, columns, shared, pinned, owner } },
        ip,
      });
    });
  }

  private async lockForEdit(
    tx: Parameters<Parameters<Db['transaction']>[0]>[0],
    identity: Identity,
    id: string,
    version: number,
  ): Promise<SavedSearch> {
    const [row] = await tx.select().from(savedSearches).where(eq(savedSearches.id, id)).for('update');
    const own = row?.owner === ownerOf(identity);
    if (!row || (!own && !row.shared)) throw new SavedSearchError('not_found', `no saved search ${id}`);
    if (!own && identity.role !== 'admin')
      throw new SavedSearchError(
        'forbidden',
        `saved search "${row.name}" belongs to ${row.ownerName}; save a copy to change it`,
      );
    if (row.version !== version)
      throw new SavedSearchError(
        'version_conflict',
        `saved search was changed by someone else (now version ${row.version})`,
        row,
      );
    return row;
  }
}
