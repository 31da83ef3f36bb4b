import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../http/http-server.ts';
import { VERSION } from '../app.ts';
import { createWsEndpoint } from './ws-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server-harness.ts';
import { connectTrpcWs, eventually } from '../../test/trpc-ws-client.ts';
import type { ChangeRecord } from '../trpc/routers/changes/changes.types.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

async function token(role: string, name: string): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.adminToken}` },
    body: JSON.stringify({ name, role }),
  });
  return (await res.json()).token;
}

function connect(bearer: string, base = s.url, onClose?: (code: number | undefined) => void) {
  return connectTrpcWs(base, bearer, onClose);
}

type Received = { id: string; data: ChangeRecord };

describe('realtime over /api/ws (tRPC)', () => {
  it('shows who is on which page, and removes them when their socket closes', async () => {
    const a = connect(await token('analyst', 'alice-token'));
    const b = connect(await token('viewer', 'bob-token'));
    const seen: Received[] = [];
    await new Promise<void>((resolve) => {
      b.client.presence.onChange.subscribe({}, { onStarted: () => resolve(), onData: (v) => seen.push(v) });
    });

    await a.client.presence.setPage.mutate({ page: '/incidents/1' });
    let alice: string | undefined;
    await eventually(async () => {
      expect(seen.some((c) => c.data.topic === 'presence')).toBe(true);
      const list = await b.client.presence.list.query();
      const entry = list.find((e) => e.identity.name === 'alice-token');
      expect(entry).toMatchObject({ page: '/incidents/1', identity: { kind: 'token', role: 'analyst' } });
      alice = entry!.connectionId;
    });
    // The change names the presence topic ("online": everyone), not the person.
    expect(seen.map((c) => c.data.id)).toContain('online');

    const before = seen.length;
    await a.close();
    await eventually(async () => {
      expect(seen.slice(before).some((c) => c.data.id === 'online')).toBe(true);
      const list = await b.client.presence.list.query();
      expect(list.map((e) => e.connectionId)).not.toContain(alice);
    });
    await b.close();
  });

  it('resumes from lastEventId with exactly the changes missed while disconnected', async () => {
    const bearer = await token('viewer', 'resume-token');
    const first = connect(bearer);
    const got: Received[] = [];
    await new Promise<void>((resolve) => {
      first.client.changes.onTopic.subscribe(
        { topic: 'incidents' },
        { onStarted: () => resolve(), onData: (v) => got.push(v) },
      );
    });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-1', version: 1 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-2', version: 1 });
    await eventually(() => expect(got.map((g) => g.data.id)).toEqual(['inc-1', 'inc-2']));
    await first.close();

    // Missed while away, plus noise on another topic that must not leak in.
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-2', version: 2 });
    await s.picket.bus.publish({ topic: 'alerts', id: 'al-1', version: 1 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-3', version: 1 });

    const again = connect(bearer);
    const resumed: Received[] = [];
    await new Promise<void>((resolve) => {
      again.client.changes.onTopic.subscribe(
        { topic: 'incidents', lastEventId: got[1].id },
        { onStarted: () => resolve(), onData: (v) => resumed.push(v) },
      );
    });
    await eventually(() => expect(resumed).toHaveLength(2));
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-4', version: 1 });
    await eventually(() => expect(resumed).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(resumed.map((r) => r.data)).toEqual([
      { topic: 'incidents', id: 'inc-2', version: 2 },
      { topic: 'incidents', id: 'inc-3', version: 1 },
      { topic: 'incidents', id: 'inc-4', version: 1 },
    ]);

    // A cursor the server cannot honour (other epoch, e.g. after a restart) means: refetch everything.
    const stale: Received[] = [];
    await new Promise<void>((resolve) => {
      again.client.changes.onTopic.subscribe(
        { topic: 'incidents', lastEventId: 'old-epoch.3' },
        { onStarted: () => resolve(), onData: (v) => stale.push(v) },
      );
    });
    await eventually(() => expect(stale[0]?.data).toMatchObject({ id: '*', resync: true }));
    await again.close();
  });

  it('validates the topic against the allow-list and refuses identities without the permission', async () => {
    const viewer = connect(await token('viewer', 'topic-token'));
    const bad = await new Promise<unknown>((resolve) => {
      viewer.client.changes.onTopic.subscribe(
        { topic: 'secrets' as 'incidents' },
        { onError: resolve, onData: () => resolve(undefined) },
      );
    });
    expect(bad).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    await viewer.close();

    // An ingest-only token may open the socket (it is a valid identity) but read nothing.
    const res = await fetch(`${s.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}` },
      body: JSON.stringify({ name: 'shipper', role: 'admin', ingestOnly: true }),
    });
    const shipper = connect((await res.json()).token);
    const refused = await new Promise<unknown>((resolve) => {
      shipper.client.changes.onTopic.subscribe(
        { topic: 'incidents' },
        { onError: resolve, onData: () => resolve(undefined) },
      );
    });
    expect(refused).toMatchObject({ data: { code: 'FORBIDDEN' } });
    await expect(shipper.client.presence.setPage.mutate({ page: '/x' })).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    await shipper.close();
  });

  it('drops only the sockets of the identity asked for; the client reconnects and resumes', async () => {
    const create = async (name: string) =>
      (await (
        await fetch(`${s.url}/api/v1/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${s.adminToken}` },
          body: JSON.stringify({ name, role: 'viewer' }),
        })
      ).json()) as { id: string; token: string };
    const [dropMe, keepMe] = [await create('drop-me'), await create('keep-me')];
    const closes: (number | undefined)[] = [];
    const dropped = connect(dropMe.token, s.url, (code) => closes.push(code));
    const kept = connect(keepMe.token);
    const got = { dropped: [] as string[], kept: [] as string[] };
    for (const [c, into] of [
      [dropped, got.dropped],
      [kept, got.kept],
    ] as const) {
      await new Promise<void>((resolve) => {
        c.client.changes.onTopic.subscribe(
          { topic: 'watchlist' },
          { onStarted: () => resolve(), onData: (v) => into.push(v.data.id) },
        );
      });
    }
    await s.picket.bus.publish({ topic: 'watchlist', id: 'w-1', version: 1 });
    await eventually(() => expect(got.dropped).toEqual(['w-1']));

    expect(s.realtime.disconnect({ identityId: dropMe.id })).toBe(1);
    await s.picket.bus.publish({ topic: 'watchlist', id: 'w-2', version: 1 });
    await eventually(() => expect(closes).toHaveLength(1));
    await eventually(() => expect(got.dropped).toEqual(['w-1', 'w-2']));
    await s.picket.bus.publish({ topic: 'watchlist', id: 'w-3', version: 1 });
    await eventually(() => expect(got.dropped).toEqual(['w-1', 'w-2', 'w-3']));
    // The other identity's socket was never touched.
    await eventually(() => expect(got.kept).toEqual(['w-1', 'w-2', 'w-3']));
    expect(s.realtime.disconnect({ identityId: 'nobody' })).toBe(0);
    await dropped.close();
    await kept.close();
  });

  it('closes a socket whose token was revoked once credentials are re-checked', async () => {
    // An endpoint of our own, so the test can trigger the periodic re-check instead of waiting for it.
    const endpoint = createWsEndpoint({
      tokens: s.picket.tokens,
      sessions: s.picket.sessions,
      log: s.picket.log,
      version: VERSION,
      services: s.picket.trpcServices,
    });
    const server = createHttpServer(s.picket, undefined, endpoint);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const created = await (
        await fetch(`${s.url}/api/v1/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${s.adminToken}` },
          body: JSON.stringify({ name: 'revoke-me', role: 'viewer' }),
        })
      ).json();
      const codes: (number | undefined)[] = [];
      const c = connect(created.token, base, (code) => codes.push(code));
      expect((await c.client.account.me.query()).name).toBe('revoke-me');
      await endpoint.recheck();
      expect(codes).toEqual([]);
      const del = await fetch(`${s.url}/api/v1/tokens/${created.id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${s.adminToken}` },
      });
      expect(del.status).toBeLessThan(300);
      await endpoint.recheck();
      await eventually(() => expect(codes).toContain(4401));
      await c.close();
    } finally {
      endpoint.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
