// Grouping in queue mode: two processes on one Redis and one Postgres, the alert engine in whichever
// holds the lease. Crossings ingested through either process land in one grouped alert, and after
// the engine's process stops, the other takes over and keeps absorbing into the same alert (the open
// alert lives in Postgres, not in the engine).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, postEvents, sshFailureBurst, until, type Json } from './alerts-api.ts';
import { type ClusterInstance, InProcessCluster } from './in-process-cluster.ts';

const redisUrl = inject('redisUrl');

describe.runIf(redisUrl)('grouping with one alert engine for the cluster', () => {
  const cluster = new InProcessCluster(redisUrl ?? '');

  beforeAll(async () => {
    await cluster.open();
    // One after the other: the first applies the migrations.
    await cluster.start();
    await cluster.start();
  });
  afterAll(() => cluster.close());

  const grouped = async (s: ClusterInstance['s'], ip: string) =>
    ((await api(s, 'GET', '/alerts?size=100')).body.alerts as Json[]).filter((a) => a.groupKey === ip);

  it('absorbs crossings ingested through both processes into one alert, also after the engine moves', async () => {
    const [a, b] = cluster.running;
    await until(
      async () => a.picket.clusterEngine!.isLeader || b.picket.clusterEngine!.isLeader,
      'one process to take the alert engine',
    );
    const [leader, other] = a.picket.clusterEngine!.isLeader ? [a, b] : [b, a];
    const ip = '203.0.113.66';
    for (const [i, minutesAgo] of [12, 9, 6, 3].entries()) {
      await postEvents((i % 2 ? leader : other).s, sshFailureBurst(ip, minutesAgo * 60_000));
      await until(
        async () => ((await grouped(other.s, ip))[0]?.occurrences === i + 1 ? true : null),
        `crossing ${i + 1} absorbed`,
      );
    }
    const [alert] = await grouped(other.s, ip);
    expect(await grouped(other.s, ip)).toHaveLength(1);
    expect(alert).toMatchObject({ occurrences: 4, eventCount: 40 });

    // The engine's process stops; the other takes the lease and rebuilds from the store.
    await cluster.stop(leader);
    await until(async () => other.picket.clusterEngine!.isLeader, 'the other process to take the alert engine', 60_000);
    await postEvents(other.s, sshFailureBurst(ip, 60_000));
    await until(
      async () => ((await grouped(other.s, ip))[0]?.occurrences === 5 ? true : null),
      'the crossing after the failover absorbed',
      60_000,
    );
    expect(await grouped(other.s, ip)).toMatchObject([{ id: alert.id, occurrences: 5, eventCount: 50 }]);
  });
});
