// MozDef's alert actions, run when a rule raises an alert. `blockSourceIp` puts the alert's source
// addresses (details.sourceipaddress of its events) on the IP block list for N hours through the
// watchlist service, so its checks apply (private, reserved and trusted ranges are refused) and the
// audit entry names the rule as the actor. It runs inside the alerts' transaction, each address in
// its own savepoint: the block commits with the alert or not at all, and a refused or failing block
// never costs the alert.
import type { Logger } from '../logger.ts';
import type { RuleActor } from '../audit/audit-log.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { WatchError, type WatchItem, type WatchlistService } from '../watchlist/watchlist-service.ts';
import type { Db } from '../db/drizzle.ts';
import type { CompiledRule } from './compiled-rule.ts';
import type { Firing } from './rule-state.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Addresses blocked per alert at most: a rule matching half the internet must not flood the list. */
const MAX_IPS_PER_ALERT = 20;

export interface RaisedAlert {
  alertId: string;
  rule: CompiledRule;
  firing: Firing;
  summary: string;
}

export interface AlertActionStats {
  blocked: number;
  refused: number;
  failed: number;
}

function sourceIps(events: readonly PicketEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    const d = e.details as Record<string, unknown> | undefined;
    const ip = d && Object.hasOwn(d, 'sourceipaddress') ? d.sourceipaddress : undefined;
    if (typeof ip === 'string' && ip !== '') out.add(ip);
    if (out.size >= MAX_IPS_PER_ALERT) break;
  }
  return [...out];
}

export class AlertActions {
  readonly stats: AlertActionStats = { blocked: 0, refused: 0, failed: 0 };

  constructor(
    private readonly watchlist: WatchlistService,
    private readonly log: Logger,
  ) {}

  /** Runs the actions of these new alerts in `tx`; returns what to announce once it commits. */
  async apply(tx: Tx, alerts: readonly RaisedAlert[]): Promise<(() => Promise<void>) | undefined> {
    const changed: WatchItem[] = [];
    for (const a of alerts) {
      for (const action of a.rule.def.actions ?? []) {
        if (action.type === 'blockSourceIp') changed.push(...(await this.blockSourceIps(tx, a, action.hours)));
      }
    }
    if (changed.length === 0) return undefined;
    return async () => {
      for (const item of changed) await this.watchlist.afterCommit(item);
    };
  }

  private async blockSourceIps(tx: Tx, a: RaisedAlert, hours: number): Promise<WatchItem[]> {
    const actor: RuleActor = { kind: 'rule', id: a.rule.id, name: a.rule.def.name };
    const comment = `Automatic block by rule "${a.rule.def.name}" for alert ${a.alertId}: ${a.summary}`.slice(0, 2000);
    const out: WatchItem[] = [];
    for (const ip of sourceIps(a.firing.events)) {
      try {
        const r = await tx.transaction((sp) =>
          this.watchlist.putIn(sp, 'blockip', { value: ip, comment }, actor, undefined, {
            renew: true,
            extendOnly: true,
            hours,
          }),
        );
        if (r.outcome !== 'exists') {
          out.push(r.item);
          this.stats.blocked++;
        }
      } catch (err) {
        // Refused by the block list's checks, or blocked by someone at this very instant.
        if (err instanceof WatchError) {
          this.stats.refused++;
          this.log.info(
            { ruleId: a.rule.id, alertId: a.alertId, ip, reason: err.message },
            'alert action: source IP not blocked',
          );
        } else {
          this.stats.failed++;
          this.log.error(
            { err, ruleId: a.rule.id, alertId: a.alertId, ip },
            'alert action: blocking the source IP failed',
          );
        }
      }
    }
    return out;
  }
}
