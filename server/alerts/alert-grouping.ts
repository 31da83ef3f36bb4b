// Grouping repeated alerts: a threshold or cardinality crossing whose rule groups (rule-definition.ts,
// `grouping`) is absorbed into the open alert of the same rule and group key — occurrences + 1, its
// events attached, last seen moved — instead of raising a new alert. The database decides: one
// INSERT … ON CONFLICT on the unique partial index over absorbing alerts, so two writers (an engine
// failover) can never open two alerts for one group. Each crossing runs in its own savepoint: a
// crossing whose events already fed an alert (redelivery, restart) is rolled back whole.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/drizzle.ts';
import { linkAlertEvents } from './alert-rows.ts';
import { durationMs, SEVERITIES, type Grouping } from './rule-definition.ts';

/** The alert row the writer builds for a crossing (camelCase, as Drizzle inserts it). */
export interface NewAlertRow {
  id: string;
  utctimestamp: string;
  severity: string;
  summary: string;
  details: Record<string, unknown> | null;
  category: string;
  tags: string[];
  ruleId: string;
  ruleVersion: number;
  groupKey: string;
  eventCount: number;
  lastSeen: string | null;
}

export interface EventLink {
  ruleId: string;
  eventId: string;
  eventTime: string;
}

export type GroupedOutcome =
  | { kind: 'raised' }
  | { kind: 'absorbed'; id: string; version: number; occurrences: number }
  /** Every event already fed an alert of this rule: nothing was written. */
  | { kind: 'duplicate' };

/** The statuses in which an alert absorbs; leaving them ends absorbing for good (alerts-service.ts). */
export const ABSORBING_STATUSES: readonly string[] = ['new', 'acknowledged'];

class DuplicateCrossing extends Error {}

const SEVERITY_RANK = sql.raw(`ARRAY[${SEVERITIES.map((s) => `'${s}'`).join(',')}]::text[]`);

function uniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

/**
 * Inserts the crossing as a new absorbing alert, or counts it into the open one when that one still
 * fits: younger than `renotifyAfter`, room for the events under `maxEvents`, and a severity at least
 * the crossing's. An open alert that does not fit stops absorbing and the crossing starts a new alert
 * (which notifies). Returns no row when the open alert did not fit.
 */
async function upsert(
  tx: DbOrTx,
  row: NewAlertRow,
  g: Grouping,
): Promise<{ id: string; version: number; occurrences: number } | undefined> {
  const renotifyMs = durationMs(g.renotifyAfter)!;
  const r = await tx.execute<{ id: string; version: number; occurrences: number }>(sql`
    INSERT INTO alerts (id, utctimestamp, severity, summary, details, category, tags, rule_id, rule_version, group_key, event_count, occurrences, last_seen, absorbing)
    VALUES (${row.id}, ${row.utctimestamp}, ${row.severity}, ${row.summary}, ${row.details === null ? null : JSON.stringify(row.details)}::jsonb, ${row.category},
            ${sql.param(row.tags)}::text[], ${row.ruleId}, ${row.ruleVersion}, ${row.groupKey}, ${row.eventCount}, 1, ${row.lastSeen}, true)
    ON CONFLICT (rule_id, group_key) WHERE absorbing DO UPDATE SET
      occurrences = alerts.occurrences + 1,
      event_count = alerts.event_count + excluded.event_count,
      last_seen = GREATEST(alerts.last_seen, excluded.last_seen),
      version = alerts.version + 1,
      updated_at = now()
    WHERE alerts.event_count + excluded.event_count <= ${g.maxEvents}
      AND alerts.utctimestamp > excluded.utctimestamp - ${renotifyMs} * interval '1 millisecond'
      AND coalesce(array_position(${SEVERITY_RANK}, alerts.severity), 0) >= coalesce(array_position(${SEVERITY_RANK}, excluded.severity), 0)
    RETURNING id, version, occurrences`);
  return r.rows[0];
}

async function crossing(
  sp: DbOrTx,
  row: NewAlertRow,
  g: Grouping,
  links: readonly EventLink[],
): Promise<GroupedOutcome> {
  let hit = await upsert(sp, row, g);
  if (!hit) {
    await sp.execute(
      sql`UPDATE alerts SET absorbing = false WHERE rule_id = ${row.ruleId} AND group_key = ${row.groupKey} AND absorbing`,
    );
    hit = await upsert(sp, row, g);
    if (!hit) throw new Error('grouped alert: the open alert changed while it was retired');
  }
  const linked = await linkAlertEvents(
    sp,
    links.map((l) => ({ ...l, alertId: hit.id })),
  );
  if ((linked.get(hit.id) ?? 0) !== links.length) throw new DuplicateCrossing();
  return hit.id === row.id
    ? { kind: 'raised' }
    : { kind: 'absorbed', id: hit.id, version: hit.version, occurrences: hit.occurrences };
}

/** One grouped crossing inside the writer's transaction `tx` (see the file comment). */
export async function absorbOrRaise(
  tx: DbOrTx,
  row: NewAlertRow,
  g: Grouping,
  links: readonly EventLink[],
): Promise<GroupedOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx.transaction((sp) => crossing(sp, row, g, links));
    } catch (err) {
      if (err instanceof DuplicateCrossing) return { kind: 'duplicate' };
      // Another writer opened the group's alert between our two statements: absorb into it instead.
      if (attempt < 3 && uniqueViolation(err)) continue;
      throw err;
    }
  }
}
