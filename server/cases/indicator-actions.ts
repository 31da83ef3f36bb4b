// One-click IOC actions from a case: put an indicator on the watchlist or a block list through the
// watchlist service (its validation and refusals, e.g. private ranges), and record who did it as an
// `action` on the case timeline — both in one transaction, so neither exists without the other.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { caseIndicators, caseTimeline } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { parseCidrList } from '../net/ip.ts';
import { BLOCK_DURATIONS, normalizeWatchValue, type WatchType } from '../watchlist/watch-values.ts';
import type { WatchItem, WatchlistService } from '../watchlist/watchlist-service.ts';
import { CaseError, type CaseKind, type TimelineEntry } from './case-model.ts';
import { readCase } from './case-read.ts';
import { type Actor, actorLabel, type CaseWriter } from './case-writer.ts';
import { actionText, caseReference, INDICATOR_LISTS, listsFor, watchTarget } from './indicator-targets.ts';

export const indicatorActionInput = z
  .object({
    list: z.enum(INDICATOR_LISTS),
    /** Block lists: one of MozDef's durations (default permanent); the watchlist: optional. */
    duration: z.enum(BLOCK_DURATIONS).optional(),
    /** Watchlist only: an ISO expiry instead of a duration. */
    expiresAt: z.iso.datetime({ offset: true }).nullish(),
    /** Default: a reference to the case. */
    comment: z.string().max(2000).optional(),
  })
  .strict();
export type IndicatorActionInput = z.infer<typeof indicatorActionInput>;

export type IndicatorWatchItem = Pick<
  WatchItem,
  'id' | 'list' | 'type' | 'value' | 'duration' | 'expiresAt' | 'createdBy' | 'createdAt'
>;

/** Which live watch items an indicator is on (exactly, or an IP inside a listed CIDR). */
export interface IndicatorStatus {
  indicatorId: string;
  items: IndicatorWatchItem[];
}

export class IndicatorActions {
  constructor(private readonly deps: { db: Db; writer: CaseWriter; watchlist: WatchlistService }) {}

  async apply(
    caseId: string,
    kind: CaseKind | undefined,
    indicatorId: string,
    input: IndicatorActionInput,
    actor: Actor,
  ): Promise<{ item: WatchItem; entry: TimelineEntry }> {
    const [ind] = await this.deps.db
      .select()
      .from(caseIndicators)
      .where(and(eq(caseIndicators.id, indicatorId), eq(caseIndicators.caseId, caseId)));
    if (!ind) throw new CaseError('not_found', `no indicator ${indicatorId} in case ${caseId}`);
    const target = watchTarget(ind.type, ind.value);
    if (!target || !listsFor(target).includes(input.list))
      throw new CaseError('bad_request', `a ${ind.type} indicator cannot go on the ${input.list}`);
    let item: WatchItem | undefined;
    const entry = await this.deps.writer.change(caseId, kind, actor, async (tx, row, next) => {
      item = await this.deps.watchlist.createIn(
        tx,
        input.list,
        {
          ...(input.list === 'watchlist' ? { type: target.type } : {}),
          value: target.value,
          comment: input.comment ?? caseReference(row.kind, row.id, row.summary),
          ...(input.duration ? { duration: input.duration } : {}),
          ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
        },
        actor.identity,
        actor.ip,
      );
      const [e] = await tx
        .insert(caseTimeline)
        .values({
          caseId,
          caseVersion: next,
          occurredAt: new Date().toISOString(),
          author: actorLabel(actor),
          kind: 'action',
          text: actionText(input.list, item, target, ind.value),
        })
        .returning();
      const done = {
        indicatorId,
        list: input.list,
        itemId: item.id,
        value: item.value,
        duration: item.duration,
        expiresAt: item.expiresAt,
      };
      return { result: e, action: 'indicator.action', diff: { indicatorAction: [null, done], timeline: [null, e] } };
    });
    await this.deps.watchlist.afterCommit(item!);
    return { item: item!, entry };
  }

  /**
   * Takes an indicator off a list from the room (unblock / unwatch): the item must be one the
   * indicator is on. The watchlist service removes and audits it; the case records the action.
   */
  async remove(
    caseId: string,
    kind: CaseKind | undefined,
    indicatorId: string,
    itemId: string,
    actor: Actor,
  ): Promise<{ item: WatchItem; entry: TimelineEntry }> {
    const on = (await this.status(caseId, kind)).find((s) => s.indicatorId === indicatorId);
    if (!on) throw new CaseError('not_found', `no indicator ${indicatorId} in case ${caseId}`);
    if (!on.items.some((i) => i.id === itemId))
      throw new CaseError('not_found', `indicator ${indicatorId} is not on watch item ${itemId}`);
    const item = await this.deps.watchlist.remove(itemId, undefined, actor.identity, actor.ip);
    const text = item.list === 'watchlist' ? `Removed ${item.value} from the watchlist` : `Unblocked ${item.value}`;
    const entry = await this.deps.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      const [e] = await tx
        .insert(caseTimeline)
        .values({
          caseId,
          caseVersion: next,
          occurredAt: new Date().toISOString(),
          author: actorLabel(actor),
          kind: 'action',
          text,
        })
        .returning();
      return {
        result: e,
        action: 'indicator.remove',
        diff: {
          indicatorRemoved: [{ indicatorId, list: item.list, itemId, value: item.value }, null],
          timeline: [null, e],
        },
      };
    });
    return { item, entry };
  }

  async status(caseId: string, kind?: CaseKind): Promise<IndicatorStatus[]> {
    await readCase(this.deps.db, caseId, kind);
    const indicators = await this.deps.db.select().from(caseIndicators).where(eq(caseIndicators.caseId, caseId));
    const targets = indicators.map((i) => ({ id: i.id, t: normalized(i.type, i.value) }));
    const items = await this.deps.watchlist.lookup(targets.flatMap((x) => (x.t ? [x.t] : [])));
    return targets.map(({ id, t }) => ({
      indicatorId: id,
      items: t
        ? items
            .filter(
              (w) =>
                (w.type === t.type && w.value === t.value) ||
                (t.type === 'ip' && w.type === 'cidr' && parseCidrList([w.value]).contains(t.value)),
            )
            .map(({ id: itemId, list, type, value, duration, expiresAt, createdBy, createdAt }) => ({
              id: itemId,
              list,
              type,
              value,
              duration,
              expiresAt,
              createdBy,
              createdAt,
            }))
        : [],
    }));
  }
}

/** The indicator's target as the watchlist stores it, or null when the watchlist would refuse it. */
function normalized(type: Parameters<typeof watchTarget>[0], value: string): { type: WatchType; value: string } | null {
  const t = watchTarget(type, value);
  if (!t) return null;
  try {
    const v = normalizeWatchValue(t.type, t.value);
    return { type: v.type, value: v.value };
  } catch {
    return null;
  }
}
