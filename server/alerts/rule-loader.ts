// Reads what the engine needs from Postgres: enabled rules with their exceptions, quiet periods,
// already-alerted event ids, and (via the event store) the events of a rule's current window.
import { and, eq, gt, gte, isNull, or, sql } from 'drizzle-orm';
import { alertEvents, alerts, ruleExceptions, rules, ruleSuppressions } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import type { PicketEvent } from '../ingest/event.ts';
import type { EventStore } from '../store/event-store.ts';
import type { QueryNode } from '../store/query/index.ts';
import type { CodeRuleModules } from './code-rules/code-rule-modules.ts';
import { compileRule, type CompiledRule } from './compiled-rule.ts';
import { parseRuleDefinition } from './rule-definition.ts';

export interface StoredRuleRow {
  id: string;
  version: number;
  definition: Record<string, unknown>;
}

/** Compiles a stored rule with its exceptions; null (with the reason) when it cannot run. */
export async function loadCompiledRule(
  db: Db,
  row: StoredRuleRow,
  codeRules?: CodeRuleModules,
): Promise<CompiledRule | { error: string }> {
  const parsed = parseRuleDefinition(row.definition);
  if (!parsed.ok) return { error: parsed.message };
  const ex = await db
    .select({ query: ruleExceptions.query, expiresAt: ruleExceptions.expiresAt })
    .from(ruleExceptions)
    .where(
      and(
        eq(ruleExceptions.ruleId, row.id),
        or(isNull(ruleExceptions.expiresAt), gt(ruleExceptions.expiresAt, sql`now()`)),
      ),
    );
  try {
    const module = parsed.rule.type === 'code' ? await codeRules?.load(parsed.rule.module) : undefined;
    return compileRule(
      row.id,
      row.version,
      parsed.rule,
      ex.map((x) => ({ query: x.query, expiresAt: x.expiresAt === null ? null : Date.parse(x.expiresAt) })),
      module,
    );
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export async function enabledRuleRows(db: Db, id?: string): Promise<StoredRuleRow[]> {
  const where = and(eq(rules.enabled, true), isNull(rules.deletedAt), id ? eq(rules.id, id) : undefined);
  return db.select({ id: rules.id, version: rules.version, definition: rules.definition }).from(rules).where(where);
}

export async function activeSuppressions(db: Db, ruleId: string, now: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: ruleSuppressions.groupKey, until: ruleSuppressions.until })
    .from(ruleSuppressions)
    .where(and(eq(ruleSuppressions.ruleId, ruleId), gt(ruleSuppressions.until, now.toISOString())));
  return new Map(rows.map((r) => [r.key, Date.parse(r.until)]));
}

export async function alertedEventIds(db: Db, ruleId: string, since: Date): Promise<Set<string>> {
  const rows = await db
    .select({ id: alertEvents.eventId })
    .from(alertEvents)
    .where(and(eq(alertEvents.ruleId, ruleId), gte(alertEvents.eventTime, since.toISOString())));
  return new Set(rows.map((r) => r.id));
}

export async function lastAlertAt(db: Db, ruleId: string): Promise<number> {
  const [row] = await db
    .select({ at: sql<string>`max(${alerts.utctimestamp})` })
    .from(alerts)
    .where(eq(alerts.ruleId, ruleId));
  return row?.at ? Date.parse(row.at) : 0;
}

const PAGE = 5000;
/** Read-backs (window rebuilds, crash replay) end this far ahead of now: events may carry timestamps ahead of this clock. */
export const FUTURE_SLACK_MS = 24 * 3_600_000;

/** Events matching `query` in [from, to], oldest first, up to `max`; `truncated` when more exist. */
export async function readEvents(
  store: EventStore,
  query: QueryNode,
  from: Date,
  to: Date,
  max: number,
): Promise<{ events: PicketEvent[]; truncated: boolean }> {
  const out: PicketEvent[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await store.search({
      query,
      from,
      to,
      size: Math.min(PAGE, max - out.length),
      sort: { field: 'utctimestamp', order: 'asc' },
      cursor,
    });
    out.push(...page.events);
    if (!page.nextCursor) return { events: out, truncated: false };
    if (out.length >= max) return { events: out, truncated: true };
    cursor = page.nextCursor;
  }
}
