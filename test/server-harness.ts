import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { startServer } from '../server.ts';
import type { Picket } from '../server/app.ts';
import type { RealtimeEndpoint } from '../server/realtime/ws-server.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestServer {
  url: string;
  adminToken: string;
  db: TestDatabase;
  dataDir: string;
  /** The running process's services, for checks the HTTP API does not expose (e.g. password sign-in). */
  picket: Picket;
  /** The /api/ws endpoint, e.g. to drop sockets as a network failure would. */
  realtime: RealtimeEndpoint;
  /** The syslog input's port, when started with PICKET_SYSLOG_PORT. */
  syslogPort?: number;
  stop(): Promise<void>;
}

/** A real Picket (HTTP, pipeline, Postgres store) on a random port with its own database. */
/** With REDIS_URL in `env` the server runs in queue mode; `withWorker` makes it consume too. */
export async function startTestServer(
  env: Record<string, string> = {},
  opts: { web?: boolean; withWorker?: boolean } = {},
): Promise<TestServer> {
  const db = await createTestDatabase({ migrate: false });
  const adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-test-data-'));
  const cfg = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    PICKET_DATA_DIR: dataDir,
    PICKET_ADMIN_TOKEN: adminToken,
    PICKET_LOG_LEVEL: 'warn',
    PICKET_UI: 'false',
    ...env,
  });
  const server = await startServer(cfg, { web: opts.web ?? false, withWorker: opts.withWorker });
  return {
    url: `http://127.0.0.1:${server.port}`,
    adminToken,
    db,
    dataDir,
    picket: server.picket,
    realtime: server.realtime,
    syslogPort: server.syslogPort,
    async stop() {
      await server.stop();
      await db.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function yesterdayAt(time: string): { date: string; iso: string } {
  const d = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return { date: d, iso: `${d}T${time}` };
}
