// Operations wiring of one process: the health probes of the dependencies it really uses, the
// metrics' gauge sources, and who may read them. Later dependencies (the BullMQ queue, a search
// cluster as event store) add a probe with `health.register(...)` and a source with
// `metrics.setSources(...)`; nothing here needs to change for them.
import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import type { ApiTokens } from '../auth/api-tokens.ts';
import type { Identity } from '../auth/permissions.ts';
import { outboxDepth } from '../alerts/notify/outbox.ts';
import type { Config } from '../config.ts';
import type { DatabaseStatus } from '../db/database.ts';
import type { Db } from '../db/drizzle.ts';
import { createOpsAccess, visibleDependencies, type OpsAccess } from '../http/ops-routes.ts';
import { parseCidrList } from '../net/ip.ts';
import type { EventQueue } from '../queue/event-queue.ts';
import type { EventStore } from '../store/event-store.ts';
import { HealthRegistry, type HealthReport } from './health-registry.ts';
import type { PicketMetrics } from './metrics.ts';
import { DEPENDENCY, postgresProbe, RedisProbe, registerEventStoreProbe } from './probes.ts';

export interface Ops {
  health: HealthRegistry;
  metrics: PicketMetrics;
  /** Whether a request may read metrics and health error texts. */
  access(req: IncomingMessage): Promise<OpsAccess>;
  /** The dependency part of /api/health; error texts only when `withErrors`. */
  dependencies(
    withErrors: boolean,
  ): Promise<{ status: HealthReport['status']; dependencies: HealthReport['dependencies'] }>;
  close(): Promise<void>;
}

/** The queue's mode as /api/health and the metrics name it. */
export function queueModeLabel(queue: EventQueue): 'embedded' | 'queue' {
  return queue.mode === 'regular' ? 'embedded' : 'queue';
}

export function createOps(deps: {
  cfg: Config;
  pool: pg.Pool;
  /** What this process has seen of the database (outages, the embedded server restarting). */
  databaseStatus?: () => DatabaseStatus;
  db: Db;
  store: EventStore;
  queue: EventQueue;
  metrics: PicketMetrics;
  tokens: ApiTokens;
  sessionIdentity: (cookie: string | undefined) => Promise<Identity | undefined>;
  clientIp: (req: IncomingMessage) => string;
}): Ops {
  const health = new HealthRegistry();
  health.register(DEPENDENCY.postgres, postgresProbe(deps.pool, deps.databaseStatus), { critical: true });
  registerEventStoreProbe(health, deps.store);
  // In queue mode Redis holds the queue: without it ingest refuses, so it fails the balancer's check.
  // (Were it only realtime fan-out and presence, ingest and search would go on without it.)
  const redis = deps.cfg.REDIS_URL ? new RedisProbe(deps.cfg.REDIS_URL) : undefined;
  if (redis) health.register(DEPENDENCY.redis, redis.probe, { critical: deps.queue.mode === 'queue' });

  deps.metrics.setSources({
    queue: { mode: queueModeLabel(deps.queue), depth: () => deps.queue.pending() },
    outboxDepth: () => outboxDepth(deps.db),
    health: () => health.check(),
  });
  const access = createOpsAccess({
    tokens: deps.tokens,
    sessionIdentity: deps.sessionIdentity,
    trusted: parseCidrList(deps.cfg.metricsTrustedCidrs),
    clientIp: deps.clientIp,
  });

  return {
    health,
    metrics: deps.metrics,
    access,
    async dependencies(withErrors) {
      const report = await health.check();
      return { status: report.status, dependencies: visibleDependencies(report, withErrors) };
    },
    async close() {
      await redis?.close();
    },
  };
}
