// Rules as records: create, versioned update (every save keeps the full definition in
// rule_versions), enable/disable, clone, soft delete, exceptions. Each change is audited in its own
// transaction and then handed to the engine (onChange) so live evaluation follows at once.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { alerts, ruleExceptions, rules, ruleVersions } from '../../db/schema.ts';
import { actorName, recordAudit } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db, DbOrTx } from '../db/drizzle.ts';
import { parseQuery, QuerySyntaxError } from '../store/query/index.ts';
import { CodeRuleError, type CodeRuleModules } from './code-rules/code-rule-modules.ts';
import type { RuleDefinition } from './rule-definition.ts';
import { AppError } from '../errors/app-error.ts';

export type Actor = Identity | 'system';

export interface RuleRecord extends Record<string, unknown> {
  id: string;
  version: number;
  enabled: boolean;
  owner: string;
  catalogueKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RuleListItem extends RuleRecord {
  hits: number;
  lastFiredAt: string | null;
}

export class RuleError extends AppError<'not_found' | 'version_conflict' | 'bad_request'> {
  constructor(
    code: 'not_found' | 'version_conflict' | 'bad_request',
    message: string,
    readonly current?: RuleRecord,
  ) {
    super(code, message, current === undefined ? {} : { details: { current } });
  }
}

const columns = {
  id: rules.id,
  version: rules.version,
  enabled: rules.enabled,
  owner: rules.owner,
  catalogueKey: rules.catalogueKey,
  definition: rules.definition,
  createdAt: rules.createdAt,
  updatedAt: rules.updatedAt,
};
interface Row {
  id: string;
  version: number;
  enabled: boolean;
  owner: string;
  catalogueKey: string | null;
  definition: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** The API shape: the rule JSON itself, plus the record's metadata. */
function toRecord(r: Row): RuleRecord {
  return {
    ...r.definition,
    enabled: r.enabled,
    id: r.id,
    version: r.version,
    owner: r.owner,
    catalogueKey: r.catalogueKey,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function mirror(def: RuleDefinition) {
  return {
    name: def.name,
    type: def.type,
    severity: def.severity,
    category: def.category,
    tags: def.tags,
    summary: def.summary,
    enabled: def.enabled,
  };
}

/** {key: [before, after]} over the rule JSON's top-level keys. */
function definitionDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) diff[k] = [before[k] ?? null, after[k] ?? null];
  }
  return diff;
}

export interface RuleException {
  id: string;
  ruleId: string;
  query: string;
  comment: string;
  createdBy: string;
  createdAt: string;
  /** When it stops applying; null: never. */
  expiresAt: string | null;
}

/** An exception added without a chosen expiry lasts this long ("never" must be asked for). */
export const DEFAULT_EXCEPTION_DAYS = 30;

function isoException(r: typeof ruleExceptions.$inferSelect): RuleException {
  return {
    ...r,
    createdAt: new Date(r.createdAt).toISOString(),
    expiresAt: r.expiresAt === null ? null : new Date(r.expiresAt).toISOString(),
  };
}

export class RulesService {
  constructor(
    private readonly db: Db,
    /** Called after each committed change (the engine reloads the rule). */
    private readonly onChange: (ruleId: string) => Promise<void> | void = () => undefined,
    private readonly codeRules?: CodeRuleModules,
  ) {}

  /** An enabled code rule must name a module that loads (a disabled one may, so it can be switched off). */
  private async checkModule(def: RuleDefinition): Promise<void> {
    if (def.type !== 'code' || !def.enabled) return;
    if (!this.codeRules) throw new RuleError('bad_request', 'code rules are not available in this process');
    try {
      await this.codeRules.load(def.module);
    } catch (err) {
      if (err instanceof CodeRuleError) throw new RuleError('bad_request', err.message);
      throw err;
    }
  }

  async list(): Promise<RuleListItem[]> {
    const rows = await this.db.select(columns).from(rules).where(isNull(rules.deletedAt)).orderBy(asc(rules.name));
    const stats = await this.db
      .select({
        ruleId: alerts.ruleId,
        hits: sql<number>`count(*)::int`,
        last: sql<string>`max(${alerts.utctimestamp})`,
      })
      .from(alerts)
      .groupBy(alerts.ruleId);
    const byRule = new Map(stats.map((s) => [s.ruleId, s]));
    return rows.map((r) => ({
      ...toRecord(r),
      hits: byRule.get(r.id)?.hits ?? 0,
      lastFiredAt: byRule.get(r.id)?.last ? new Date(byRule.get(r.id)!.last).toISOString() : null,
    }));
  }

  async get(id: string): Promise<RuleRecord | null> {
    const [r] = await this.db
      .select(columns)
      .from(rules)
      .where(and(eq(rules.id, id), isNull(rules.deletedAt)));
    return r ? toRecord(r) : null;
  }

  async create(def: RuleDefinition, actor: Actor, ip?: string, catalogueKey?: string): Promise<RuleRecord> {
    await this.checkModule(def);
    const rec = await this.db.transaction((tx) => this.insert(tx, def, actor, ip, catalogueKey));
    if (rec) await this.onChange(rec.id);
    return rec!;
  }

  /** Inserts (for catalogue rules: unless that key exists, even deleted); null when it already existed. */
  private async insert(
    tx: DbOrTx,
    def: RuleDefinition,
    actor: Actor,
    ip?: string,
    catalogueKey?: string,
  ): Promise<RuleRecord | null> {
    const [r] = await tx
      .insert(rules)
      .values({ ...mirror(def), definition: def, owner: actorName(actor), catalogueKey: catalogueKey ?? null })
      .onConflictDoNothing()
      .returning(columns);
    if (!r) return null;
    await tx
      .insert(ruleVersions)
      .values({ ruleId: r.id, version: 1, definition: def, enabled: def.enabled, changedBy: actorName(actor) });
    await recordAudit(tx, {
      actor,
      action: 'rule.create',
      targetType: 'rule',
      targetId: r.id,
      diff: { ...def, ...(catalogueKey ? { catalogueKey } : {}) },
      ip,
    });
    return toRecord(r);
  }

  /** Shipped catalogue rules, by stable key: a rule already there (or deleted) is left alone. */
  async seed(catalogue: ReadonlyArray<{ key: string; rule: RuleDefinition }>): Promise<number> {
    let added = 0;
    for (const { key, rule } of catalogue) {
      const rec = await this.db.transaction((tx) => this.insert(tx, rule, 'system', undefined, key));
      if (rec) added++;
    }
    return added;
  }

  /** Replaces the definition of the version the editor started from; a stale version is refused. */
  async update(id: string, def: RuleDefinition, version: number, actor: Actor, ip?: string): Promise<RuleRecord> {
    await this.checkModule(def);
    const rec = await this.db.transaction(async (tx) => {
      const before = await this.lockForEdit(tx, id, version);
      const [r] = await tx
        .update(rules)
        .set({ ...mirror(def), definition: def, version: sql`${rules.version} + 1`, updatedAt: sql`now()` })
        .where(eq(rules.id, id))
        .returning(columns);
      await tx
        .insert(ruleVersions)
        .values({ ruleId: id, version: r.version, definition: def, enabled: def.enabled, changedBy: actorName(actor) });
      await recordAudit(tx, {
        actor,
        action: 'rule.update',
        targetType: 'rule',
        targetId: id,
        diff: definitionDiff({ ...before.definition, enabled: before.enabled }, def),
        ip,
      });
      return toRecord(r);
    });
    await this.onChange(id);
    return rec;
  }

  async setEnabled(id: string, enabled: boolean, version: number, actor: Actor, ip?: string): Promise<RuleRecord> {
    const current = await this.get(id);
    if (!current) throw new RuleError('not_found', `no rule ${id}`);
    const { definition } = await this.row(id);
    return this.update(id, { ...(definition as RuleDefinition), enabled }, version, actor, ip);
  }

  async clone(id: string, actor: Actor, ip?: string): Promise<RuleRecord> {
    const { definition } = await this.row(id);
    const def = definition as RuleDefinition;
    // A copy starts disabled, so it does not double the original's alerts until it is edited.
    return this.create({ ...def, name: `Copy of ${def.name}`.slice(0, 200), enabled: false }, actor, ip);
  }

  async remove(id: string, actor: Actor, ip?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [r] = await tx
        .update(rules)
        .set({ deletedAt: sql`now()`, enabled: false, updatedAt: sql`now()`, version: sql`${rules.version} + 1` })
        .where(and(eq(rules.id, id), isNull(rules.deletedAt)))
        .returning({ name: rules.name });
      if (!r) throw new RuleError('not_found', `no rule ${id}`);
      await recordAudit(tx, {
        actor,
        action: 'rule.delete',
        targetType: 'rule',
        targetId: id,
        diff: { name: [r.name, null] },
        ip,
      });
    });
    await this.onChange(id);
  }

  async versions(id: string): Promise<
    Array<{
      version: number;
      definition: Record<string, unknown>;
      enabled: boolean;
      changedBy: string;
      changedAt: string;
    }>
  > {
    await this.row(id);
    return this.db
      .select({
        version: ruleVersions.version,
        definition: ruleVersions.definition,
        enabled: ruleVersions.enabled,
        changedBy: ruleVersions.changedBy,
        changedAt: ruleVersions.changedAt,
      })
      .from(ruleVersions)
      .where(eq(ruleVersions.ruleId, id))
      .orderBy(desc(ruleVersions.version));
  }

  async exceptions(ruleId: string): Promise<RuleException[]> {
    const rows = await this.db
      .select()
      .from(ruleExceptions)
      .where(eq(ruleExceptions.ruleId, ruleId))
      .orderBy(asc(ruleExceptions.createdAt));
    return rows.map(isoException);
  }

  /**
   * "Not when …": events matching `query` no longer feed the rule, until `expiresAt` (default
   * DEFAULT_EXCEPTION_DAYS from now; null: never).
   */
  async addException(
    ruleId: string,
    query: string,
    comment: string,
    actor: Actor,
    ip?: string,
    expiresAt?: Date | null,
  ): Promise<RuleException> {
    const expires = expiresAt === undefined ? new Date(Date.now() + DEFAULT_EXCEPTION_DAYS * 86_400_000) : expiresAt;
    if (expires !== null && expires.getTime() <= Date.now())
      throw new RuleError('bad_request', 'an exception must expire in the future (or never)');
    try {
      parseQuery(query);
    } catch (err) {
      if (err instanceof QuerySyntaxError)
        throw new RuleError('bad_request', `invalid exception query: ${err.message}`);
      throw err;
    }
    await this.row(ruleId);
    const x = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(ruleExceptions)
        .values({ ruleId, query, comment, createdBy: actorName(actor), expiresAt: expires?.toISOString() ?? null })
        .returning();
      const x = isoException(row);
      await recordAudit(tx, {
        actor,
        action: 'rule.exception.add',
        targetType: 'rule',
        targetId: ruleId,
        diff: { exception: [null, { id: x.id, query, comment, expiresAt: x.expiresAt }] },
        ip,
      });
      return x;
    });
    await this.onChange(ruleId);
    return x;
  }

  async removeException(ruleId: string, exceptionId: string, actor: Actor, ip?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .delete(ruleExceptions)
        .where(and(eq(ruleExceptions.id, exceptionId), eq(ruleExceptions.ruleId, ruleId)))
        .returning();
      if (!row) throw new RuleError('not_found', `no exception ${exceptionId} on rule ${ruleId}`);
      await recordAudit(tx, {
        actor,
        action: 'rule.exception.remove',
        targetType: 'rule',
        targetId: ruleId,
        diff: { exception: [{ id: row.id, query: row.query, comment: row.comment }, null] },
        ip,
      });
    });
    await this.onChange(ruleId);
  }

  private async row(id: string): Promise<Row> {
    const [r] = await this.db
      .select(columns)
      .from(rules)
      .where(and(eq(rules.id, id), isNull(rules.deletedAt)));
    if (!r) throw new RuleError('not_found', `no rule ${id}`);
    return r;
  }

  private async lockForEdit(tx: DbOrTx, id: string, version: number): Promise<Row> {
    const [before] = await tx
      .select(columns)
      .from(rules)
      .where(and(eq(rules.id, id), isNull(rules.deletedAt)))
      .for('update');
    if (!before) throw new RuleError('not_found', `no rule ${id}`);
    if (before.version !== version)
      throw new RuleError(
        'version_conflict',
        `rule was changed by someone else (now version ${before.version})`,
        toRecord(before),
      );
    return before;
  }
}
