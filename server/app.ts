import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { ApiTokens } from './auth/api-tokens.ts';
import { loadAuthSecret } from './auth/auth-secret.ts';
import { ensureFirstAdmin } from './auth/first-admin.ts';
import { buildAuthOptions, oauthProviders } from './auth/next-auth-options.ts';
import { SessionResolver } from './auth/session-identity.ts';
import { EndedSessions } from './auth/ended-sessions.ts';
import { configureAuthLibraryEnv } from './config.ts';
import type { NextAuthOptions } from 'next-auth';
import { Users } from './auth/users.ts';
import { IngestService } from './ingest/ingest-service.ts';
import type { Logger } from './logger.ts';
import { parseCidrList } from './net/ip.ts';
import { ClientAddresses } from './net/client-address.ts';
import type { IncomingMessage } from 'node:http';
import type { EventQueue } from './queue/event-queue.ts';
import { createEventQueue } from './queue/create-event-queue.ts';
import type { QueueStatus } from './queue/event-queue.ts';
import { AlertStream, ClusterEngine } from './alerts/cluster-engine.ts';
import { StoredFanout } from './realtime/stored-fanout.ts';
import type { EventStore } from './store/event-store.ts';
import { createEventStores } from './store/create-event-store.ts';
import { PluginHost } from './workers/plugin-host.ts';
import { PluginStatusStore } from './workers/plugin-status-store.ts';
import type { EnrichmentAdmin } from './workers/enrichment-admin.ts';
import { DropFilters } from './drop-filters/drop-filters.ts';
import { EventPipeline } from './workers/pipeline.ts';
import { createDefaultPlugins } from './workers/plugins/index.ts';
import { openGeoIp } from './workers/plugins/geoip.ts';
import { EntityService } from './entities/entity-service.ts';
import { RestRouter } from './http/v1/router.ts';
import { apiRoutes } from './http/v1/routes.ts';
import { createMozdefRouter } from './http/mozdef/mozdef-router.ts';
import { createIngestHandler } from './http/ingest-routes.ts';
import { createTrpcHttp, type TrpcHttpHandler } from './http/trpc-routes.ts';
import type { Bus } from './realtime/bus.ts';
import { createBus } from './realtime/create-bus.ts';
import { Presence } from './realtime/presence.ts';
import { createPresenceStore } from './realtime/create-presence-store.ts';
import type { TrpcServices } from './trpc/init.ts';
import { Cases } from './cases/cases.ts';
import { openAlertsPanel, openCasesPanel } from './dashboard/open-panels.ts';
import { Settings } from './settings/settings.ts';
import { createAlerting, type Alerting } from './alerts/alerting.ts';
import { loadPlaceholderFile, setSigmaPlaceholders } from './alerts/sigma/placeholders.ts';
import { Watchlist } from './watchlist/watchlist.ts';
import { createNotifications, type Notifications } from './alerts/notify/notifications.ts';
import { CachedFieldCatalog } from './store/field-catalog-cache.ts';
import { LiveTail } from './realtime/live-tail.ts';
import { IngestHealthMonitor } from './workers/ingest-health.ts';
import { SavedSearches } from './searches/saved-searches.ts';
import { SingleFlightCache } from './trpc/single-flight-cache.ts';
import type { ExplorerServices } from './trpc/explorer-services.ts';
import { PicketMetrics } from './ops/metrics.ts';
import { createOps, queueModeLabel, type Ops } from './ops/ops.ts';
import { timedEventStore } from './ops/timed-event-store.ts';
import type { DependencyHealth } from './ops/health-registry.ts';

const RETENTION_EVERY_MS = 60 * 60 * 1000;
const CLOSE_ROLLUP_HOURS_EVERY_MS = 5 * 60 * 1000;

export const VERSION: string = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Picket {
  cfg: Config;
  log: Logger;
  db: Database;
  store: EventStore;
  queue: EventQueue;
  pipeline: EventPipeline;
  ingest: IngestService;
  tokens: ApiTokens;
  users: Users;
  settings: Settings;
  sessions: SessionResolver;
  authOptions: NextAuthOptions;
  rest: RestRouter;
  /** MozDef's REST paths (/blockip, /incident, …) on Picket's services. */
  mozdefRest: RestRouter;
  ingestHandler: ReturnType<typeof createIngestHandler>;
  /** A request's client address: the socket peer, or X-Forwarded-For from a trusted proxy. */
  clientIp: (req: IncomingMessage) => string;
  /** Realtime change bus (in-process, or Redis pub/sub with REDIS_URL) and who is online. */
  bus: Bus;
  presence: Presence;
  /** Incidents and investigations. */
  cases: Cases;
  /** Rules, alerts and the streaming engine fed by the pipeline. */
  alerting: Alerting;
  /** Watchlist and block lists; its matcher tags events at ingest. */
  watchlist: Watchlist;
  /** Enrichment plugins (built-in and the admin plugins directory) and the drop filters. */
  plugins: EnrichmentAdmin;
  /** Alert notification channels and the outbox sender. */
  notifications: Notifications;
  /** What tRPC procedures get in ctx.services, over HTTP and the socket alike. */
  trpcServices: TrpcServices;
  /** Events explorer, live tail, saved searches and dashboard (also in trpcServices.explorer). */
  explorer: ExplorerServices;
  /** /api/trpc queries and mutations. */
  trpc: TrpcHttpHandler;
  /** Health probes, metrics and who may read them (/api/health, /metrics). */
  ops: Ops;
  /** Queue mode, worker role: this process's bid for the cluster's alert engine. */
  clusterEngine?: ClusterEngine;
  /** `withErrors`: include the dependencies' error texts (callers allowed to read metrics). */
  health(opts?: { withErrors?: boolean }): Promise<HealthAnswer>;
  /** Flush pending events, commit, close the database (stops embedded Postgres). */
  stop(): Promise<void>;
}

export interface HealthAnswer {
  status: 'ok' | 'degraded';
  store: string;
  queue: string;
  /** What this process sees of its database, e.g. `embedded:ok`, `embedded:restarting (12 refused)`. */
  database: string;
  version: string;
  /** What runs, read from the queue in use: `embedded` (in-process) or `queue` (BullMQ on Redis). */
  mode: 'embedded' | 'queue';
  queueDepth: number;
  deadLetters: number;
  /** Queue mode: worker processes seen in the last minute. */
  workers: number;
  /** Configuration that runs but risks data, e.g. Redis without appendonly. */
  warnings: string[];
  /** Each dependency this process uses, probed now (at most a second old). */
  dependencies: Record<string, DependencyHealth>;
}

export interface ProcessRole {
  /** `web` (picket start) serves HTTP; `worker` (picket worker) only consumes the queue. */
  role?: 'web' | 'worker';
  /** Queue mode: a web process that consumes too (one-box deployments, tests). */
  withWorker?: boolean;
  /** Queue mode: batches a consuming process handles at once. */
  concurrency?: number;
}

/** Wires the services of one process. HTTP serving is separate (server/http/http-server.ts). */
export async function createPicket(cfg: Config, log: Logger, roleOpts: ProcessRole = {}): Promise<Picket> {
  const db = await openDatabase(cfg, log);
  const closers: Array<() => Promise<void> | void> = [];
  try {
    const metrics = new PicketMetrics(VERSION);
    const stores = await createEventStores(cfg, db, log);
    const store = timedEventStore(stores.store, metrics);
    const tokens = new ApiTokens(db.orm);
    const users = new Users(db.orm);
    await ensureFirstAdmin(users, cfg, log);
    const secret = await loadAuthSecret(cfg);
    configureAuthLibraryEnv(cfg, secret);
    const ended = new EndedSessions(db.orm);
    const sessions = new SessionResolver(users, secret, ended);
    const queue = await createEventQueue(cfg, log, roleOpts.concurrency);
    closers.push(() => queue.close());
    const settings = new Settings(
      db.orm,
      { oauthNewUserRole: cfg.PICKET_OAUTH_DEFAULT_ROLE },
      {
        version: VERSION,
        database: cfg.DATABASE_URL ? 'external' : 'embedded',
        retentionDays: cfg.PICKET_RETENTION_DAYS,
        oauthProviders: oauthProviders(cfg).map((p) => p.name),
      },
      () => queue.status(),
    );
    const authOptions = buildAuthOptions({ cfg, users, secret, settings, ended, sessions });
    if (cfg.PICKET_ADMIN_TOKEN && (await tokens.ensure(cfg.PICKET_ADMIN_TOKEN, 'PICKET_ADMIN_TOKEN')) === 'revoked') {
      log.warn('PICKET_ADMIN_TOKEN was revoked by an admin and stays revoked; set a new value to get a working token');
    }

    const geoip = await openGeoIp().catch((err: Error) => {
      log.warn({ err: err.message }, 'GeoIP database unavailable; events are stored without geolocation');
      return null;
    });
    const watchlist = new Watchlist(log.child({ component: 'watchlist' }));
    const dropFilters = new DropFilters(log.child({ component: 'drop-filters' }));
    const pluginHost = new PluginHost({
      builtIns: createDefaultPlugins({ geoip, watchlist: watchlist.matcher, dropFilters: dropFilters.set }),
      dir: cfg.pluginsDir,
      log: log.child({ component: 'plugins' }),
      label: `${os.hostname()} pid ${process.pid} (${roleOpts.role ?? 'web'}${roleOpts.withWorker ? ' + worker' : ''})`,
    });
    // Before the first batch: admin plugins run from the first event on.
    await pluginHost.load();
    const pipeline = new EventPipeline(pluginHost.enricher, store, log);
    // Embedded: this process does everything. Queue mode: workers consume; a web process only with --with-worker.
    const consuming = queue.mode === 'regular' || roleOpts.role === 'worker' || roleOpts.withWorker === true;
    if (consuming) queue.process(pipeline.handle);
    const fanout = cfg.REDIS_URL
      ? new StoredFanout(cfg.REDIS_URL, `${cfg.PICKET_REDIS_PREFIX}:stored`, (err) =>
          log.warn({ err }, 'live tail fan-out error'),
        )
      : undefined;
    if (fanout) closers.push(() => fanout.close());
    const ingest = new IngestService(
      queue,
      { retentionDays: cfg.PICKET_RETENTION_DAYS, maxFutureMinutes: cfg.PICKET_MAX_FUTURE_MINUTES },
      metrics,
    );

    const bus = await createBus(cfg, log);
    const presence = new Presence(bus, await createPresenceStore(cfg, log), {
      ttlMs: cfg.PICKET_PRESENCE_TTL_MS,
      onError: (err) => log.warn({ err }, 'presence heartbeat or sweep failed'),
    });
    const explorerStore = stores.explorer;
    const ingestHealth = new IngestHealthMonitor({
      pipelineStats: pipeline.stats,
      ingestStats: ingest.stats,
      queue,
      onStored: (l) => pipeline.onStored(l),
      newestReceivedInStore: () => explorerStore.newestReceived(),
    });
    ingestHealth.start();
    const explorer: ExplorerServices = {
      store,
      explorer: explorerStore,
      fields: new CachedFieldCatalog(explorerStore),
      // Queue mode: tails hear what any worker stored, through Redis.
      tail: fanout
        ? new LiveTail(
            (l) => fanout.onStored(l),
            log,
            (active) => fanout.setActive(active),
          )
        : new LiveTail((l) => pipeline.onStored(l), log),
      savedSearches: new SavedSearches(db.orm),
      ingestHealth,
      dashboardCache: new SingleFlightCache({ freshMs: 10_000, staleMs: 5 * 60_000 }),
      dashboardPanels: { openAlerts: () => openAlertsPanel(db.orm), openCases: () => openCasesPanel(db.orm) },
    };
    const cases = new Cases({
      db: db.orm,
      bus,
      store,
      log,
      maxEvidenceBytes: cfg.PICKET_EVIDENCE_MAX_BYTES,
      uploadDir: path.join(cfg.dataDir, 'uploads'),
    });
    const abandoned = await cases.files.removeAbandonedSpools();
    if (abandoned) log.warn({ abandoned }, 'removed evidence uploads a previous run left unfinished');
    await watchlist.start({ db: db.orm, bus, trustedCidrs: cfg.trustedCidrs, outages: db.health });
    await dropFilters.start({ db: db.orm, bus });
    pluginHost.attach(bus);
    const pluginStatus = new PluginStatusStore(db.orm);
    pluginStatus.start(
      () => pluginHost.status(),
      (err) => void (db.health.absorb(err) || log.warn({ err }, 'reporting plugin status failed')),
    );
    closers.push(
      () => pluginStatus.stop(pluginHost.processId),
      () => pluginHost.stop(),
      () => dropFilters.stop(),
    );
    const plugins: EnrichmentAdmin = { host: pluginHost, statusStore: pluginStatus, dropFilters };
    // Before any rule compiles: rules using |expand read these.
    const placeholders = loadPlaceholderFile(cfg.sigmaPlaceholdersFile);
    setSigmaPlaceholders(placeholders);
    if (placeholders.size)
      log.info(
        { file: cfg.sigmaPlaceholdersFile, placeholders: [...placeholders.keys()] },
        'Sigma placeholders loaded',
      );
    const alerting = createAlerting({
      db: db.orm,
      store,
      bus,
      log,
      tickMs: cfg.PICKET_ALERT_TICK_MS,
      codeRulesDir: cfg.codeRulesDir,
      localEngine: queue.mode === 'regular',
      onAlertLatency: (s) => metrics.observeAlertLatency(s),
      blockList: watchlist.service,
      outages: db.health,
    });
    let clusterEngine: ClusterEngine | undefined;
    if (queue.mode === 'regular') {
      pipeline.onStored(alerting.engine.onStored);
      pipeline.throttle(alerting.engine.backlogBelowLimit);
    } else if (consuming) {
      // Every stored batch goes to the cluster's one engine (and to the live tails) before its job ends.
      const stream = new AlertStream({ url: cfg.REDIS_URL!, prefix: cfg.PICKET_REDIS_PREFIX });
      pipeline.afterStore(async (events, batch) => {
        if (batch) await stream.add(events, batch.id);
        await fanout?.publish(events);
      });
      clusterEngine = new ClusterEngine(
        alerting.engine,
        stream,
        { url: cfg.REDIS_URL!, prefix: cfg.PICKET_REDIS_PREFIX, tickMs: cfg.PICKET_ALERT_TICK_MS },
        log.child({ component: 'alerts' }),
      );
      const ce = clusterEngine;
      // After the queue closer (running batches still hand their events to the stream).
      closers.push(
        () => ce.close(),
        () => stream.close(),
      );
    }
    // A committed batch ends a database outage, a full disk included (reads work while it is full).
    pipeline.onStored(() => db.health.wrote());
    await alerting.start();
    clusterEngine?.start();
    const notifications = createNotifications(
      db.orm,
      {
        baseMs: cfg.PICKET_NOTIFY_RETRY_BASE_MS,
        maxAttempts: cfg.PICKET_NOTIFY_MAX_ATTEMPTS,
        pollMs: Math.min(1000, cfg.PICKET_NOTIFY_RETRY_BASE_MS),
        publicUrl: cfg.NEXTAUTH_URL ?? null,
        allowPrivate: cfg.PICKET_NOTIFY_ALLOW_PRIVATE,
      },
      log,
      db.health,
    );
    notifications.sender.start();

    const entities = new EntityService({ db: db.orm, store, explorer: explorerStore, geoip: openGeoIp });
    const rest = new RestRouter(
      apiRoutes({
        store,
        tokens,
        users,
        sessions,
        db: db.orm,
        cases,
        settings,
        alerting,
        watchlist: watchlist.service,
        notifications,
        entities,
      }),
      {
        tokens,
        log,
        db: db.orm,
        sessionIdentity: (req) => sessions.fromCookieHeader(req.headers.get('cookie')),
        outages: db.health,
      },
    );
    const mozdefRest = createMozdefRouter({
      db: db.orm,
      tokens,
      log,
      watchlist: watchlist.service,
      alerting,
      cases,
      sessionIdentity: (req) => sessions.fromCookieHeader(req.headers.get('cookie')),
      geoip: openGeoIp,
      enrichmentPlugins: () => pluginHost.status().plugins,
      dshieldUrl: cfg.PICKET_DSHIELD_API_URL,
      userAgent: `Picket/${VERSION}`,
    });
    const trpcServices: TrpcServices = {
      db: db.orm,
      bus,
      presence,
      cases,
      settings,
      alerting,
      store,
      explorer,
      watchlist: watchlist.service,
      notifications,
      queue,
      plugins,
      userAdmin: { users, sessions },
      tokens,
      entities,
    };
    const trpc = createTrpcHttp({ tokens, sessions, log, services: trpcServices, outages: db.health });
    const clientIp = new ClientAddresses(cfg.trustedProxies).of;
    const ingestHandler = createIngestHandler({
      ingest,
      tokens,
      trusted: parseCidrList(cfg.trustedCidrs),
      clientIp,
      log,
      metrics,
      outages: db.health,
    });
    const ops = createOps({
      cfg,
      pool: db.pool,
      databaseStatus: () => db.status(),
      db: db.orm,
      store,
      queue,
      metrics,
      tokens,
      sessionIdentity: (cookie) => sessions.fromCookieHeader(cookie),
      clientIp,
    });

    const retention = async () => {
      try {
        const dropped = await store.applyRetention(cfg.PICKET_RETENTION_DAYS);
        if (dropped.length) log.info({ dropped }, 'retention dropped old partitions');
      } catch (err) {
        if (!db.health.absorb(err)) log.error({ err }, 'retention failed');
      }
    };
    await retention();
    // Indexes a migration added, on partitions that predate it: built in the background (a large
    // store takes minutes to hours), again with each retention pass until every one is attached.
    const indexing = new AbortController();
    let indexBuild: Promise<void> | undefined;
    const deferredIndexes = () => {
      indexBuild = store.buildDeferredIndexes?.(indexing.signal).catch((err) => {
        if (!db.health.absorb(err)) log.error({ err }, 'building partition indexes failed');
      });
    };
    deferredIndexes();
    // retention() catches its own errors.
    const retentionTimer = setInterval(() => void retention().then(deferredIndexes), RETENTION_EVERY_MS);
    retentionTimer.unref();
    // Hours close every few minutes, not with the hourly retention: until then their minutes are read.
    const closeHours = () =>
      store.closeRollupHours?.().catch((err) => {
        if (!db.health.absorb(err)) log.error({ err }, 'closing rollup hours failed');
      });
    const hoursTimer = setInterval(() => void closeHours(), CLOSE_ROLLUP_HOURS_EVERY_MS);
    hoursTimer.unref();

    return {
      cfg,
      log,
      db,
      store,
      queue,
      pipeline,
      ingest,
      tokens,
      users,
      settings,
      sessions,
      authOptions,
      rest,
      mozdefRest,
      ingestHandler,
      clientIp,
      bus,
      presence,
      cases,
      alerting,
      watchlist,
      plugins,
      notifications,
      explorer,
      trpcServices,
      trpc,
      ops,
      clusterEngine,
      async health(opts = {}) {
        const [{ status, dependencies }, q] = await Promise.all([
          ops.dependencies(opts.withErrors ?? false),
          queue.status().catch((): QueueStatus | undefined => undefined),
        ]);
        // The event store's own probe: Postgres, or the search cluster registered under its kind.
        const storeOk = dependencies[store.kind]?.status === 'ok';
        const max = queue.mode === 'regular' ? cfg.PICKET_INGEST_MAX_PENDING : cfg.PICKET_QUEUE_MAX_DEPTH;
        const state = q === undefined ? 'unreachable' : q.depth >= max ? 'saturated' : 'ok';
        const database = db.status();
        // The outage tracker sees a dead database on the next request; the cached probes may not for a while.
        const healthy = status === 'ok' && storeOk && q !== undefined && database.state === 'ok';
        return {
          status: healthy ? 'ok' : 'degraded',
          // What answered at start: `postgres`, or the engine and version, e.g. `opensearch 2.19.6`.
          store: `${stores.description}:${storeOk ? 'ok' : 'degraded'}`,
          // e.g. "embedded:ok", "embedded:restarting (120 refused)", "external:disk full (3 refused)"
          database: `${database.mode}:${database.state}${database.state === 'ok' ? '' : ` (${database.refused} refused)`}`,
          queue: `${queueModeLabel(queue) === 'embedded' ? 'in-process' : 'bullmq'}:${state} (${q?.depth ?? queue.pending()} pending)`,
          version: VERSION,
          mode: queueModeLabel(queue),
          queueDepth: q?.depth ?? queue.pending(),
          deadLetters: q?.deadLetters ?? 0,
          workers: q?.workers ?? 0,
          warnings: q?.warnings ?? [],
          dependencies,
        };
      },
      async stop() {
        clearInterval(retentionTimer);
        clearInterval(hoursTimer);
        indexing.abort();
        await indexBuild;
        ingestHealth.stop();
        // Stop consuming first (running jobs finish), then the engine and the rest.
        for (const close of closers) await close();
        await alerting.stop();
        await notifications.sender.stop();
        watchlist.stop();
        await presence.close();
        await bus.close();
        await ops.close();
        await stores.close();
        await db.close();
      },
    };
  } catch (err) {
    for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
    await db.close();
    throw err;
  }
}
