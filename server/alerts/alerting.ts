// The alerting services of one process, wired together: rules (CRUD → engine reload), alerts
// (the console's records), the streaming engine, and the catalogue seeded at start.
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import type { EventStore } from '../store/event-store.ts';
import { AlertEngine } from './alert-engine.ts';
import { AlertsService } from './alerts-service.ts';
import { CATALOGUE } from './catalogue.ts';
import { RulesService } from './rules-service.ts';

export interface Alerting {
  engine: AlertEngine;
  rules: RulesService;
  alerts: AlertsService;
  /** Seeds the catalogue (idempotent) and starts the engine (windows rebuilt from the store). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createAlerting(deps: { db: Db; store: EventStore; bus: Bus; log: Logger; tickMs: number }): Alerting {
  const log = deps.log.child({ component: 'alerts' });
  const engine = new AlertEngine({ ...deps, log });
  const rules = new RulesService(deps.db, (id) => engine.reload(id));
  const alerts = new AlertsService(deps.db, deps.bus, deps.store);
  return {
    engine,
    rules,
    alerts,
    async start() {
      const added = await rules.seed(CATALOGUE);
      if (added) log.info({ added }, 'catalogue rules added');
      await engine.start();
    },
    stop: () => engine.stop(),
  };
}
