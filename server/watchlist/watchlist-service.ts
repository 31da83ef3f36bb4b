// Watchlist and block-list records: create (validated, normalized), list (expired hidden unless
// asked), remove (soft, version-checked). Every change is audited in its own transaction and then
// published on the 'watchlist' topic; the ingest matcher reloads from that same signal.
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { watchItems } from '../../db/schema.ts';
import { actorName, recordAudit, type RuleActor } from '../audit/audit-log.ts';
import type { Identity } from '../auth/permissions.ts';
import type { Db } from '../db/drizzle.ts';
import type { Bus } from '../realtime/bus.ts';
import {
  BLOCK_DURATIONS,
  checkBlockableIp,
  MAX_BLOCK_HOURS,
  durationExpiry,
  normalizeWatchValue,
  WatchInputError,
  type BlockDuration,
  type NormalizedValue,
  type WatchList,
  type WatchType,
} from './watch-values.ts';
import { AppError } from '../errors/app-error.ts';

export type Actor = Identity | RuleActor | 'system';
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface WatchItem {
  id: string;
  list: WatchList;
  type: WatchType;
  value: string;
  hashType: 'md5' | 'sha1' | 'sha256' | null;
  comment: string;
  duration: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  version: number;
  /** Derived: expiresAt is in the past. */
  expired: boolean;
}

export class WatchError extends AppError<'bad_request' | 'not_found' | 'conflict' | 'version_conflict'> {
  constructor(
    code: 'bad_request' | 'not_found' | 'conflict' | 'version_conflict',
    message: string,
    readonly current?: WatchItem,
  ) {
    super(code, message, current === undefined ? {} : { details: { current } });
  }
}

const comment = z.string().max(2000).default('');
/** What a client sends; `value` is checked per type and list by watch-values.ts. */
export const watchCreateInput = z.strictObject({
  type: z.enum(['ip', 'cidr', 'domain', 'username', 'hash']).optional(),
  value: z.string().max(512),
  comment,
  /** Watchlist: optional ISO expiry. */
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
  /** Block lists (and optionally the watchlist): one of MozDef's durations; default permanent on block lists. */
  duration: z.enum(BLOCK_DURATIONS).optional(),
});
export type WatchCreateInput = z.input<typeof watchCreateInput>;

type Row = typeof watchItems.$inferSelect;

function toItem(r: Row, now = Date.now()): WatchItem {
  return {
    id: r.id,
    list: r.list,
    type: r.type,
    value: r.value,
    hashType: r.hashType,
    comment: r.comment,
    duration: r.duration,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    version: r.version,
    expired: r.expiresAt !== null && Date.parse(r.expiresAt) <= now,
  };
}

export interface PutOptions {
  renew: boolean;
  hours?: number;
  /** Renew only when that moves the expiry later (alert actions never shorten a block someone set). */
  extendOnly?: boolean;
}

export interface PutResult {
  item: WatchItem;
  outcome: 'created' | 'renewed' | 'exists';
}

interface CheckedInput {
  v: NormalizedValue;
  duration: string | null;
  expiresAt: string | null;
  comment: string;
}

export interface WatchlistOptions {
  /** Picket's trusted ingest CIDRs: never blockable. */
  trustedCidrs: readonly string[];
}

export class WatchlistService {
  private readonly listeners: Array<() => Promise<void> | void> = [];

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly opts: WatchlistOptions,
  ) {}

  /** Awaited after every committed change in this process (other processes follow the bus). */
  onChange(fn: () => Promise<void> | void): void {
    this.listeners.push(fn);
  }

  async list(list: WatchList, opts: { all?: boolean } = {}): Promise<WatchItem[]> {
    const live = isNull(watchItems.deletedAt);
    const where = opts.all
      ? and(eq(watchItems.list, list), live)
      : and(eq(watchItems.list, list), live, or(isNull(watchItems.expiresAt), gt(watchItems.expiresAt, sql`now()`)));
    const rows = await this.db.select().from(watchItems).where(where).orderBy(asc(watchItems.createdAt));
    return rows.map((r) => toItem(r));
  }

  /** Every live, unexpired watchlist item: what the ingest matcher indexes. */
  async activeWatchItems(): Promise<WatchItem[]> {
    return this.list('watchlist');
  }

  async get(id: string): Promise<WatchItem | null> {
    const [r] = await this.db
      .select()
      .from(watchItems)
      .where(and(eq(watchItems.id, id), isNull(watchItems.deletedAt)));
    return r ? toItem(r) : null;
  }

  private validate(
    list: WatchList,
    input: WatchCreateInput,
  ): { v: NormalizedValue; duration: BlockDuration | null; expiresAt: string | null } {
    const now = Date.now();
    let v: NormalizedValue;
    if (list === 'blockip') {
      if (input.type && input.type !== 'ip' && input.type !== 'cidr')
        throw new WatchInputError('type: the IP block list takes ip or cidr');
      v = checkBlockableIp(input.value, this.opts.trustedCidrs);
    } else if (list === 'blockfqdn') {
      if (input.type && input.type !== 'domain') throw new WatchInputError('type: the domain block list takes domain');
      v = normalizeWatchValue('domain', input.value);
    } else {
      if (!input.type) throw new WatchInputError('type: one of ip, cidr, domain, username, hash');
      v = normalizeWatchValue(input.type, input.value);
    }
    if (list !== 'watchlist') {
      if (input.expiresAt) throw new WatchInputError('expiresAt: block lists take a duration (1h … 30d or permanent)');
      const duration = input.duration ?? 'permanent';
      return { v, duration, expiresAt: durationExpiry(duration, now) };
    }
    if (input.duration && input.expiresAt) throw new WatchInputError('give either duration or expiresAt, not both');
    if (input.duration) return { v, duration: input.duration, expiresAt: durationExpiry(input.duration, now) };
    if (input.expiresAt) {
      const at = Date.parse(input.expiresAt);
      if (at <= now) throw new WatchInputError('expiresAt: must be in the future');
      return { v, duration: null, expiresAt: new Date(at).toISOString() };
    }
    return { v, duration: null, expiresAt: null };
  }

  async create(list: WatchList, raw: unknown, actor: Actor, ip?: string): Promise<WatchItem> {
    const item = await this.db.transaction((tx) => this.createIn(tx, list, raw, actor, ip));
    await this.changed(item);
    return item;
  }

  /**
   * `create` inside a transaction the caller owns (e.g. a case action that also writes its timeline
   * in the same commit). After that commit the caller must call `afterCommit(item)`.
   */
  async createIn(tx: Tx, list: WatchList, raw: unknown, actor: Actor, ip?: string): Promise<WatchItem> {
    const input = this.parse(list, raw);
    return this.insertChecked(tx, list, input, actor, ip);
  }

  /**
   * MozDef's blockip/blockfqdn/watchitem: add the value, or when it is already active either renew it
   * (`renew`: MozDef's re-block — the new expiry and comment replace the old) or leave it as it is.
   * `hours` (alert actions) sets the expiry to that many hours from now instead of a fixed duration.
   */
  async put(list: WatchList, raw: unknown, actor: Actor, ip: string | undefined, opts: PutOptions): Promise<PutResult> {
    const result = await this.db.transaction((tx) => this.putIn(tx, list, raw, actor, ip, opts));
    if (result.outcome !== 'exists') await this.changed(result.item);
    return result;
  }

  /** `put` inside the caller's transaction; after commit call `afterCommit(item)` unless the outcome is `exists`. */
  async putIn(
    tx: Tx,
    list: WatchList,
    raw: unknown,
    actor: Actor,
    ip: string | undefined,
    opts: PutOptions,
  ): Promise<PutResult> {
    const input = this.parse(list, raw);
    if (opts.hours !== undefined) {
      if (!Number.isInteger(opts.hours) || opts.hours < 1 || opts.hours > MAX_BLOCK_HOURS)
        throw new WatchError('bad_request', `hours: a whole number from 1 to ${MAX_BLOCK_HOURS}`);
      input.duration = `${opts.hours}h`;
      input.expiresAt = new Date(Date.now() + opts.hours * 3_600_000).toISOString();
    }
    const [existing] = await tx
      .select()
      .from(watchItems)
      .where(
        and(
          eq(watchItems.list, list),
          eq(watchItems.type, input.v.type),
          eq(watchItems.value, input.v.value),
          isNull(watchItems.deletedAt),
        ),
      )
      .for('update');
    const cur = existing ? toItem(existing) : null;
    if (!cur || cur.expired) return { item: await this.insertChecked(tx, list, input, actor, ip), outcome: 'created' };
    if (!opts.renew) return { item: cur, outcome: 'exists' };
    if (opts.extendOnly && (cur.expiresAt === null || (input.expiresAt !== null && cur.expiresAt >= input.expiresAt)))
      return { item: cur, outcome: 'exists' };
    const comment = input.comment || cur.comment;
    const [row] = await tx
      .update(watchItems)
      .set({ expiresAt: input.expiresAt, duration: input.duration, comment, version: existing.version + 1 })
      .where(eq(watchItems.id, existing.id))
      .returning();
    const after = toItem(row);
    const diff: Record<string, [unknown, unknown]> = {
      version: [cur.version, after.version],
      value: [cur.value, after.value],
    };
    if (cur.expiresAt !== after.expiresAt) diff.expiresAt = [cur.expiresAt, after.expiresAt];
    if (cur.duration !== after.duration) diff.duration = [cur.duration, after.duration];
    if (cur.comment !== after.comment) diff.comment = [cur.comment, after.comment];
    await recordAudit(tx, { actor, action: `${list}.renew`, targetType: list, targetId: row.id, diff, ip });
    return { item: after, outcome: 'renewed' };
  }

  private parse(list: WatchList, raw: unknown): CheckedInput {
    const parsed = watchCreateInput.safeParse(raw);
    if (!parsed.success) {
      throw new WatchError(
        'bad_request',
        parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
      );
    }
    try {
      return { ...this.validate(list, parsed.data), comment: parsed.data.comment ?? '' };
    } catch (err) {
      if (err instanceof WatchInputError) throw new WatchError('bad_request', err.message);
      throw err;
    }
  }

  private async insertChecked(
    tx: Tx,
    list: WatchList,
    input: CheckedInput,
    actor: Actor,
    ip?: string,
  ): Promise<WatchItem> {
    const { v, duration, expiresAt } = input;
    // An expired item with the same value is retired so the value can be watched again.
    const [existing] = await tx
      .select()
      .from(watchItems)
      .where(
        and(
          eq(watchItems.list, list),
          eq(watchItems.type, v.type),
          eq(watchItems.value, v.value),
          isNull(watchItems.deletedAt),
        ),
      )
      .for('update');
    if (existing) {
      const cur = toItem(existing);
      if (!cur.expired) throw new WatchError('conflict', `${v.value} is already on the ${list}`, cur);
      await tx
        .update(watchItems)
        .set({ deletedAt: sql`now()`, version: existing.version + 1 })
        .where(eq(watchItems.id, existing.id));
    }
    const [row] = await tx
      .insert(watchItems)
      .values({
        list,
        type: v.type,
        value: v.value,
        hashType: v.hashType,
        comment: input.comment,
        duration,
        expiresAt,
        createdBy: actorName(actor),
      })
      .returning()
      .catch((err: unknown) => {
        // Two people adding the same value at the same instant: the loser meets the unique index.
        const code =
          (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
        if (code === '23505') throw new WatchError('conflict', `${v.value} is already on the ${list}`);
        throw err;
      });
    const created = toItem(row);
    const { expired: _expired, ...diff } = created;
    await recordAudit(tx, { actor, action: `${list}.create`, targetType: list, targetId: row.id, diff, ip });
    return created;
  }

  /** Publishes a change committed through `createIn`. */
  afterCommit(item: WatchItem): Promise<void> {
    return this.changed(item);
  }

  /**
   * Live, unexpired items of any list whose value is one of `values` (normalized), plus CIDR items
   * containing any of the IPs among them: what a case's indicators currently are on.
   */
  async lookup(values: ReadonlyArray<{ type: WatchType; value: string }>): Promise<WatchItem[]> {
    if (!values.length) return [];
    const types = sql.param(values.map((v) => v.type));
    const vals = sql.param(values.map((v) => v.value));
    const ips = values.filter((v) => v.type === 'ip').map((v) => v.value);
    const rows = await this.db
      .select()
      .from(watchItems)
      .where(
        and(
          isNull(watchItems.deletedAt),
          or(isNull(watchItems.expiresAt), gt(watchItems.expiresAt, sql`now()`)),
          or(
            sql`(${watchItems.type}, ${watchItems.value}) IN (SELECT * FROM unnest(${types}::text[], ${vals}::text[]))`,
            ips.length
              ? sql`(${watchItems.type} = 'cidr' AND ${watchItems.value}::cidr >>= ANY(${sql.param(ips)}::inet[]))`
              : sql`false`,
          ),
        ),
      )
      .orderBy(asc(watchItems.createdAt));
    return rows.map((r) => toItem(r));
  }

  /** Soft delete; with `version`, a stale version is refused (409 with the current item). */
  async remove(
    id: string,
    version: number | undefined,
    actor: Actor,
    ip?: string,
    list?: WatchList,
  ): Promise<WatchItem> {
    const item = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(watchItems)
        .where(and(eq(watchItems.id, id), isNull(watchItems.deletedAt)))
        .for('update');
      if (!row || (list && row.list !== list)) throw new WatchError('not_found', `no item ${id}`);
      if (version !== undefined && row.version !== version)
        throw new WatchError('version_conflict', `item ${id} changed (now version ${row.version})`, toItem(row));
      const [after] = await tx
        .update(watchItems)
        .set({ deletedAt: sql`now()`, version: row.version + 1 })
        .where(eq(watchItems.id, id))
        .returning();
      await recordAudit(tx, {
        actor,
        action: `${row.list}.remove`,
        targetType: row.list,
        targetId: id,
        diff: {
          deletedAt: [null, after.deletedAt],
          version: [row.version, after.version],
          value: [row.value, row.value],
        },
        ip,
      });
      return toItem(after);
    });
    await this.changed(item);
    return item;
  }

  private async changed(item: WatchItem): Promise<void> {
    await this.bus.publish({ topic: 'watchlist', id: item.id, version: item.version });
    for (const fn of this.listeners) await fn();
  }
}
