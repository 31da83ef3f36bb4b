// Raising an alert durably: the alert row, the events that fed it (alert_events, unique per rule and
// event), the quiet period and the audit entry commit together or not at all. A second alert from
// events that already fed one (a restart racing a pending write) violates the unique key and is
// dropped, so nothing is ever doubled.
import { sql } from 'drizzle-orm';
import { alertEvents, alerts, ruleSuppressions } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/drizzle.ts';
import type { CompiledRule } from './compiled-rule.ts';
import type { Firing } from './rule-state.ts';
import { renderSummary } from './summary-template.ts';

const CHUNK = 5000;

class AlreadyAlerted extends Error {}

export interface WrittenAlert {
  id: string;
  version: number;
}

export async function writeAlert(db: Db, rule: CompiledRule, firing: Firing, suppressUntil: Date | null): Promise<WrittenAlert | null> {
  const def = rule.def;
  const summary = renderSummary(def.summary, { events: firing.events, ruleName: def.name, distinct: firing.distinct });
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(alerts)
        .values({
          severity: def.severity,
          summary,
          category: def.category,
          tags: def.tags,
          ruleId: rule.id,
          ruleVersion: rule.version,
          groupKey: firing.groupKey,
          eventCount: firing.events.length,
        })
        .returning({ id: alerts.id, version: alerts.version });
      for (let i = 0; i < firing.events.length; i += CHUNK) {
        const chunk = firing.events.slice(i, i + CHUNK);
        const inserted = await tx
          .insert(alertEvents)
          .values(chunk.map((e) => ({ alertId: row.id, ruleId: rule.id, eventId: e.id, eventTime: e.utctimestamp })))
          .onConflictDoNothing()
          .returning({ id: alertEvents.eventId });
        if (inserted.length !== chunk.length) throw new AlreadyAlerted();
      }
      if (suppressUntil) {
        await tx
          .insert(ruleSuppressions)
          .values({ ruleId: rule.id, groupKey: firing.groupKey, until: suppressUntil.toISOString() })
          .onConflictDoUpdate({ target: [ruleSuppressions.ruleId, ruleSuppressions.groupKey], set: { until: sql`excluded.until` } });
      }
      await recordAudit(tx, {
        actor: 'system',
        action: 'alert.create',
        targetType: 'alert',
        targetId: row.id,
        diff: { rule: def.name, ruleId: rule.id, ruleVersion: rule.version, summary, eventCount: firing.events.length },
      });
      return row;
    });
  } catch (err) {
    if (err instanceof AlreadyAlerted) return null;
    throw err;
  }
}
