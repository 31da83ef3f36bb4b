// Queue mode inside the test process: several startServer() instances (no web UI, each consuming)
// on one test database and one Redis key prefix, so a test can reach each one's alert engine and
// stop one to watch another take over. test/queue-cluster.ts runs real child processes instead.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../server.ts';
import { loadConfig } from '../server/config.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export type ClusterInstance = Awaited<ReturnType<typeof startServer>> & { s: { url: string; adminToken: string } };

export class InProcessCluster {
  readonly prefix = `picket-test-${crypto.randomUUID()}`;
  readonly adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
  /** Instances started and not yet stopped by the test. */
  readonly running: ClusterInstance[] = [];
  db!: TestDatabase;
  private readonly dirs: string[] = [];

  constructor(readonly redisUrl: string) {}

  /** Creates the (unmigrated) database: the first instance applies the migrations. Call in beforeAll. */
  async open(): Promise<void> {
    this.db = await createTestDatabase({ migrate: false });
  }

  /** One more process of the cluster; start them one after the other (the first migrates). */
  async start(): Promise<ClusterInstance> {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-cluster-'));
    this.dirs.push(dataDir);
    const cfg = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: this.db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      PICKET_DATA_DIR: dataDir,
      PICKET_ADMIN_TOKEN: this.adminToken,
      PICKET_LOG_LEVEL: 'warn',
      PICKET_UI: 'false',
      REDIS_URL: this.redisUrl,
      PICKET_REDIS_PREFIX: this.prefix,
    });
    const server = await startServer(cfg, { web: false, withWorker: true });
    const instance = Object.assign(server, {
      s: { url: `http://127.0.0.1:${server.port}`, adminToken: this.adminToken },
    });
    this.running.push(instance);
    return instance;
  }

  /** Stops one instance (e.g. the engine's holder) and forgets it. */
  async stop(instance: ClusterInstance): Promise<void> {
    this.running.splice(this.running.indexOf(instance), 1);
    await instance.stop();
  }

  /** Stops what still runs, drops the database and removes the data dirs. Call in afterAll. */
  async close(): Promise<void> {
    await Promise.all(this.running.map((r) => r.stop()));
    await this.db?.drop();
    for (const d of this.dirs) await fs.rm(d, { recursive: true, force: true });
  }
}
