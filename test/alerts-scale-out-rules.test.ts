// Several processes on one Postgres and one Redis (scale-out mode): a rule saved on one process is
// reloaded by every other process's engine, so events ingested anywhere meet the current rules.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer } from '../server.ts';
import { loadConfig } from '../server/config.ts';
import { alertsOf, api, createRule, postEvents, uniqueCategory, until } from './alerts-api.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

const redisUrl = inject('redisUrl');
type Instance = Awaited<ReturnType<typeof startServer>> & { s: { url: string; adminToken: string } };

describe.runIf(redisUrl)('rule changes across processes', () => {
  let db: TestDatabase;
  let a: Instance;
  let b: Instance;
  const dirs: string[] = [];
  const adminToken = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
  const prefix = `picket-test-${crypto.randomUUID()}`;

  async function start(): Promise<Instance> {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-scale-rules-'));
    dirs.push(dataDir);
    const cfg = loadConfig({
      NODE_ENV: 'production', DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', PICKET_DATA_DIR: dataDir, PICKET_ADMIN_TOKEN: adminToken,
      PICKET_LOG_LEVEL: 'warn', PICKET_UI: 'false', REDIS_URL: redisUrl, PICKET_REDIS_PREFIX: prefix,
    });
    const server = await startServer(cfg, { web: false });
    return Object.assign(server, { s: { url: `http://127.0.0.1:${server.port}`, adminToken } });
  }

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    // One after the other: the first applies the migrations.
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('a rule created on A alerts on events ingested on B; disabled or deleted on A, B stops', async () => {
    const cat = uniqueCategory('scale-rule');
    const engineB = b.picket.alerting.engine;
    const reloadsA = a.picket.alerting.engine.stats.reloads;
    const reloadsB = engineB.stats.reloads;
    const rule = await createRule(a.s, { name: 'scale', type: 'match', query: `category:${cat}`, severity: 'WARNING', category: 'test', summary: 'seen {details.n}' });
    const id = rule.id as string;
    await until(async () => engineB.loadedVersion(id) === 1, 'B to load the rule', 5000);

    await postEvents(b.s, [{ category: cat, details: { n: 1 } }, { category: cat, details: { n: 2 } }]);
    await engineB.idle();
    expect((await alertsOf(a.s, id)).map((x) => x.summary).sort()).toEqual(['seen 1', 'seen 2']);

    // An edit on A reaches B too.
    const edited = await api(a.s, 'PUT', `/rules/${id}`, { ...rule, summary: 'edited {details.n}' });
    expect(edited.status).toBe(200);
    await until(async () => engineB.loadedVersion(id) === 2, 'B to load the edit', 5000);
    await postEvents(b.s, [{ category: cat, details: { n: 3 } }]);
    await engineB.idle();
    expect((await alertsOf(a.s, id)).map((x) => x.summary)).toContain('edited 3');

    const off = await api(a.s, 'PUT', `/rules/${id}`, { ...edited.body, enabled: false });
    expect(off.status).toBe(200);
    await until(async () => engineB.loadedVersion(id) === undefined, 'B to drop the disabled rule', 5000);
    await postEvents(b.s, [{ category: cat, details: { n: 4 } }]);
    await engineB.idle();
    expect(await alertsOf(a.s, id)).toHaveLength(3);
    // Three changes made on A: each reloaded once on A (its own announcements skipped) and once on B.
    expect(a.picket.alerting.engine.stats.reloads - reloadsA).toBe(3);
    expect(engineB.stats.reloads - reloadsB).toBe(3);

    // Enabled on B, then deleted on A.
    const on = await api(b.s, 'PUT', `/rules/${id}`, { ...off.body, enabled: true });
    expect(on.status).toBe(200);
    await until(async () => a.picket.alerting.engine.loadedVersion(id) === 4, 'A to load the rule enabled on B');
    expect((await api(a.s, 'DELETE', `/rules/${id}`)).status).toBe(200);
    await until(async () => engineB.loadedVersion(id) === undefined, 'B to drop the deleted rule');
    await postEvents(b.s, [{ category: cat, details: { n: 5 } }]);
    await engineB.idle();
    expect(await alertsOf(a.s, id)).toHaveLength(3);
  });
});
