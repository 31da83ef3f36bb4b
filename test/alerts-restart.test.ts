// A restart in the middle of a threshold window: the window is rebuilt from the store, so the
// remaining events complete exactly one alert, and events that already fed an alert stay out.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';
import { loadConfig } from '../server/config.ts';
import { alertsOf, createRule, postEvents, type Json } from './alerts-api.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

let db: TestDatabase | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await db?.drop();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function start(database: TestDatabase, adminToken: string) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-restart-'));
  dirs.push(dataDir);
  const cfg = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    PICKET_DATA_DIR: dataDir,
    PICKET_ADMIN_TOKEN: adminToken,
    PICKET_LOG_LEVEL: 'warn',
    PICKET_UI: 'false',
  });
  const server = await startServer(cfg, { web: false });
  return { server, s: { url: `http://127.0.0.1:${server.port}`, adminToken } };
}

describe('alert engine across a restart', () => {
  it('completes a threshold window begun before the restart with exactly one alert, never reusing alerted events', async () => {
    db = await createTestDatabase({ migrate: false });
    const adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
    const ev = { category: 'restart-test', details: { user: 'mallory' } };

    const first = await start(db, adminToken);
    const rule = await createRule(first.s, {
      name: 'restart',
      type: 'threshold',
      query: 'category:restart-test',
      groupBy: ['details.user'],
      threshold: 5,
      window: '10m',
      severity: 'WARNING',
      category: 'test',
      summary: '{count} for {details.user}',
    });
    // Five events raise alert 1; three more start the next window; then the process stops.
    await postEvents(
      first.s,
      Array.from({ length: 8 }, () => ev),
    );
    await first.server.picket.alerting.engine.idle();
    const before = await alertsOf(first.s, rule.id as string);
    expect(before).toHaveLength(1);
    await first.server.stop();

    const second = await start(db, adminToken);
    try {
      await second.server.picket.alerting.engine.idle();
      // The rebuilt window holds the 3 pending events only: nothing fires yet.
      expect(await alertsOf(second.s, rule.id as string)).toHaveLength(1);
      await postEvents(second.s, [ev, ev]);
      await second.server.picket.alerting.engine.idle();
      const after = await alertsOf(second.s, rule.id as string);
      expect(after).toHaveLength(2);
      const [newest, oldest] = after as Json[];
      expect(newest.eventCount).toBe(5);
      expect((newest.eventIds as string[]).filter((id) => (oldest.eventIds as string[]).includes(id))).toEqual([]);
      // One more event is not enough for a third alert.
      await postEvents(second.s, [ev]);
      await second.server.picket.alerting.engine.idle();
      expect(await alertsOf(second.s, rule.id as string)).toHaveLength(2);
    } finally {
      await second.server.stop();
    }
  });
});
