// Picket with OPENSEARCH_URL: events go to OpenSearch (the real test node) and come back through
// the read API; /api/health names the engine that answered; a URL of the wrong kind is refused.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { createEventStores } from '../server/store/create-event-store.ts';
import { acquireNode, engineTargets, releaseNode } from './search-engine-targets.ts';
import { startTestServer, yesterdayAt, type TestServer } from './server-harness.ts';
import { createTestDatabase } from './test-db.ts';

const available = engineTargets().some((t) => !t.skip);

describe.skipIf(!available)('Picket with OPENSEARCH_URL', () => {
  let url: string;
  let s: TestServer;
  const auth = () => ({ Authorization: `Bearer ${s.adminToken}` });
  const get = async (path: string) => {
    const res = await fetch(s.url + path, { headers: auth() });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    url = await acquireNode();
    s = await startTestServer({ OPENSEARCH_URL: url });
  });
  afterAll(async () => {
    await s?.stop();
    await releaseNode();
  });

  it('reports the engine in use in /api/health', async () => {
    const health = await (await fetch(`${s.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', store: expect.stringMatching(/^opensearch 2\.19\.\d+:ok$/) });
  });

  it('stores ingested events in daily indices and answers search, aggregate, histogram and get from them', async () => {
    const { date, iso } = yesterdayAt('10:00:00+02:00');
    const body = [1, 2, 3].map((i) =>
      JSON.stringify({
        summary: `Failed password for invalid user bob from 203.0.113.${i} port 4242 ssh2`,
        hostname: `web${i % 2}`,
        category: 'authentication',
        timestamp: iso,
      }),
    );
    const res = await fetch(`${s.url}/events`, { method: 'POST', body: body.join('\n') });
    expect(await res.json()).toEqual({ accepted: 3, rejected: [] });

    const found = await get(
      `/api/v1/events?${new URLSearchParams({ q: 'details.sourceipaddress:203.0.113.0/24 AND details.username:bob', from: 'now-3d' })}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(3);
    expect(found.body.events[0]).toMatchObject({ category: 'authentication', details: { username: 'bob' } });

    const indices = await (await fetch(`${url}/_cat/indices/events-*?format=json&h=index`)).json();
    const day = new Date(Date.parse(iso)).toISOString().slice(0, 10).replaceAll('-', '.');
    expect(indices.map((r: { index: string }) => r.index)).toContain(`events-${day}`);
    const alias = await (await fetch(`${url}/_alias/events`)).json();
    expect(Object.keys(alias)).toContain(`events-${day}`);

    const agg = await get(
      `/api/v1/events/aggregate?${new URLSearchParams({ q: 'category:authentication', field: 'hostname', from: 'now-3d' })}`,
    );
    expect(agg.body.buckets).toEqual([
      { key: 'web1', count: 2 },
      { key: 'web0', count: 1 },
    ]);
    const hist = await get(
      `/api/v1/events/histogram?${new URLSearchParams({ q: 'category:authentication', from: `${date}T00:00:00Z`, to: `${date}T23:59:59Z`, interval: '1h' })}`,
    );
    expect(hist.body.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3);
    const one = await get(`/api/v1/events/${found.body.events[0].id}`);
    expect(one.body).toMatchObject({ id: found.body.events[0].id, hostname: found.body.events[0].hostname });
  });

  it('answers 400 for a query the engine cannot run as written, and the process goes on', async () => {
    const r = await get(`/api/v1/events?${new URLSearchParams({ q: 'summary:/a^b/' })}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_query', message: expect.stringMatching(/\^/) });
    expect((await get('/api/v1/events?q=*')).status).toBe(200);
  });

  it('answers 400 naming the feature for Sigma queries the engine cannot run (keywords, |fieldref), in back-tests and searches', async () => {
    const backtest = (detection: string) =>
      fetch(`${s.url}/api/v1/rules/test`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          rule: { type: 'sigma', yaml: `title: t\ndetection:\n${detection}\n  condition: sel\n` },
          from: 'now-1h',
        }),
      });
    const keywords = await backtest("  sel:\n    - 'Failed password'");
    expect(keywords.status).toBe(400);
    expect(((await keywords.json()) as { error: unknown }).error).toMatchObject({
      code: 'invalid_query',
      message: expect.stringContaining(
        'A keyword search over every field (Sigma keywords) is not supported with the search-engine event store',
      ),
    });
    const fieldref = await backtest('  sel:\n    User|fieldref: TargetUserName');
    expect(fieldref.status).toBe(400);
    expect(((await fieldref.json()) as { error: unknown }).error).toMatchObject({
      code: 'invalid_query',
      message: expect.stringContaining('Comparing two fields (Sigma |fieldref)'),
    });
    expect((await get(`/api/v1/events?${new URLSearchParams({ q: 'id:/abc.*/' })}`)).status).toBe(400);
    expect((await get('/api/v1/events?q=*')).status).toBe(200);
  });

  it('refuses ELASTICSEARCH_URL pointing at an OpenSearch server, saying which variable to use', async () => {
    const db = await createTestDatabase();
    try {
      const cfg = loadConfig({ NODE_ENV: 'test', ELASTICSEARCH_URL: url, DATABASE_URL: db.url });
      await expect(
        createEventStores(cfg, { pool: db.pool, readPool: db.pool, readTimeoutMs: 10_000 }, pino({ level: 'silent' })),
      ).rejects.toThrow(/ELASTICSEARCH_URL.*OPENSEARCH_URL/s);
      expect(() => loadConfig({ NODE_ENV: 'test', ELASTICSEARCH_URL: url, OPENSEARCH_URL: url })).toThrow(/both set/);
    } finally {
      await db.drop();
    }
  });
});
