import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStoredOnce, ingestUntilKilled } from './crash-ingest.ts';
import { exited, startPicketProcess, stopChild, stopEmbeddedPostgres } from './picket-process.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

describe('durability: kill -9 during ingest loses no acknowledged event', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-durable-'));
  });
  afterAll(async () => {
    await db?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('every event of every 200 answer is in Postgres after a crash and a restart', async () => {
    const env = { DATABASE_URL: db.url, PICKET_DATA_DIR: dataDir };
    const acked = await ingestUntilKilled(env, {
      tag: 'durability',
      clients: 6,
      perRequest: 50,
      killAt: 601,
      maxMs: 30_000,
    });
    expect(acked.length).toBeGreaterThan(500);

    // Restart on the same database: migrations are idempotent, the store is intact.
    const second = await startPicketProcess(env);
    try {
      await expectStoredOnce(db.pool, 'durability', acked);
    } finally {
      await stopChild(second.child);
    }
    expect(second.child.exitCode).toBe(0);
    // Two process starts and up to 30 s of load: the budget of its single-event sibling (ingest-group-commit).
  }, 180_000);
});

// One `picket start` a step: each is a process start (seconds of module loading, more on a loaded
// box) and the first also initializes the cluster, so one test for all three outgrew its budget.
describe('embedded mode: no DATABASE_URL', () => {
  let dataDir: string;
  const env = () => ({ PICKET_DATA_DIR: dataDir, PICKET_ADMIN_TOKEN: 'pkt_embedded_test_token_0123456789' });
  const children: ChildProcess[] = [];
  const start = async () => {
    const p = await startPicketProcess(env(), { onSpawn: (c) => children.push(c) });
    return {
      ...p,
      total: async () =>
        (
          await (
            await fetch(`${p.url}/api/v1/events?q=tags:emb`, {
              headers: { Authorization: `Bearer ${env().PICKET_ADMIN_TOKEN}` },
            })
          ).json()
        ).total,
    };
  };
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-embedded-'));
  });
  afterAll(async () => {
    // Also after a failed step: no Picket and no Postgres outlive the suite.
    await Promise.all(children.map((c) => stopChild(c, 'SIGKILL')));
    await stopEmbeddedPostgres(dataDir);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('initializes a cluster, then is killed with -9 (its Postgres left running)', async () => {
    const a = await start();
    const post = await fetch(`${a.url}/events`, {
      method: 'POST',
      body: JSON.stringify({ summary: 'embedded one', tags: ['emb'] }),
    });
    expect(post.status).toBe(200);
    a.child.kill('SIGKILL');
    await exited(a.child);
  });

  it('adopts the Postgres left running, and stops it on a clean shutdown', async () => {
    const b = await start();
    expect(await b.total()).toBe(1);
    await stopChild(b.child);
    expect(b.child.exitCode).toBe(0);
    // Clean shutdown stopped Postgres: no live postmaster.pid remains.
    await expect(fs.access(path.join(dataDir, 'postgres/data/postmaster.pid'))).rejects.toThrow();
  });

  it('starts the stopped cluster again with the data intact', async () => {
    const c = await start();
    expect(await c.total()).toBe(1);
    await stopChild(c.child);
  });
});
