// Match rules across a crash: events committed to the store whose alert was not written yet when the
// process died (kill -9 while the alert write waits on a lock) are replayed at the next start from
// the rule's cursor, so each gets exactly one alert; a clean restart replays nothing twice.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsOf, createRule, postEvents, until } from './alerts-api.ts';
import { exited, startPicketProcess } from './picket-process.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

let db: TestDatabase | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await db?.drop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('match rules across a crash', () => {
  it('alerts each event committed before a kill -9 exactly once after the restart, and a clean restart adds nothing', async () => {
    db = await createTestDatabase({ migrate: false });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-replay-'));
    const adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
    const env = {
      DATABASE_URL: db.url,
      PICKET_DATA_DIR: dataDir,
      PICKET_ADMIN_TOKEN: adminToken,
      PICKET_ALERT_TICK_MS: '200',
    };
    const ev = (n: number) => ({ category: 'crash-replay', details: { n } });
    const summaries = async (url: string, ruleId: string) =>
      (await alertsOf({ url, adminToken }, ruleId)).map((a) => a.summary as string).sort();

    const first = await startPicketProcess(env);
    const s1 = { url: first.url, adminToken };
    const rule = await createRule(s1, {
      name: 'crash',
      type: 'match',
      query: 'category:crash-replay',
      severity: 'WARNING',
      category: 'test',
      summary: 'event {details.n}',
    });
    const ruleId = rule.id as string;
    await postEvents(s1, [ev(0)]);
    await until(async () => (await summaries(first.url, ruleId)).length === 1, 'the first alert');

    // Hold alert writes: the engine's insert into alerts waits on this lock until the process dies.
    const lock = await db.pool.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE alerts IN EXCLUSIVE MODE');
      await postEvents(s1, [1, 2, 3, 4, 5].map(ev)); // 200: committed to the store
      await until(async () => {
        const r = await db!.pool.query(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%insert into alerts%'`,
        );
        return r.rowCount! > 0;
      }, 'the alert write to wait on the lock');
      first.child.kill('SIGKILL');
      await exited(first.child);
    } finally {
      await lock.query('ROLLBACK');
      lock.release();
    }
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE rule_id = $1`, [
      ruleId,
    ]);
    expect(rows[0].n).toBe(1);

    // The restart replays what the crash left unwritten before it reports ready.
    const second = await startPicketProcess(env);
    expect(await summaries(second.url, ruleId)).toEqual([
      'event 0',
      'event 1',
      'event 2',
      'event 3',
      'event 4',
      'event 5',
    ]);
    await postEvents({ url: second.url }, [ev(6)]);
    await until(async () => (await summaries(second.url, ruleId)).length === 7, 'the live alert after the restart');
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);

    // A clean restart: nothing replayed alerts again.
    const third = await startPicketProcess(env);
    try {
      await postEvents({ url: third.url }, [ev(7)]);
      await until(
        async () => (await summaries(third.url, ruleId)).length >= 8,
        'the live alert after the clean restart',
      );
      expect(await summaries(third.url, ruleId)).toEqual([
        'event 0',
        'event 1',
        'event 2',
        'event 3',
        'event 4',
        'event 5',
        'event 6',
        'event 7',
      ]);
      const links = await db.pool.query<{ n: number; events: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM alert_events WHERE rule_id = $1`,
        [ruleId],
      );
      expect(links.rows[0]).toEqual({ n: 8, events: 8 });
    } finally {
      third.child.kill('SIGTERM');
      await exited(third.child);
    }
  });
});
