// Admin drop filters (MozDef's dropMessage plugin, editable instead of hard-coded): each is a query in
// the events search language; an event matching an enabled one is dropped at enrichment, before it
// is stored. Records are versioned and every change is audited; the in-memory set each process
// matches with reloads when a filter changes here or on another process (bus topic `dropFilters`).
import { asc, eq, sql } from 'drizzle-orm';
import { dropFilters } from '../../db/schema.ts';
import { actorName, recordAudit } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import { compileMatcher, parseQuery, QuerySyntaxError, type EventMatcher } from '../store/query/index.ts';
import { AppError } from '../errors/app-error.ts';
import type { PicketEvent } from '../ingest/event.ts';

export const DROP_FILTERS_TOPIC = 'dropFilters';

export interface DropFilterView {
  id: string;
  name: string;
  query: string;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface DropFilterInput {
  name: string;
  query: string;
  enabled: boolean;
}

export class DropFilterError extends AppError<'bad_request' | 'not_found'> {}

/** An edit based on an old version; `current` is the filter now, for the client to merge or reload. */
export class DropFilterConflict extends AppError<'version_conflict'> {
  constructor(readonly current: unknown) {
    super('version_conflict', 'this drop filter was changed by someone else: reload it and apply your change again', {
      details: { current },
    });
  }
}

/** The compiled enabled filters; the drop plugin asks it about every event. */
export class DropFilterSet {
  private matchers: Array<{ id: string; match: EventMatcher }> = [];

  replace(filters: readonly DropFilterView[]): void {
    this.matchers = filters
      .filter((f) => f.enabled)
      .map((f) => ({ id: f.id, match: compileMatcher(parseQuery(f.query)) }));
  }

  /** The id of the first filter the event matches, or undefined. */
  matches(e: PicketEvent): string | undefined {
    const m = this.matchers;
    for (let i = 0; i < m.length; i++) if (m[i].match(e)) return m[i].id;
    return undefined;
  }

  get size(): number {
    return this.matchers.length;
  }
}

function checkQuery(query: string): void {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw new DropFilterError('bad_request', `query: ${err.message}`);
    throw err;
  }
}

export class DropFilters {
  readonly set = new DropFilterSet();
  private db?: Db;
  private bus?: Bus;
  private unsubscribe?: () => void;

  constructor(private readonly log: Logger) {}

  async start(deps: { db: Db; bus: Bus }): Promise<void> {
    this.db = deps.db;
    this.bus = deps.bus;
    await this.reload();
    this.unsubscribe = deps.bus.subscribe(DROP_FILTERS_TOPIC, () => void this.reload());
  }

  stop(): void {
    this.unsubscribe?.();
  }

  async reload(): Promise<void> {
    try {
      this.set.replace(await this.list());
    } catch (err) {
      this.log.error({ err }, 'drop filters reload failed; the previous filters stay in use');
    }
  }

  async list(): Promise<DropFilterView[]> {
    const rows = await this.need().select().from(dropFilters).orderBy(asc(dropFilters.createdAt), asc(dropFilters.id));
    return rows.map(view);
  }

  async create(input: DropFilterInput, actor: Identity, ip?: string): Promise<DropFilterView> {
    checkQuery(input.query);
    const created = await this.need().transaction(async (tx) => {
      const [row] = await tx
        .insert(dropFilters)
        .values({ ...input, updatedBy: actorName(actor) })
        .returning();
      await recordAudit(tx, {
        actor,
        action: 'dropFilter.create',
        targetType: 'dropFilter',
        targetId: row.id,
        diff: input,
        ip,
      });
      return view(row);
    });
    await this.changed(created.id, created.version);
    return created;
  }

  async update(
    id: string,
    input: DropFilterInput,
    version: number,
    actor: Identity,
    ip?: string,
  ): Promise<DropFilterView> {
    checkQuery(input.query);
    const updated = await this.need().transaction(async (tx) => {
      const [before] = await tx.select().from(dropFilters).where(eq(dropFilters.id, id)).for('update');
      if (!before) throw new DropFilterError('not_found', 'no such drop filter');
      if (before.version !== version) throw new DropFilterConflict(view(before));
      const [row] = await tx
        .update(dropFilters)
        .set({ ...input, version: sql`${dropFilters.version} + 1`, updatedAt: sql`now()`, updatedBy: actorName(actor) })
        .where(eq(dropFilters.id, id))
        .returning();
      const diff: Record<string, [unknown, unknown]> = {};
      for (const k of ['name', 'query', 'enabled'] as const) if (before[k] !== row[k]) diff[k] = [before[k], row[k]];
      await recordAudit(tx, { actor, action: 'dropFilter.update', targetType: 'dropFilter', targetId: id, diff, ip });
      return view(row);
    });
    await this.changed(id, updated.version);
    return updated;
  }

  async remove(id: string, version: number, actor: Identity, ip?: string): Promise<void> {
    await this.need().transaction(async (tx) => {
      const [before] = await tx.select().from(dropFilters).where(eq(dropFilters.id, id)).for('update');
      if (!before) throw new DropFilterError('not_found', 'no such drop filter');
      if (before.version !== version) throw new DropFilterConflict(view(before));
      await tx.delete(dropFilters).where(eq(dropFilters.id, id));
      await recordAudit(tx, {
        actor,
        action: 'dropFilter.remove',
        targetType: 'dropFilter',
        targetId: id,
        diff: { name: before.name, query: before.query },
        ip,
      });
    });
    await this.changed(id, version + 1);
  }

  /** This process at once; the others through the bus. */
  private async changed(id: string, version: number): Promise<void> {
    await this.reload();
    await this.bus?.publish({ topic: DROP_FILTERS_TOPIC, id, version }).catch((err: unknown) => {
      this.log.error({ err }, 'announcing a drop filter change failed; other processes pick it up at their next start');
    });
  }

  private need(): Db {
    if (!this.db) throw new Error('DropFilters.start() was not called');
    return this.db;
  }
}

function view(r: typeof dropFilters.$inferSelect): DropFilterView {
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    enabled: r.enabled,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}
