import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, postEvents, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let analyst: string;
let viewer: string;

async function tokenFor(role: string): Promise<string> {
  const r = await api(s, 'POST', '/tokens', { name: `watch-${role}`, role });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

beforeAll(async () => {
  s = await startTestServer({ PICKET_INGEST_TRUSTED_CIDRS: '127.0.0.0/8,::1,93.184.216.0/24' });
  analyst = await tokenFor('analyst');
  viewer = await tokenFor('viewer');
});
afterAll(() => s?.stop());

describe('watchlist REST', () => {
  it('creates (201 with the object), lists, refuses duplicates and bad input with 400 JSON, removes with audit', async () => {
    const seen: Json[] = [];
    const unsubscribe = s.picket.bus.subscribe('watchlist', (c) => seen.push(c as unknown as Json));
    const r = await api(
      s,
      'POST',
      '/watchlist',
      { type: 'cidr', value: '198.51.100.77/24', comment: 'scanner net' },
      analyst,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      list: 'watchlist',
      type: 'cidr',
      value: '198.51.100.0/24',
      comment: 'scanner net',
      createdBy: expect.stringContaining('token:'),
      expiresAt: null,
      version: 1,
    });
    expect(typeof r.body.id).toBe('string');
    expect(seen).toContainEqual(expect.objectContaining({ topic: 'watchlist', id: r.body.id, version: 1 }));

    const dup = await api(s, 'POST', '/watchlist', { type: 'cidr', value: '198.51.100.0/24' }, analyst);
    expect(dup.status).toBe(409);
    expect((dup.body.current as Json).id).toBe(r.body.id);

    for (const [body, msg] of [
      [{ type: 'ip', value: 'not-an-ip' }, /not an IPv4 or IPv6/],
      [{ type: 'hash', value: 'xyz' }, /hex digits/],
      [{ value: 'x' }, /type/],
      [{ type: 'ip', value: '1.2.3.4', expiresAt: '2000-01-01T00:00:00Z' }, /future/],
      [{ type: 'ip', value: '1.2.3.4', extra: 1 }, /extra|Unrecognized/i],
    ] as const) {
      const bad = await api(s, 'POST', '/watchlist', body, analyst);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((bad.body.error as Json).message).toMatch(msg);
    }
    const notJson = await fetch(`${s.url}/api/v1/watchlist`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${analyst}` },
      body: '{',
    });
    expect(notJson.status).toBe(400);

    const list = await api(s, 'GET', '/watchlist', undefined, viewer);
    expect((list.body.items as Json[]).map((i) => i.id)).toContain(r.body.id);
    expect((await api(s, 'POST', '/watchlist', { type: 'ip', value: '1.2.3.4' }, viewer)).status).toBe(403);

    const stale = await api(s, 'DELETE', `/watchlist/${r.body.id}?version=7`, undefined, analyst);
    expect(stale.status).toBe(409);
    const del = await api(s, 'DELETE', `/watchlist/${r.body.id}`, undefined, analyst);
    expect(del.status).toBe(200);
    expect(del.body.version).toBe(2);
    expect((await api(s, 'DELETE', `/watchlist/${r.body.id}`, undefined, analyst)).status).toBe(404);
    expect(((await api(s, 'GET', '/watchlist')).body.items as Json[]).map((i) => i.id)).not.toContain(r.body.id);

    const audit = await api(s, 'GET', `/audit?action=watchlist.create`);
    const entry = (audit.body.entries as Json[]).find((e) => e.targetId === r.body.id)!;
    expect(entry.diff).toMatchObject({ value: '198.51.100.0/24' });
    const removed = (await api(s, 'GET', `/audit?action=watchlist.remove`)).body.entries as Json[];
    expect(removed.find((e) => e.targetId === r.body.id)!.diff).toMatchObject({ version: [1, 2] });
    unsubscribe();
  });

  it('two analysts adding the same value at the same instant: one 201, the others 409, never a 500', async () => {
    const tries = await Promise.all(
      Array.from({ length: 8 }, () => api(s, 'POST', '/blockip', { value: '45.33.32.99', duration: '1d' }, analyst)),
    );
    const statuses = tries.map((t) => t.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x !== 201).every((x) => x === 409)).toBe(true);
    for (const t of tries.filter((x) => x.status === 409))
      expect((t.body.error as Json).message).toMatch(/already on the blockip/);
    const won = tries.find((t) => t.status === 201)!;
    expect((await api(s, 'DELETE', `/blockip/${won.body.id}`, undefined, analyst)).status).toBe(200);
  });

  it('hides expired items unless ?all=true', async () => {
    const r = await api(s, 'POST', '/watchlist', { type: 'username', value: 'Temp.User', duration: '1h' }, analyst);
    expect(r.status).toBe(201);
    expect(r.body.value).toBe('temp.user');
    await s.db.pool.query(`UPDATE watch_items SET expires_at = now() - interval '1 minute' WHERE id = $1`, [r.body.id]);
    expect(((await api(s, 'GET', '/watchlist')).body.items as Json[]).map((i) => i.id)).not.toContain(r.body.id);
    const all = (await api(s, 'GET', '/watchlist?all=true')).body.items as Json[];
    expect(all.find((i) => i.id === r.body.id)).toMatchObject({ expired: true });
    expect((await api(s, 'GET', '/watchlist?all=maybe')).status).toBe(400);
    // An expired value can be watched again.
    expect((await api(s, 'POST', '/watchlist', { type: 'username', value: 'temp.user' }, analyst)).status).toBe(201);
  });
});

describe('block lists (MozDef blockip / blockfqdn)', () => {
  it('blocks a public IP or CIDR for a duration, refuses private ranges and the trusted ingest CIDRs', async () => {
    const r = await api(s, 'POST', '/blockip', { value: '8.8.4.4', duration: '7d', comment: 'c2' }, analyst);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ list: 'blockip', type: 'ip', value: '8.8.4.4', duration: '7d' });
    const days = (Date.parse(r.body.expiresAt as string) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const perm = await api(s, 'POST', '/blockip', { value: '9.9.9.0/24' }, analyst);
    expect(perm.body).toMatchObject({ type: 'cidr', duration: 'permanent', expiresAt: null });

    for (const ip of ['10.1.2.3', '192.168.0.0/16', '127.0.0.1', '169.254.0.1', 'fe80::1']) {
      const bad = await api(s, 'POST', '/blockip', { value: ip }, analyst);
      expect(bad.status, ip).toBe(400);
      expect((bad.body.error as Json).message).toMatch(/private, loopback, link-local or reserved/);
    }
    const trusted = await api(s, 'POST', '/blockip', { value: '93.184.216.34' }, analyst);
    expect(trusted.status).toBe(400);
    expect((trusted.body.error as Json).message).toMatch(/trusted/);
    expect((await api(s, 'POST', '/blockip', { value: '8.8.8.8', duration: '5d' }, analyst)).status).toBe(400);
    const items = (await api(s, 'GET', '/blockip', undefined, viewer)).body.items as Json[];
    expect(items.map((i) => i.value).sort()).toEqual(['8.8.4.4', '9.9.9.0/24']);
  });

  it('blocks domains with validation', async () => {
    const r = await api(s, 'POST', '/blockfqdn', { value: 'Bad.Example.COM', duration: '30d' }, analyst);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ list: 'blockfqdn', type: 'domain', value: 'bad.example.com', duration: '30d' });
    expect((await api(s, 'POST', '/blockfqdn', { value: 'no spaces.com' }, analyst)).status).toBe(400);
    expect((await api(s, 'POST', '/blockfqdn', { value: 'localhost' }, analyst)).status).toBe(400);
    expect(((await api(s, 'GET', '/blockfqdn')).body.items as Json[]).map((i) => i.value)).toEqual(['bad.example.com']);
  });
});

describe('tagging at ingest and the watchlist rule', () => {
  it('tags a matching event (watchlist, watchlist:<type>, details.watchlist) and raises the shipped watchlist alert', async () => {
    const item = await api(
      s,
      'POST',
      '/watchlist',
      { type: 'ip', value: '203.0.113.66', comment: 'known bad' },
      analyst,
    );
    expect(item.status).toBe(201);
    await postEvents(s, [
      {
        summary: 'connection from watched host',
        details: { srcip: '203.0.113.66', dstip: '192.0.2.1' },
        category: 'watchtest',
      },
      { summary: 'connection from another host', details: { srcip: '203.0.113.67' }, category: 'watchtest' },
    ]);
    const tagged = await until(async () => {
      const r = await api(s, 'GET', '/events?q=tags:watchlist AND category:watchtest');
      return (r.body.events as Json[]).length ? (r.body.events as Json[]) : null;
    }, 'the tagged event');
    expect(tagged).toHaveLength(1);
    expect(tagged[0].tags).toEqual(expect.arrayContaining(['watchlist', 'watchlist:ip']));
    expect((tagged[0].details as Json).watchlist).toEqual([
      { id: item.body.id, type: 'ip', value: '203.0.113.66', field: 'details.sourceipaddress' },
    ]);
    const untagged = await api(s, 'GET', '/events?q=category:watchtest AND NOT tags:watchlist');
    expect((untagged.body.events as Json[]).map((e) => e.summary)).toEqual(['connection from another host']);

    await s.picket.alerting.engine.idle();
    const alerts = await until(async () => {
      const list = (await api(s, 'GET', '/alerts?q=category:watchlist')).body.alerts as Json[];
      return list.length ? list : null;
    }, 'the watchlist alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      category: 'watchlist',
      eventCount: 1,
      summary: 'Watchlist term 203.0.113.66 detected  from 203.0.113.66 on UNKNOWN',
    });

    // Removed: later events are not tagged.
    await api(s, 'DELETE', `/watchlist/${item.body.id}`, undefined, analyst);
    await postEvents(s, [{ summary: 'after removal', details: { srcip: '203.0.113.66' }, category: 'watchtest' }]);
    await until(
      async () => ((await api(s, 'GET', '/events?q=summary:"after removal"')).body.events as Json[]).length === 1,
      'the later event',
    );
    const later = (await api(s, 'GET', '/events?q=summary:"after removal"')).body.events as Json[];
    expect(later[0].tags).not.toContain('watchlist');
  });

  it('the watchlist rule type validates like any rule', async () => {
    const r = await api(s, 'POST', '/rules', {
      name: 'watched users',
      type: 'watchlist',
      query: 'tags:"watchlist:username"',
      category: 'watch-users',
      summary: '{details.watchlistvalue} seen',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ type: 'watchlist', groupBy: ['details.watchlistvalue'] });
    expect(
      (await api(s, 'POST', '/rules', { name: 'x', type: 'watchlist', window: '1m', category: 'c', summary: 's' }))
        .status,
    ).toBe(400);
  });
});

describe('watchlist over tRPC', () => {
  it('lists, creates and removes with the same rules', async () => {
    const call = async (path: string, input: unknown, token: string, mutation = false) => {
      const url = mutation
        ? `${s.url}/api/trpc/${path}`
        : `${s.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
      const res = await fetch(url, {
        method: mutation ? 'POST' : 'GET',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: mutation ? JSON.stringify(input) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const c = await call(
      'watchlist.create',
      { list: 'watchlist', item: { type: 'domain', value: 'phish.example' } },
      analyst,
      true,
    );
    expect(c.status).toBe(200);
    const created = (c.body.result as Json).data as Json;
    expect(created.value).toBe('phish.example');
    expect(
      (await call('watchlist.create', { list: 'blockip', item: { value: '10.0.0.1' } }, analyst, true)).status,
    ).toBe(400);
    expect((await call('watchlist.create', { item: { type: 'ip', value: '1.1.1.1' } }, viewer, true)).status).toBe(403);
    const l = await call('watchlist.list', { list: 'watchlist' }, viewer);
    expect(((l.body.result as Json).data as Json[]).map((i) => i.value)).toContain('phish.example');
    expect((await call('watchlist.remove', { id: created.id, version: 1 }, analyst, true)).status).toBe(200);
  });
});
