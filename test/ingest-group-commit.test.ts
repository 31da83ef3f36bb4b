// Group commit: single-event requests that arrive together share one store write. Sharing must
// never cost a request its own answer: each is acknowledged only once its row is committed, a bad
// event (refused at parse time or by Postgres) loses nothing of the requests it rode with, and a
// crash loses no acknowledged event.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../server/ingest/event.ts';
import { normalizeEvent } from '../server/ingest/normalize.ts';
import { InProcessQueue } from '../server/queue/in-process-queue.ts';
import { PostgresEventStore } from '../server/store/postgres/postgres-event-store.ts';
import { Enricher } from '../server/workers/enrich.ts';
import { EventPipeline } from '../server/workers/pipeline.ts';
import { expectStoredOnce, ingestUntilKilled } from './crash-ingest.ts';
import { startPicketProcess, stopChild } from './picket-process.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

function normalized(raw: Record<string, unknown>): PicketEvent {
  const r = normalizeEvent(raw, { now: new Date(), retentionDays: 90, maxFutureMinutes: 60 });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('group commit through the queue and the Postgres store', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('a row Postgres refuses is dead-lettered; every other publisher of the shared batch is stored and answered', async () => {
    const log = pino({ level: 'silent' });
    const store = new PostgresEventStore(db.pool, log);
    const pipeline = new EventPipeline(new Enricher([]), store, log);
    const sizes: number[] = [];
    const queue = new InProcessQueue({ maxPending: 10_000, gatherMs: 20 });
    queue.process(async (events) => {
      sizes.push(events.length);
      await pipeline.handle(events);
    });
    const events = Array.from({ length: 30 }, (_, i) =>
      normalized({ summary: `shared batch ${i}`, tags: ['group-commit'], details: { seq: i } }),
    );
    // Normalization strips NUL; one that slips past it is what Postgres refuses (text and jsonb).
    events[17].summary = 'shared batch \u0000 refused';
    const results = await Promise.allSettled(events.map((e) => queue.publish([e])));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    // The 30 publishes shared fewer writes than 30 (the first alone, the rest gathered behind it).
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(sizes.length).toBeLessThan(30);
    const { rows } = await db.pool.query<{ seq: number }>(
      `SELECT (details->>'seq')::int AS seq FROM events WHERE tags @> ARRAY['group-commit'] ORDER BY 1`,
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 17));
    const dead = await db.pool.query<{ raw: string }>(
      `SELECT raw FROM events_dead_letter WHERE raw LIKE '%shared batch%'`,
    );
    expect(dead.rows.map((r) => JSON.parse(r.raw).details.seq)).toEqual([17]);
    await queue.close();
  });
});

describe('group commit over HTTP: single-event requests', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-group-commit-'));
  });
  afterAll(async () => {
    await db?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('concurrent requests with bad events among them: the bad ones are refused, every good event is stored', async () => {
    const p = await startPicketProcess({ DATABASE_URL: db.url, PICKET_DATA_DIR: dataDir });
    try {
      const post = (body: string) =>
        fetch(`${p.url}/events`, { method: 'POST', body }).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        }));
      const good = Array.from({ length: 40 }, (_, i) =>
        post(JSON.stringify({ summary: `concurrent ${i}`, tags: ['gc-http'], details: { seq: i } })),
      );
      const malformed = [post('{"summary": "cut off'), post('[1, 2')];
      // One request carrying a bad item and a good one: the good one is kept, the bad one named by index.
      const mixed = post(JSON.stringify([42, { summary: 'concurrent 40', tags: ['gc-http'], details: { seq: 40 } }]));
      const answers = await Promise.all(good);
      expect(answers.every((a) => a.status === 200 && a.body.accepted === 1)).toBe(true);
      expect((await Promise.all(malformed)).map((a) => a.status)).toEqual([400, 400]);
      const m = await mixed;
      expect(m.status).toBe(200);
      expect(m.body.accepted).toBe(1);
      expect(m.body.rejected.map((r: { index: number }) => r.index)).toEqual([0]);
      // Answered 200 means committed: the rows are there now, without waiting.
      const { rows } = await db.pool.query<{ seq: number }>(
        `SELECT (details->>'seq')::int AS seq FROM events WHERE tags @> ARRAY['gc-http'] ORDER BY 1`,
      );
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    } finally {
      await stopChild(p.child);
    }
  });

  it('kill -9 while 32 clients post one event each: every acknowledged event is stored once after the restart', async () => {
    const env = { DATABASE_URL: db.url, PICKET_DATA_DIR: dataDir };
    const acked = await ingestUntilKilled(env, {
      tag: 'gc-kill',
      clients: 32,
      perRequest: 1,
      killAt: 200,
      maxMs: 40_000,
    });
    expect(acked.length).toBeGreaterThan(20);

    const second = await startPicketProcess(env);
    try {
      await expectStoredOnce(db.pool, 'gc-kill', acked);
    } finally {
      await stopChild(second.child);
    }
  }, 180_000);
});
