// Custom server: Next (pages) + ws upgrade on /api/ws + the ingest and REST fast paths.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, type Config } from './server/config.ts';
import { createLogger, resolveLogFormat, type Logger } from './server/logger.ts';
import { createPicket, VERSION, type Picket } from './server/app.ts';
import { createHttpServer, type WebApp } from './server/http/http-server.ts';
import { ensureNextBuild } from './server/next-build.ts';
import { createWsEndpoint, type RealtimeEndpoint } from './server/realtime/ws-server.ts';
import { setSharedServices } from './server/services.ts';
import { oauthProviders } from './server/auth/next-auth-options.ts';
import { SyslogListener } from './server/ingest/syslog/syslog-listener.ts';
import { stopOnSignals } from './server/cli/stop-on-signals.ts';
import { parseCidrList } from './server/net/ip.ts';
import { AmqpConsumer } from './server/ingest/amqp/amqp-consumer.ts';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

export interface StartOptions {
  /** Serve pages through Next (default). Off for API-only processes and fast tests. */
  web?: boolean;
  /** Queue mode: also consume the queue in this process (`picket start --with-worker`). */
  withWorker?: boolean;
  /** Queue mode with withWorker: batches handled at once. */
  concurrency?: number;
}

async function loadNext(cfg: Config, log: Logger): Promise<WebApp> {
  if (!cfg.dev) await ensureNextBuild(ROOT, log);
  const { default: next } = await import('next');
  const app = next({ dev: cfg.dev, dir: ROOT, hostname: cfg.HOST, port: cfg.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler?.();
  return {
    handle: (req, res) => handle(req, res),
    upgrade: upgrade ? (req, socket, head) => void upgrade(req, socket, head) : undefined,
  };
}

/** One Picket per embedded data dir: a second one would fight over Postgres. */
async function lockDataDir(cfg: Config): Promise<() => Promise<void>> {
  if (cfg.DATABASE_URL) return async () => undefined;
  await fs.mkdir(cfg.dataDir, { recursive: true });
  const file = path.join(cfg.dataDir, 'picket.pid');
  const other = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
  if (other && other !== process.pid) {
    let alive = true;
    try {
      process.kill(other, 0);
    } catch {
      alive = false;
    }
    if (alive)
      throw new Error(`another Picket (pid ${other}) is running on ${cfg.dataDir}; stop it or set PICKET_DATA_DIR`);
  }
  await fs.writeFile(file, String(process.pid));
  return () => fs.rm(file, { force: true });
}

export interface RunningServer {
  stop(): Promise<void>;
  port: number;
  /** The syslog input's port when PICKET_SYSLOG_PORT is set (0 there picks a free one). */
  syslogPort?: number;
  picket: Picket;
  realtime: RealtimeEndpoint;
}

export async function startServer(cfg: Config = config(), opts: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(cfg.PICKET_LOG_LEVEL, resolveLogFormat(cfg.PICKET_LOG_FORMAT));
  const unlock = await lockDataDir(cfg);
  const picket = await createPicket(cfg, log, {
    role: 'web',
    withWorker: opts.withWorker,
    concurrency: opts.concurrency,
  }).catch(async (err) => {
    await unlock();
    throw err;
  });
  const web = (opts.web ?? cfg.PICKET_UI) ? await loadNext(cfg, log) : undefined;
  setSharedServices({
    rest: picket.rest,
    version: VERSION,
    authOptions: picket.authOptions,
    sessionIdentity: (cookie) => picket.sessions.fromCookieHeader(cookie),
    oauthProviders: oauthProviders(cfg),
    devProbes: cfg.PICKET_DEV_PROBES,
    evidenceMaxBytes: cfg.PICKET_EVIDENCE_MAX_BYTES,
  });
  const ws = createWsEndpoint({
    tokens: picket.tokens,
    sessions: picket.sessions,
    log,
    version: VERSION,
    services: picket.trpcServices,
    clientIp: picket.clientIp,
    outages: picket.db.health,
  });
  picket.ops.metrics.setSources({ websocketClients: () => ws.clientCount() });
  const server = createHttpServer(picket, web, ws);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.PORT, cfg.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.PORT;
  const syslog =
    cfg.PICKET_SYSLOG_PORT !== undefined
      ? new SyslogListener(picket.ingest, log.child({ component: 'syslog' }), parseCidrList(cfg.syslogAllowedCidrs))
      : undefined;
  const syslogPort = syslog ? await syslog.start(cfg.PICKET_SYSLOG_PORT!, cfg.HOST) : undefined;
  const amqp = cfg.AMQP_URL
    ? new AmqpConsumer(picket.ingest, log.child({ component: 'amqp' }), {
        url: cfg.AMQP_URL,
        queue: cfg.PICKET_AMQP_QUEUE,
      })
    : undefined;
  await amqp?.start();
  console.log(`Picket ready on http://${cfg.HOST}:${port}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: no new connections, flushing pending events');
      server.close();
      server.closeIdleConnections();
      ws.close();
      await Promise.all([syslog?.stop(), amqp?.stop()]);
      // Embedded: commit what was accepted. Queue mode: accepted events are in Redis already; the
      // queue's close (in picket.stop) waits for adds in flight and running batches.
      if (picket.queue.mode === 'regular') await picket.queue.drain();
      // In-flight requests got their answers once drained; give slow clients a moment, then cut.
      const forced = setTimeout(() => server.closeAllConnections(), 5000);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(forced);
      await picket.stop();
      setSharedServices(undefined);
      await unlock();
      log.info('stopped');
    })());
  return { stop, port, syslogPort, picket, realtime: ws };
}

/** `picket start`: serve until SIGINT/SIGTERM, then shut down cleanly. */
export async function runServer(opts: Pick<StartOptions, 'withWorker' | 'concurrency'> = {}): Promise<void> {
  const { stop } = await startServer(config(), opts);
  stopOnSignals(stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runServer().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
