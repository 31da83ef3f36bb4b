import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, yesterdayAt, type TestServer } from './server-harness.ts';

let s: TestServer;
const auth = () => ({ Authorization: `Bearer ${s.adminToken}` });

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(s.url + path, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers,
  });
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
}

async function search(params: Record<string, string>, headers: Record<string, string> = auth()) {
  const res = await fetch(`${s.url}/api/v1/events?${new URLSearchParams(params)}`, { headers });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

describe('ingest → normalize → enrich → store → search', () => {
  it('stores the README example normalized and finds it by a details term', async () => {
    const { date, iso } = yesterdayAt('10:00:00+02:00');
    const r = await post(
      '/events',
      JSON.stringify({
        summary: 'Failed password for invalid user bob from 203.0.113.9 port 4242 ssh2',
        hostname: 'web1',
        category: 'authentication',
        timestamp: iso,
      }),
      { 'Content-Type': 'application/x-www-form-urlencoded' }, // what curl -d sends
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 1, rejected: [] });

    const found = await search({ q: 'details.sourceipaddress:203.0.113.9', from: 'now-3d' });
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    const e = found.body.events[0];
    expect(e.utctimestamp).toBe(`${date}T08:00:00.000Z`);
    expect(e.severity).toBe('INFO');
    expect(e.hostname).toBe('web1');
    expect(e.details.username).toBe('bob');
    expect(e.details.sourceport).toBe(4242);
    expect(e.details.success).toBe(false);
    expect(typeof found.body.tookMs).toBe('number');
    for (const k of [
      'id',
      'utctimestamp',
      'receivedtimestamp',
      'category',
      'source',
      'hostname',
      'processname',
      'processid',
      'severity',
      'summary',
      'tags',
      'details',
    ]) {
      expect(e).toHaveProperty(k);
    }
    const byId = await fetch(`${s.url}/api/v1/events/${e.id}`, { headers: auth() });
    expect(byId.status).toBe(200);
    expect((await byId.json()).id).toBe(e.id);
  });

  it('adds geolocation for a public source IP that is in the database', async () => {
    const r = await post(
      '/events',
      JSON.stringify({ summary: 'Accepted publickey for alice from 81.2.69.142 port 5000 ssh2', processname: 'sshd' }),
    );
    expect(r.body.accepted).toBe(1);
    const found = await search({ q: 'details.username:alice' });
    const geo = found.body.events[0].details.sourceipgeolocation;
    expect(geo.country_code).toBe('GB');
    expect(typeof geo.latitude).toBe('number');
    expect(found.body.events[0].details.success).toBe(true);
  });

  it('accepts arrays and NDJSON, reporting bad items by index without blocking the good ones', async () => {
    const arr = await post(
      '/events',
      JSON.stringify([{ summary: 'arr-a', tags: ['batch1'] }, 42, { summary: 'arr-b', tags: ['batch1'] }]),
      { 'Content-Type': 'application/json' },
    );
    expect(arr.status).toBe(200);
    expect(arr.body.accepted).toBe(2);
    expect(arr.body.rejected).toEqual([{ index: 1, error: expect.any(String) }]);

    const ndjson = [
      '{"summary":"nd-1","tags":["batch2"]}',
      '{"summary": broken',
      '{"summary":"nd-2","tags":["batch2"],"timestamp":"2001-01-01T00:00:00Z"}',
      '{"summary":"nd-3","tags":["batch2"]}',
    ].join('\n');
    const nd = await post('/nxlog/', ndjson, { 'Content-Type': 'text/plain' });
    expect(nd.status).toBe(200);
    expect(nd.body.accepted).toBe(2);
    expect(nd.body.rejected.map((x: { index: number }) => x.index)).toEqual([1, 2]);
    expect(nd.body.rejected[1].error).toMatch(/retention/);

    expect((await search({ q: 'tags:batch1' })).body.total).toBe(2);
    expect((await search({ q: 'tags:batch2' })).body.total).toBe(2);
  });

  it('answers 400 and stores nothing for an unparseable body, 413 above 10 MiB', async () => {
    const bad = await post('/events', 'this is not json at all', { 'Content-Type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    const big = await post('/events', Buffer.alloc(10 * 1024 * 1024 + 10, 'a'));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    // The process is still serving.
    expect((await fetch(`${s.url}/status`)).status).toBe(200);
  });

  it('takes gzip-compressed bodies, PUT, and every MozDef path', async () => {
    for (const path of ['/events', '/events/', '/api/events', '/nxlog', '/nxlog/']) {
      const res = await fetch(s.url + path, {
        method: 'PUT',
        body: JSON.stringify({ summary: `path ${path}`, tags: ['paths'] }),
      });
      expect(res.status, path).toBe(200);
    }
    const gz = await post('/events', zlib.gzipSync(JSON.stringify({ summary: 'zipped', tags: ['gz'] })), {
      'Content-Encoding': 'gzip',
    });
    expect(gz.body.accepted).toBe(1);
    expect((await search({ q: 'tags:paths' })).body.total).toBe(5);
    expect((await search({ q: 'tags:gz' })).body.total).toBe(1);
    expect((await fetch(`${s.url}/events`)).status).toBe(405);
  });

  it('speaks the Elasticsearch _bulk format', async () => {
    const body =
      [
        JSON.stringify({ index: { _index: 'events', _type: 'event' } }),
        JSON.stringify({ summary: 'bulk one', tags: ['bulk'] }),
        JSON.stringify({ index: { _index: 'events' } }),
        '{not json',
        JSON.stringify({ create: { _index: 'events' } }),
        JSON.stringify({ summary: 'bulk two', tags: ['bulk'] }),
      ].join('\n') + '\n';
    const r = await post('/_bulk', body, { 'Content-Type': 'application/x-ndjson' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBe(true);
    expect(r.body.items).toHaveLength(3);
    expect(r.body.items[0].index.status).toBe(201);
    expect(r.body.items[1].index.status).toBe(400);
    expect(r.body.items[2].create.status).toBe(201);
    expect((await search({ q: 'tags:bulk' })).body.total).toBe(2);
  });

  it('serves /status and /api/health without auth', async () => {
    expect(await (await fetch(`${s.url}/status`)).json()).toEqual({ status: 'ok' });
    const h = await (await fetch(`${s.url}/api/health`)).json();
    expect(h.status).toBe('ok');
    expect(h).toHaveProperty('store');
    expect(h).toHaveProperty('queue');
    expect(h).toHaveProperty('version');
    expect(h.database).toBe('external:ok');
  });
});

describe('search API', () => {
  beforeAll(async () => {
    const base = Date.now() - 3600_000;
    const events = Array.from({ length: 25 }, (_, i) => ({
      summary: `page event ${i}`,
      category: i % 2 ? 'odd' : 'even',
      hostname: `host${i % 3}`,
      tags: ['paging'],
      timestamp: new Date(base + i * 1000).toISOString(),
      details: { n: i },
    }));
    expect((await post('/events', events.map((e) => JSON.stringify(e)).join('\n'))).body.accepted).toBe(25);
  });

  it('needs a token: 401 without or with a bad one', async () => {
    expect((await search({ q: '' }, {})).status).toBe(401);
    const bad = await search({ q: '' }, { Authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthorized');
  });

  it('reports a syntax error as 400 naming the position', async () => {
    const r = await search({ q: 'category:(a OR' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_query');
    expect(r.body.error.message).toMatch(/position \d+/);
    const t = await search({ q: '', from: 'yesterday-ish' });
    expect(t.status).toBe(400);
  });

  it('pages with cursors, newest first, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await search({ q: 'tags:paging', size: '10', ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(25);
      seen.push(...r.body.events.map((e: { details: { n: number } }) => e.details.n));
      cursor = r.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    expect((await search({ q: 'tags:paging', cursor: 'garbage' })).status).toBe(400);
    const asc = await search({ q: 'tags:paging', size: '3', sort: 'utctimestamp:asc' });
    expect(asc.body.events.map((e: { details: { n: number } }) => e.details.n)).toEqual([0, 1, 2]);
  });

  it('aggregates top values and builds a histogram', async () => {
    const agg = await fetch(`${s.url}/api/v1/events/aggregate?q=tags:paging&field=category`, { headers: auth() });
    expect((await agg.json()).buckets).toEqual([
      { key: 'even', count: 13 },
      { key: 'odd', count: 12 },
    ]);
    const byDetail = await (
      await fetch(`${s.url}/api/v1/events/aggregate?q=tags:paging&field=details.n&size=2`, { headers: auth() })
    ).json();
    expect(byDetail.buckets).toHaveLength(2);
    const noField = await fetch(`${s.url}/api/v1/events/aggregate?q=tags:paging`, { headers: auth() });
    expect(noField.status).toBe(400);
    const hist = await (
      await fetch(`${s.url}/api/v1/events/histogram?q=tags:paging&from=now-2h&interval=1h`, { headers: auth() })
    ).json();
    expect(hist.buckets.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(25);
    expect(hist.buckets[0]).toEqual({ ts: expect.any(String), count: expect.any(Number) });
  });

  it('treats hostile field values as data', async () => {
    const evil = `'; DROP TABLE events; -- <script>alert(1)</script>`;
    expect(
      (await post('/events', JSON.stringify({ summary: evil, hostname: evil, details: { [evil]: evil } }))).body
        .accepted,
    ).toBe(1);
    const r = await search({ q: `hostname:"${evil.replaceAll('"', '\\"')}"` });
    expect(r.status).toBe(200);
    expect(r.body.events[0].summary).toBe(evil);
    expect((await search({ q: 'tags:paging' })).body.total).toBe(25);
  });
});
