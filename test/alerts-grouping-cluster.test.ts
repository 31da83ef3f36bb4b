// Grouping in queue mode: two processes on one Redis and one Postgres, the alert engine in whichever
// holds the lease. Crossings ingested through either process land in one grouped alert, and after
// the engine's process stops, the other takes over and keeps absorbing into the same alert (the open
// alert lives in Postgres, not in the engine).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer } from '../server.ts';
import { loadConfig } from '../server/config.ts';
import { api, postEvents, sshFailureBurst, until, type Json } from './alerts-api.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

const redisUrl = inject('redisUrl');
type Instance = Awaited<ReturnType<typeof startServer>> & { s: { url: string; adminToken: string } };

describe.runIf(redisUrl)('grouping with one alert engine for the cluster', () => {
  let db: TestDatabase;
  const running: Instance[] = [];
  const dirs: string[] = [];
  const adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
  const prefix = `picket-test-${crypto.randomUUID()}`;

  async function start(): Promise<Instance> {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-grouping-cluster-'));
    dirs.push(dataDir);
    const cfg = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      PICKET_DATA_DIR: dataDir,
      PICKET_ADMIN_TOKEN: adminToken,
      PICKET_LOG_LEVEL: 'warn',
      PICKET_UI: 'false',
      REDIS_URL: redisUrl,
      PICKET_REDIS_PREFIX: prefix,
    });
    const server = await startServer(cfg, { web: false, withWorker: true });
    const instance = Object.assign(server, { s: { url: `http://127.0.0.1:${server.port}`, adminToken } });
    running.push(instance);
    return instance;
  }

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    // One after the other: the first applies the migrations.
    await start();
    await start();
  });
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await db?.drop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  const grouped = async (s: Instance['s'], ip: string) =>
    ((await api(s, 'GET', '/alerts?size=100')).body.alerts as Json[]).filter((a) => a.groupKey === ip);

  it('absorbs crossings ingested through both processes into one alert, also after the engine moves', async () => {
    const [a, b] = running;
    await until(
      async () => a.picket.clusterEngine!.isLeader || b.picket.clusterEngine!.isLeader,
      'one process to take the alert engine',
    );
    const [leader, other] = a.picket.clusterEngine!.isLeader ? [a, b] : [b, a];
    const ip = '203.0.113.66';
    for (const [i, minutesAgo] of [12, 9, 6, 3].entries()) {
      await postEvents((i % 2 ? leader : other).s, sshFailureBurst(ip, minutesAgo * 60_000));
      await until(
        async () => ((await grouped(other.s, ip))[0]?.occurrences === i + 1 ? true : null),
        `crossing ${i + 1} absorbed`,
      );
    }
    const [alert] = await grouped(other.s, ip);
    expect(await grouped(other.s, ip)).toHaveLength(1);
    expect(alert).toMatchObject({ occurrences: 4, eventCount: 40 });

    // The engine's process stops; the other takes the lease and rebuilds from the store.
    await leader.stop();
    running.splice(running.indexOf(leader), 1);
    await until(async () => other.picket.clusterEngine!.isLeader, 'the other process to take the alert engine', 60_000);
    await postEvents(other.s, sshFailureBurst(ip, 60_000));
    await until(
      async () => ((await grouped(other.s, ip))[0]?.occurrences === 5 ? true : null),
      'the crossing after the failover absorbed',
      60_000,
    );
    expect(await grouped(other.s, ip)).toMatchObject([{ id: alert.id, occurrences: 5, eventCount: 50 }]);
  });
});
