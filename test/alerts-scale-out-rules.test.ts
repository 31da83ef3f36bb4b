// Several processes on one Postgres and one Redis (queue mode, each also consuming): one of them runs
// the cluster's alert engine; a rule saved on another process reaches that engine over the bus, so
// events ingested anywhere meet the current rules (a chained Sigma correlation included).
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

  it('a rule created on the other process alerts on events ingested there; disabled or deleted, the engine stops', async () => {
    await until(
      async () => a.picket.clusterEngine!.isLeader || b.picket.clusterEngine!.isLeader,
      'one process to take the alert engine',
    );
    // L runs the engine; O only serves (its engine object stays unloaded).
    const [L, O] = a.picket.clusterEngine!.isLeader ? [a, b] : [b, a];
    expect(O.picket.clusterEngine!.isLeader).toBe(false);
    const engine = L.picket.alerting.engine;
    const cat = uniqueCategory('scale-rule');
    const reloads = engine.stats.reloads;
    const rule = await createRule(O.s, {
      name: 'scale',
      type: 'match',
      query: `category:${cat}`,
      severity: 'WARNING',
      category: 'test',
      summary: 'seen {details.n}',
    });
    const id = rule.id as string;
    await until(async () => engine.loadedVersion(id) === 1, 'the engine to load the rule', 5000);
    expect(O.picket.alerting.engine.loadedVersion(id)).toBeUndefined();

    await postEvents(O.s, [
      { category: cat, details: { n: 1 } },
      { category: cat, details: { n: 2 } },
    ]);
    await until(async () => ((await alertsOf(L.s, id)).length === 2 ? true : undefined), 'two alerts');
    expect((await alertsOf(L.s, id)).map((x) => x.summary).sort()).toEqual(['seen 1', 'seen 2']);

    const edited = await api(O.s, 'PUT', `/rules/${id}`, { ...rule, summary: 'edited {details.n}' });
    expect(edited.status).toBe(200);
    await until(async () => engine.loadedVersion(id) === 2, 'the engine to load the edit', 5000);
    await postEvents(O.s, [{ category: cat, details: { n: 3 } }]);
    await until(
      async () => ((await alertsOf(L.s, id)).some((x) => x.summary === 'edited 3') ? true : undefined),
      'the edited summary',
    );

    const off = await api(O.s, 'PUT', `/rules/${id}`, { ...edited.body, enabled: false });
    expect(off.status).toBe(200);
    await until(async () => engine.loadedVersion(id) === undefined, 'the engine to drop the disabled rule', 5000);
    await postEvents(O.s, [{ category: cat, details: { n: 4 } }]);
    await L.picket.queue.drain();
    await engine.idle();
    expect(await alertsOf(L.s, id)).toHaveLength(3);
    expect(engine.stats.reloads - reloads).toBe(3);

    // Enabled on L itself, then deleted on O.
    const on = await api(L.s, 'PUT', `/rules/${id}`, { ...off.body, enabled: true });
    expect(on.status).toBe(200);
    await until(async () => engine.loadedVersion(id) === 4, 'the engine to load the rule enabled on its own process');
    expect((await api(O.s, 'DELETE', `/rules/${id}`)).status).toBe(200);
    await until(async () => engine.loadedVersion(id) === undefined, 'the engine to drop the deleted rule');
    await postEvents(O.s, [{ category: cat, details: { n: 5 } }]);
    await L.picket.queue.drain();
    await engine.idle();
    expect(await alertsOf(L.s, id)).toHaveLength(3);
  });

  it("a chained Sigma correlation (the specification's example) saved on one process fires on the engine's process from events ingested on the other", async () => {
    await until(
      async () => a.picket.clusterEngine!.isLeader || b.picket.clusterEngine!.isLeader,
      'one process to take the alert engine',
    );
    const [L, O] = a.picket.clusterEngine!.isLeader ? [a, b] : [b, a];
    const rule = await createRule(O.s, {
      type: 'sigma',
      yaml: await fs.readFile(new URL('./fixtures/sigma/spec-chained-correlation.yml', import.meta.url), 'utf8'),
    });
    const id = rule.id as string;
    await until(async () => L.picket.alerting.engine.loadedVersion(id) === 1, 'the engine to load the rule', 5000);
    const user = uniqueCategory('user');
    const t0 = Date.now() - 60_000;
    const logon = (eventId: number, i: number) => ({
      EventTime: new Date(t0 + i * 1000).toISOString(),
      Hostname: 'dc1',
      Channel: 'Security',
      EventID: eventId,
      User: user,
    });
    // Two batches, one on each process: the windows count across the cluster.
    const evaluated = L.picket.alerting.engine.stats.evaluated;
    await postEvents(
      O.s,
      Array.from({ length: 5 }, (_, i) => logon(4625, i)),
    );
    // A 200 in queue mode means queued, not yet evaluated, and the two processes' workers may
    // hand their batches to the engine in either order: the success must not reach it first.
    await until(
      async () => L.picket.alerting.engine.stats.evaluated >= evaluated + 5 || undefined,
      'the engine to evaluate the first batch',
    );
    await postEvents(L.s, [...Array.from({ length: 5 }, (_, i) => logon(4625, 5 + i)), logon(4624, 20)]);
    await until(async () => ((await alertsOf(L.s, id)).length === 1 ? true : undefined), 'the chained alert');
    expect((await alertsOf(O.s, id)).map((x) => [x.groupKey, x.eventCount])).toEqual([[user, 11]]);
  });
});
