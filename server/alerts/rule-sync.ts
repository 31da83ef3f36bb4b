// Rule changes reach every process's engine. With REDIS_URL several processes run, each with its own
// engine; the one that saved a rule reloads it at once (RulesService.onChange) and announces the id
// on the bus's `rules` topic, and the others reload it when they hear it. A process skips its own
// announcements: it counts what it published per rule and lets that many arrivals pass. Should a
// foreign change arrive while one of ours is still in flight, it is the one skipped, and our own
// arrival, which comes later, reloads instead, reading the rule after both changes.
import { eq } from 'drizzle-orm';
import { rules } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';

export const RULES_TOPIC = 'rules';

export class RuleSync {
  private readonly own = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: { db: Db; bus: Bus; log: Logger },
    private readonly reload: (ruleId: string) => Promise<void>,
  ) {}

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe(RULES_TOPIC, (c) => {
      if (this.own.has(c.id)) this.release(c.id);
      else void this.reload(c.id);
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** One of our own announcements arrived (or was never sent): one fewer to let pass. */
  private release(ruleId: string): void {
    const pending = this.own.get(ruleId) ?? 1;
    if (pending <= 1) this.own.delete(ruleId);
    else this.own.set(ruleId, pending - 1);
  }

  /** After a committed change in this process: tells the other processes. */
  async announce(ruleId: string): Promise<void> {
    const [row] = await this.deps.db.select({ version: rules.version }).from(rules).where(eq(rules.id, ruleId));
    this.own.set(ruleId, (this.own.get(ruleId) ?? 0) + 1);
    try {
      await this.deps.bus.publish({ topic: RULES_TOPIC, id: ruleId, version: row?.version ?? 0 });
    } catch (err) {
      this.release(ruleId);
      this.deps.log.error(
        { err, ruleId },
        'announcing a rule change failed; other processes reload it at their next start',
      );
    }
  }
}
