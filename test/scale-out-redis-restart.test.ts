// Fault: the Redis of a queue-mode cluster is killed (SIGKILL) and restarted under sustained ingest.
// With appendonly yes (what docs/architecture.md asks for), every event acknowledged with a 200 is
// stored exactly once; requests during the outage are refused (503), never acknowledged and dropped.
// The test runs its own redis-server on a free port with its data in a temp dir. Needs REDIS_URL set
// (the CI signal that Redis is installed) and the redis-server binary.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPicketProcess, startPicketWorker, stopChild } from './picket-process.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { eventually } from './trpc-ws-client.ts';
import { freePort } from './free-port.ts';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const enabled = Boolean(inject('redisUrl')) && hasRedisServer;
if (!enabled) console.warn('Redis restart fault test skipped: needs REDIS_URL and the redis-server binary');

describe.skipIf(!enabled)('queue mode survives a Redis restart under load', () => {
  let db: TestDatabase;
  let redisDir: string;
  let port: number;
  let redis: ChildProcess | undefined;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  async function startRedis(): Promise<void> {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--save', ''],
      { stdio: 'ignore' },
    );
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    await eventually(async () => {
      await probe.connect().catch(() => undefined);
      expect(await probe.ping()).toBe('PONG');
    }, 10_000);
    probe.disconnect();
  }

  beforeAll(async () => {
    redisDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-redis-'));
    port = await freePort();
    await startRedis();
    db = await createTestDatabase({ migrate: false });
    const base = {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      PICKET_REDIS_PREFIX: 'picket',
      PICKET_ADMIN_TOKEN: `pkt_test_${crypto.randomBytes(16).toString('hex')}`,
    };
    const dir = async () => {
      const d = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-redis-restart-'));
      dirs.push(d);
      return d;
    };
    const web = await startPicketProcess({ ...base, PICKET_DATA_DIR: await dir() });
    children.push(web.child);
    webUrl = web.url;
    const worker = await startPicketWorker({ ...base, PICKET_DATA_DIR: await dir() });
    children.push(worker.child);
  });

  let webUrl: string;

  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await stopChild(redis, 'SIGKILL');
    await db?.drop();
    for (const d of [...dirs, redisDir]) if (d) await fs.rm(d, { recursive: true, force: true });
  });

  it('stores every acknowledged event exactly once and resumes by itself', async () => {
    const health = (await (await fetch(`${webUrl}/api/health`)).json()) as { mode: string; warnings: string[] };
    // appendonly is on: no warning.
    expect(health).toMatchObject({ mode: 'queue', warnings: [] });

    const ackedSeqs: number[] = [];
    const statuses = new Map<number, number>();
    let seq = 0;
    let running = true;
    let ackedAfterRestart = 0;
    let restarted = false;
    const load = (async () => {
      while (running) {
        const first = seq;
        seq += 50;
        const events = Array.from({ length: 50 }, (_, i) => ({
          category: 'redis-restart',
          summary: `e${first + i}`,
          details: { seq: first + i },
        }));
        const res = await fetch(`${webUrl}/events`, { method: 'POST', body: JSON.stringify(events) }).catch(
          () => undefined,
        );
        const status = res?.status ?? 0;
        await res?.arrayBuffer();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) {
          for (let i = 0; i < 50; i++) ackedSeqs.push(first + i);
          if (restarted) ackedAfterRestart++;
        } else await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 2000));
    redis!.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));
    await new Promise((r) => setTimeout(r, 1500));
    await startRedis();
    restarted = true;
    // Ingest comes back without anyone touching Picket.
    await eventually(() => expect(ackedAfterRestart).toBeGreaterThan(5), 30_000);
    running = false;
    await load;

    expect(statuses.get(200)).toBeGreaterThan(0);
    // The outage was real: requests meanwhile were refused.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    // Only 200s and 503s: a refused request is the shipper's to retry.
    for (const s of statuses.keys()) expect([200, 503]).toContain(s);
    await eventually(async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE category = 'redis-restart' AND (details->>'seq')::int = ANY($1::int[])`,
        [ackedSeqs],
      );
      expect(rows[0].n).toBe(ackedSeqs.length);
    }, 60_000);
    const dup = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT details->>'seq' FROM events WHERE category = 'redis-restart' GROUP BY 1 HAVING count(*) > 1) d`,
    );
    expect(dup.rows[0].n).toBe(0);
  }, 120_000);
});
