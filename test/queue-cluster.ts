// Queue mode as real child processes: `picket start` and `picket worker` on one test database and
// one Redis key prefix, with what they leave behind (data dirs, queue keys, the database) removed.
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RedisEventQueue } from '../server/queue/redis-event-queue.ts';
import { startPicketProcess, startPicketWorker, stopChild } from './picket-process.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export class QueueCluster {
  readonly prefix = `picket-test-${crypto.randomUUID()}`;
  readonly adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
  db!: TestDatabase;
  private readonly dirs: string[] = [];
  private readonly children: ChildProcess[] = [];

  /** `env` goes to every process (e.g. PICKET_ALERT_TICK_MS). */
  constructor(
    readonly redisUrl: string,
    private readonly env: Record<string, string> = {},
  ) {}

  /** Creates the (unmigrated) database: the first web process applies the migrations. Call in beforeAll. */
  async open(): Promise<void> {
    this.db = await createTestDatabase({ migrate: false });
  }

  /** A fresh temporary directory, removed by close(). */
  async tmpDir(): Promise<string> {
    const d = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-cluster-'));
    this.dirs.push(d);
    return d;
  }

  private async childEnv(env: Record<string, string>): Promise<Record<string, string>> {
    const shared = {
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redisUrl,
      PICKET_REDIS_PREFIX: this.prefix,
      PICKET_ADMIN_TOKEN: this.adminToken,
    };
    return { ...shared, ...this.env, PICKET_DATA_DIR: await this.tmpDir(), ...env };
  }

  /** A web process (`picket start`), with its own data dir. */
  async web(env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
    const p = await startPicketProcess(await this.childEnv(env), { onSpawn: (c) => this.children.push(c) });
    return { child: p.child, url: p.url };
  }

  /** A worker (`picket worker`), with its own data dir. */
  async worker(args: string[] = [], env: Record<string, string> = {}): Promise<ChildProcess> {
    return (await startPicketWorker(await this.childEnv(env), { args, onSpawn: (c) => this.children.push(c) })).child;
  }

  /** Stops every process, then removes the queue's Redis keys, the database and the directories. Call in afterAll. */
  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => stopChild(c)));
    const q = await RedisEventQueue.connect({ url: this.redisUrl, prefix: this.prefix, maxDepth: 1000 }).catch(
      () => undefined,
    );
    await q?.destroy();
    await q?.close();
    await this.db?.drop();
    for (const d of this.dirs) await fs.rm(d, { recursive: true, force: true });
  }
}
