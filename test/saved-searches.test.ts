import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';
import { connectTrpcWs, eventually } from './trpc-ws-client.ts';
import { trpcError, trpcHttp, tokenFor } from './trpc-http-client.ts';

let s: TestServer;
let alice: ReturnType<typeof trpcHttp>; // viewer
let bob: ReturnType<typeof trpcHttp>; // viewer
let admin: ReturnType<typeof trpcHttp>;

beforeAll(async () => {
  s = await startTestServer();
  alice = trpcHttp(s.url, await tokenFor(s.url, s.adminToken, 'viewer', 'alice'));
  bob = trpcHttp(s.url, await tokenFor(s.url, s.adminToken, 'viewer', 'bob'));
  admin = trpcHttp(s.url, s.adminToken);
});
afterAll(() => s?.stop());

async function auditEntries(action: string, targetId: string) {
  const res = await fetch(`${s.url}/api/v1/audit?action=${action}`, {
    headers: { Authorization: `Bearer ${s.adminToken}` },
  });
  expect(res.status).toBe(200);
  return (
    (await res.json()).entries as Array<{ actor: string; targetId: string; diff: Record<string, unknown> }>
  ).filter((e) => e.targetId === targetId);
}

describe('savedSearches', () => {
  it('a viewer saves, lists, edits, pins and deletes their own search, each step audited with a diff', async () => {
    const created = await alice.savedSearches.create.mutate({
      name: 'ssh failures',
      query: 'category:authentication AND details.success:false',
      timeFrom: 'now-7d',
      columns: ['hostname', 'details.sourceipaddress'],
    });
    expect(created).toMatchObject({
      name: 'ssh failures',
      timeFrom: 'now-7d',
      timeTo: 'now',
      shared: false,
      pinned: false,
      version: 1,
      ownerName: 'alice',
    });
    const [createAudit] = await auditEntries('savedSearch.create', created.id);
    expect(createAudit).toMatchObject({
      actor: 'token:alice',
      diff: { name: 'ssh failures', query: created.query, columns: ['hostname', 'details.sourceipaddress'] },
    });

    const updated = await alice.savedSearches.update.mutate({
      id: created.id,
      version: 1,
      name: 'ssh brute force',
      timeFrom: '2026-11-01T00:00:00Z',
      timeTo: '2026-11-02T00:00:00Z',
    });
    expect(updated.version).toBe(2);
    const [updateAudit] = await auditEntries('savedSearch.update', created.id);
    expect(updateAudit.diff).toEqual({
      name: ['ssh failures', 'ssh brute force'],
      timeFrom: ['now-7d', '2026-11-01T00:00:00Z'],
      timeTo: ['now', '2026-11-02T00:00:00Z'],
    });

    const pinned = await alice.savedSearches.pin.mutate({ id: created.id, version: 2, pinned: true });
    expect(pinned).toMatchObject({ pinned: true, version: 3 });
    expect((await auditEntries('savedSearch.pin', created.id))[0].diff).toEqual({ pinned: [false, true] });
    expect((await alice.savedSearches.list.query({ pinnedOnly: true })).searches.map((x) => x.id)).toEqual([
      created.id,
    ]);

    await alice.savedSearches.delete.mutate({ id: created.id, version: 3 });
    expect((await alice.savedSearches.list.query()).searches).toEqual([]);
    expect((await auditEntries('savedSearch.delete', created.id))[0].diff).toMatchObject({
      deleted: { name: 'ssh brute force', pinned: true },
    });
  });

  it('refuses an edit based on a stale version with CONFLICT and the current record, changing nothing', async () => {
    const c = await alice.savedSearches.create.mutate({ name: 'race', query: 'hostname:web1' });
    await alice.savedSearches.update.mutate({ id: c.id, version: 1, query: 'hostname:web2' });
    const err = await trpcError(alice.savedSearches.update.mutate({ id: c.id, version: 1, query: 'hostname:web3' }));
    expect(err.data?.code).toBe('CONFLICT');
    expect(err.data?.httpStatus).toBe(409);
    expect(err.data?.current).toMatchObject({ id: c.id, version: 2, query: 'hostname:web2' });
    const delErr = await trpcError(alice.savedSearches.delete.mutate({ id: c.id, version: 1 }));
    expect(delErr.data?.code).toBe('CONFLICT');
    const [now] = (await alice.savedSearches.list.query()).searches.filter((x) => x.id === c.id);
    expect(now).toMatchObject({ version: 2, query: 'hostname:web2' });
    expect(await auditEntries('savedSearch.update', c.id)).toHaveLength(1);
  });

  it('shares with the team: others see it but cannot change it; private ones stay private; admins may clean up', async () => {
    const mine = await alice.savedSearches.create.mutate({ name: 'private one' });
    const team = await alice.savedSearches.create.mutate({ name: 'team one', shared: true });
    const seenByBob = (await bob.savedSearches.list.query()).searches;
    expect(seenByBob.map((x) => x.name)).toContain('team one');
    expect(seenByBob.map((x) => x.name)).not.toContain('private one');
    expect(seenByBob.find((x) => x.id === team.id)?.mine).toBe(false);
    expect(
      (await trpcError(bob.savedSearches.update.mutate({ id: team.id, version: 1, name: 'mine now' }))).data?.code,
    ).toBe('FORBIDDEN');
    expect((await trpcError(bob.savedSearches.delete.mutate({ id: mine.id, version: 1 }))).data?.code).toBe(
      'NOT_FOUND',
    );
    expect((await trpcError(bob.savedSearches.pin.mutate({ id: team.id, version: 1, pinned: true }))).data?.code).toBe(
      'FORBIDDEN',
    );
    await admin.savedSearches.delete.mutate({ id: team.id, version: 1 });
    expect((await auditEntries('savedSearch.delete', team.id))[0].actor).toMatch(/^token:/);
  });

  it('refuses an unrunnable search: syntax error with position, bad time, empty name', async () => {
    const bad = await trpcError(alice.savedSearches.create.mutate({ name: 'broken', query: 'a AND' }));
    expect(bad.data?.code).toBe('BAD_REQUEST');
    expect(bad.data?.queryError?.location).toMatchObject({ offset: 5, line: 1, column: 6 });
    expect(
      (await trpcError(alice.savedSearches.create.mutate({ name: 'x', timeFrom: 'last tuesday' }))).data?.queryError
        ?.input,
    ).toBe('from');
    expect((await trpcError(alice.savedSearches.create.mutate({ name: '  ' }))).data?.code).toBe('BAD_REQUEST');
  });

  it('keeps attacker-controlled names and queries as data', async () => {
    const name = '<img src=x onerror=alert(1)>'.repeat(5);
    const query = 'summary:"<script>alert(1)</script>" AND details.x:"\'; DROP TABLE saved_searches; --"';
    const c = await alice.savedSearches.create.mutate({ name, query });
    const [back] = (await alice.savedSearches.list.query()).searches.filter((x) => x.id === c.id);
    expect(back).toMatchObject({ name, query });
  });

  it('publishes changes on the savedSearches topic after commit', async () => {
    const conn = connectTrpcWs(s.url, s.adminToken);
    const seen: Array<{ id: string; version: number }> = [];
    const c = await alice.savedSearches.create.mutate({ name: 'announced' });
    // Resuming from the start of the topic replays what was published before the socket subscribed.
    const sub = conn.client.changes.onTopic.subscribe(
      { topic: 'savedSearches', lastEventId: `${s.picket.bus.epoch}.0` },
      { onData: (d) => seen.push(d.data) },
    );
    await alice.savedSearches.update.mutate({ id: c.id, version: 1, shared: true });
    await eventually(() => expect(seen.filter((x) => x.id === c.id).map((x) => x.version)).toEqual([1, 2]));
    sub.unsubscribe();
    await conn.close();
  });
});
