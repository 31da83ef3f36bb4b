import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exited, startPicketProcess } from './picket-process.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { connectTrpcWs, eventually } from './trpc-ws-client.ts';

const redisUrl = inject('redisUrl');
const TTL_MS = 3000;
const CASE = crypto.randomUUID();

// Two Picket instances on one Postgres and one Redis, as behind a load balancer: responders
// connected to different instances see each other in a case room, a closed socket leaves at once,
// and a killed instance's people lapse after the presence TTL.
describe.runIf(redisUrl)('presence across instances through Redis', () => {
  let a: TestServer;
  let b: { child: ChildProcess; url: string };
  let dataDir: string;
  const env = {
    REDIS_URL: redisUrl,
    PICKET_REDIS_PREFIX: `picket-test-${crypto.randomUUID()}`,
    PICKET_PRESENCE_TTL_MS: String(TTL_MS),
  };
  beforeAll(async () => {
    a = await startTestServer(env);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-presence-b-'));
    // B is a real child process, so it can be killed the hard way.
    b = await startPicketProcess({
      ...env,
      DATABASE_URL: a.db.url,
      PICKET_ADMIN_TOKEN: a.adminToken,
      PICKET_DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    if (b && b.child.exitCode === null && b.child.signalCode === null) {
      b.child.kill('SIGTERM');
      await exited(b.child);
    }
    await a?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function token(name: string): Promise<string> {
    const res = await fetch(`${a.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${a.adminToken}` },
      body: JSON.stringify({ name, role: 'analyst' }),
    });
    return (await res.json()).token;
  }

  it('shows responders on different instances to each other; a closed socket leaves within a second, a killed instance within the TTL', async () => {
    const [tokenA, tokenB] = await Promise.all([token('responder-a'), token('responder-b')]);
    const onA = connectTrpcWs(a.url, tokenA);
    const changesOnA: string[] = [];
    await new Promise<void>((resolve) => {
      onA.client.presence.onChange.subscribe(
        {},
        { onStarted: () => resolve(), onData: (v) => changesOnA.push(v.data.id) },
      );
    });
    const room = `/incidents/${CASE}`;
    const viewers = async (c: typeof onA) =>
      (await c.client.presence.room.query({ caseId: CASE })).map((v) => v.identity.name);

    const onB = connectTrpcWs(b.url, tokenB);
    await onA.client.presence.setPage.mutate({ page: room });
    await onB.client.presence.setPage.mutate({ page: room });
    await eventually(async () => {
      expect(await viewers(onA)).toEqual(['responder-a', 'responder-b']);
      expect(await viewers(onB)).toEqual(['responder-a', 'responder-b']);
    });
    // The shell's list spans both instances too, and A's clients were told the room changed.
    expect((await onA.client.presence.list.query()).map((e) => e.identity.name).sort()).toEqual([
      'responder-a',
      'responder-b',
    ]);
    expect(changesOnA).toContain(`case:${CASE}`);

    // Typing on B shows on A, as the most specific thing responder-b does there.
    await onB.client.presence.setActivity.mutate({ what: 'Timeline' });
    await eventually(async () => {
      const there = (await onA.client.presence.room.query({ caseId: CASE })).find(
        (v) => v.identity.name === 'responder-b',
      );
      expect(there?.activity).toMatchObject({ kind: 'typing', what: 'Timeline' });
    });

    // A clean close on B: gone from A's room within a second, announced on A's bus.
    changesOnA.length = 0;
    const closed = Date.now();
    await onB.close();
    await eventually(async () => expect(await viewers(onA)).toEqual(['responder-a']), 1000);
    expect(Date.now() - closed).toBeLessThan(1000);
    await eventually(() => expect(changesOnA).toContain(`case:${CASE}`), 1000);

    // Back on B, then B is killed (no clean shutdown): A's room drops responder-b within the TTL.
    const again = connectTrpcWs(b.url, tokenB);
    await again.client.presence.setPage.mutate({ page: room });
    await eventually(async () => expect(await viewers(onA)).toEqual(['responder-a', 'responder-b']));
    changesOnA.length = 0;
    b.child.kill('SIGKILL');
    await exited(b.child);
    const killed = Date.now();
    void again.close();
    await eventually(async () => expect(await viewers(onA)).toEqual(['responder-a']), TTL_MS + 2000);
    // Lapses TTL after B's last heartbeat (at most TTL after the kill), plus one sweep interval.
    expect(Date.now() - killed).toBeLessThan(TTL_MS + 500);
    await eventually(() => expect(changesOnA).toEqual(expect.arrayContaining([`case:${CASE}`, 'online'])), 1000);
    expect((await onA.client.presence.list.query()).map((e) => e.identity.name)).toEqual(['responder-a']);
    await onA.close();
  });
});
