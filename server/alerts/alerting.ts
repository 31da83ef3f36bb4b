// The alerting services of one process, wired together: rules (CRUD → engine reload, announced to
// the other processes), alerts (the console's records), the streaming engine, code rule modules,
// and the catalogue seeded at start.
import type { OutageSink } from '../db/database-health.ts';
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import type { EventStore } from '../store/event-store.ts';
import { AlertEngine } from './alert-engine.ts';
import { AlertsService } from './alerts-service.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { CodeRuleModules } from './code-rules/code-rule-modules.ts';
import { RuleSync } from './rule-sync.ts';
import { RulesService } from './rules-service.ts';
import { AlertActions } from './alert-actions.ts';
import type { WatchlistService } from '../watchlist/watchlist-service.ts';

export interface Alerting {
  engine: AlertEngine;
  rules: RulesService;
  alerts: AlertsService;
  codeRules: CodeRuleModules;
  /** Seeds the catalogue (idempotent) and starts the engine (windows rebuilt from the store). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `localEngine: false` (queue mode): the engine is not started here; the process holding the
 * cluster's engine lock starts it (cluster-engine.ts), and rule changes reach it over the bus.
 */
export function createAlerting(deps: {
  db: Db;
  store: EventStore;
  bus: Bus;
  log: Logger;
  tickMs: number;
  codeRulesDir: string;
  localEngine?: boolean;
  onAlertLatency?: (seconds: number) => void;
  blockList: WatchlistService;
  outages?: OutageSink;
}): Alerting {
  const log = deps.log.child({ component: 'alerts' });
  const codeRules = new CodeRuleModules(deps.codeRulesDir);
  const localEngine = deps.localEngine ?? true;
  const actions = new AlertActions(deps.blockList, log);
  const engine = new AlertEngine({ ...deps, log, codeRules, actions, externalTicks: !localEngine });
  const sync = new RuleSync({ db: deps.db, bus: deps.bus, log }, (id) => engine.reload(id));
  const rules = new RulesService(
    deps.db,
    async (id) => {
      await engine.reload(id);
      await sync.announce(id);
    },
    codeRules,
  );
  const alerts = new AlertsService(deps.db, deps.bus, deps.store);
  return {
    engine,
    rules,
    alerts,
    codeRules,
    async start() {
      const added = await rules.seed(CATALOGUE);
      if (added) log.info({ added }, 'catalogue rules added');
      // Subscribed before the engine loads, so a change saved elsewhere meanwhile is not missed.
      sync.start();
      if (localEngine) await engine.start();
    },
    async stop() {
      sync.stop();
      await engine.stop();
    },
  };
}
