// A rule whose window cannot be read back within the store's time limit (a regex over millions of
// events is the real case; a lock on events stands in for it here) still runs: it starts with an
// empty window and alerts on what arrives, instead of failing the start or being dropped on a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, createRule, postEvents, uniqueCategory, until } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ PICKET_PATTERN_QUERY_TIMEOUT_MS: '150' });
});
afterAll(() => s?.stop());

describe('a window read past the time limit', () => {
  it('leaves the regex rule running with an empty window; it alerts on new events', async () => {
    const cat = uniqueCategory('slowwindow');
    const engine = s.picket.alerting.engine;
    const before = engine.stats.windowsNotRebuilt;
    const locker = await s.db.pool.connect();
    let ruleId = '';
    try {
      // Every read of events now waits on the lock; the regex read gives up at the pattern limit.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const rule = await createRule(s, {
        name: 'slow window',
        type: 'threshold',
        query: `category:${cat} AND summary:/slow.*/`,
        category: 'test',
        threshold: 2,
        window: '5m',
        summary: 'slow twice',
      });
      ruleId = rule.id as string;
      await until(async () => engine.stats.windowsNotRebuilt > before, 'the window read to time out');
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    await engine.idle();
    await postEvents(s, [
      { category: cat, summary: 'slow one' },
      { category: cat, summary: 'slow two' },
    ]);
    await engine.idle();
    const alerts = await until(async () => {
      const list = await alertsOf(s, ruleId);
      return list.length ? list : null;
    }, 'the alert of the rule whose window was not rebuilt');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ summary: 'slow twice', eventCount: 2 });
  });

  it('does not fail the engine start', async () => {
    const engine = s.picket.alerting.engine;
    await engine.stop();
    // Only the regex rule: another rule's read would wait for the lock under the general limit first.
    await s.db.pool.query(`UPDATE rules SET enabled = false WHERE name <> 'slow window'`);
    const before = engine.stats.windowsNotRebuilt;
    const locker = await s.db.pool.connect();
    let started: Promise<unknown> = Promise.resolve();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      started = engine.start().then(
        () => 'started',
        (err: unknown) => err,
      );
      await until(async () => engine.stats.windowsNotRebuilt > before, 'the window read to time out at start');
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    expect(await started).toBe('started');
  });
});
