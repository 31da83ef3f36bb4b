import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { killOnceAcknowledged, startPicketProcess } from './picket-process.ts';

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

describe('durability: kill -9 during ingest loses no acknowledged event', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db?.drop());

  it('every event of every 200 answer is in Postgres after a crash and a restart', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-durable-'));
    const first = await startPicketProcess({ DATABASE_URL: db.url, PICKET_DATA_DIR: dataDir });
    const acked: number[] = [];
    let seq = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const batch = Array.from({ length: 50 }, () => seq++);
        try {
          const res = await fetch(`${first.url}/events`, {
            method: 'POST',
            body: batch.map((n) => JSON.stringify({ summary: `durable ${n}`, details: { seq: n }, tags: ['durability'] })).join('\n'),
          });
          if (res.status === 200) {
            const body = await res.json();
            if (body.accepted === 50) acked.push(...batch);
          }
        } catch {
          // The process died mid-request: no answer, so nothing was acknowledged.
        }
      }
    };
    const clients = Array.from({ length: 6 }, client);
    await killOnceAcknowledged(first.child, () => acked.length, 601, 30_000);
    stop = true;
    await Promise.all(clients);
    expect(acked.length).toBeGreaterThan(500);

    // Restart on the same database: migrations are idempotent, the store is intact.
    const second = await startPicketProcess({ DATABASE_URL: db.url, PICKET_DATA_DIR: dataDir });
    try {
      const { rows } = await db.pool.query<{ seq: number }>(`SELECT (details->>'seq')::int AS seq FROM events WHERE tags @> ARRAY['durability']`);
      const stored = new Set(rows.map((r) => r.seq));
      const lost = acked.filter((n) => !stored.has(n));
      expect(lost).toEqual([]);
      // No duplicates either: each acknowledged seq stored once.
      expect(rows.length).toBe(stored.size);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    expect(second.child.exitCode).toBe(0);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});

describe('embedded mode: no DATABASE_URL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-embedded-'));
  });
  afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

  it('initializes, survives kill -9 (stale server adopted), restarts, and shuts down cleanly', async () => {
    const env = { PICKET_DATA_DIR: dataDir, PICKET_ADMIN_TOKEN: 'pkt_embedded_test_token_0123456789' };
    const a = await startPicketProcess(env);
    const post = await fetch(`${a.url}/events`, { method: 'POST', body: JSON.stringify({ summary: 'embedded one', tags: ['emb'] }) });
    expect(post.status).toBe(200);
    a.child.kill('SIGKILL');
    await exited(a.child);

    const b = await startPicketProcess(env);
    const res = await fetch(`${b.url}/api/v1/events?q=tags:emb`, { headers: { Authorization: `Bearer ${env.PICKET_ADMIN_TOKEN}` } });
    expect((await res.json()).total).toBe(1);
    b.child.kill('SIGTERM');
    await exited(b.child);
    expect(b.child.exitCode).toBe(0);
    // Clean shutdown stopped Postgres: no live postmaster.pid remains.
    await expect(fs.access(path.join(dataDir, 'postgres/data/postmaster.pid'))).rejects.toThrow();

    const c = await startPicketProcess(env);
    const again = await fetch(`${c.url}/api/v1/events?q=tags:emb`, { headers: { Authorization: `Bearer ${env.PICKET_ADMIN_TOKEN}` } });
    expect((await again.json()).total).toBe(1);
    c.child.kill('SIGTERM');
    await exited(c.child);
  });
});
