import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChangeRecord } from '../server/trpc/routers/changes/changes.types.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { connectTrpcWs, eventually } from './trpc-ws-client.ts';

const redisUrl = inject('redisUrl');
type Received = { id: string; data: ChangeRecord };

// Two web processes sharing one Redis, as in scale-out mode: a change made on one reaches browsers
// connected to the other, and a browser that reconnects to the other process resumes where it was.
describe.runIf(redisUrl)('realtime fan-out across processes through Redis', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl, PICKET_REDIS_PREFIX: `picket-test-${crypto.randomUUID()}` };
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('delivers a change published on one process to a subscriber on the other, and resumes on either', async () => {
    expect(a.picket.bus.epoch).toBe(b.picket.bus.epoch);
    const onB = connectTrpcWs(b.url, b.adminToken);
    const got: Received[] = [];
    await new Promise<void>((resolve) => {
      onB.client.changes.onTopic.subscribe(
        { topic: 'incidents' },
        { onStarted: () => resolve(), onData: (v) => got.push(v) },
      );
    });
    await a.picket.bus.publish({ topic: 'incidents', id: 'inc-1', version: 1 });
    await eventually(() => expect(got.map((g) => g.data)).toEqual([{ topic: 'incidents', id: 'inc-1', version: 1 }]));
    await onB.close();

    // Missed while away (published on both processes), then the client comes back through the other one.
    await b.picket.bus.publish({ topic: 'incidents', id: 'inc-1', version: 2 });
    await a.picket.bus.publish({ topic: 'incidents', id: 'inc-2', version: 1 });
    const onA = connectTrpcWs(a.url, a.adminToken);
    const resumed: Received[] = [];
    await new Promise<void>((resolve) => {
      onA.client.changes.onTopic.subscribe(
        { topic: 'incidents', lastEventId: got[0].id },
        { onStarted: () => resolve(), onData: (v) => resumed.push(v) },
      );
    });
    await b.picket.bus.publish({ topic: 'incidents', id: 'inc-3', version: 1 });
    await eventually(() => expect(resumed).toHaveLength(3));
    expect(resumed.map((r) => `${r.data.id}@${r.data.version}`)).toEqual(['inc-1@2', 'inc-2@1', 'inc-3@1']);
    await onA.close();
  });
});
