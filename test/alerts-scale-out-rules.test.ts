// Several processes on one Postgres and one Redis (queue mode, each also consuming): one of them runs
// the cluster's alert engine; a rule saved on another process reaches that engine over the bus, so
// events ingested anywhere meet the current rules (a chained Sigma correlation included).
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { alertsOf, api, createRule, postEvents, uniqueCategory, until } from './alerts-api.ts';
import { type ClusterInstance, InProcessCluster } from './in-process-cluster.ts';

const redisUrl = inject('redisUrl');

describe.runIf(redisUrl)('rule changes across processes', () => {
  const cluster = new InProcessCluster(redisUrl ?? '');
  let a: ClusterInstance;
  let b: ClusterInstance;

  beforeAll(async () => {
    await cluster.open();
    // One after the other: the first applies the migrations.
    a = await cluster.start();
    b = await cluster.start();
  });
  afterAll(() => cluster.close());

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
