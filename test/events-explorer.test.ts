import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';
import { ingest, trpcError, trpcHttp, tokenFor } from './trpc-http-client.ts';

let s: TestServer;
let api: ReturnType<typeof trpcHttp>;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const HOSTS = ['web1', 'web2', 'db1'];

beforeAll(async () => {
  s = await startTestServer();
  api = trpcHttp(s.url, s.adminToken);
  // 30 known events over the last ~2 h: 10 per host, alternating categories, nested details.
  const events = Array.from({ length: 30 }, (_, i) => ({
    timestamp: minutesAgo(2 + i * 4),
    hostname: HOSTS[i % 3],
    category: i % 2 === 0 ? 'authentication' : 'proxy',
    summary: `explorer-seed event ${i}`,
    tags: ['explorer-seed'],
    details: {
      seq: i,
      sourceipaddress: `198.51.100.${i % 5}`,
      userIdentity: { type: i % 2 ? 'IAMUser' : 'Root', arn: `arn:aws:iam::1:user/u${i}` },
    },
  }));
  expect((await ingest(s.url, events)).accepted).toBe(30);
});
afterAll(() => s?.stop());

describe('events.search over tRPC', () => {
  it('finds ingested events by a field query, newest first, in the REST shape', async () => {
    const r = await api.events.search.query({ q: 'tags:explorer-seed AND hostname:web1', size: 100 });
    expect(r.total).toBe(10);
    expect(r.events.map((e) => e.hostname)).toEqual(Array(10).fill('web1'));
    const times = r.events.map((e) => Date.parse(e.utctimestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const rest = await (
      await fetch(`${s.url}/api/v1/events?q=${encodeURIComponent('tags:explorer-seed AND hostname:web1')}&size=100`, {
        headers: { Authorization: `Bearer ${s.adminToken}` },
      })
    ).json();
    expect(r.events).toEqual(rest.events);
  });

  it('pages with keyset cursors without gaps or repeats, and sorts on request', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.events.search.query({
        q: 'tags:explorer-seed',
        size: 7,
        sort: { field: 'utctimestamp', order: 'asc' },
        cursor,
      });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    const bad = await trpcError(api.events.search.query({ q: '', cursor: 'not-a-cursor' }));
    expect(bad.data?.code).toBe('BAD_REQUEST');
  });

  it('takes relative ranges (now-15m) and projects chosen columns', async () => {
    const recent = await api.events.search.query({ q: 'tags:explorer-seed', from: 'now-15m', to: 'now' });
    // Seeded at 2, 6, 10, 14 minutes ago (a little later by now, but not past 15 min unless the test stalls).
    expect(recent.total).toBeGreaterThanOrEqual(3);
    expect(recent.total).toBeLessThanOrEqual(4);
    const cols = await api.events.search.query({
      q: 'details.seq:3',
      columns: ['hostname', 'details.userIdentity.type', 'details.nope'],
    });
    expect(cols.events).toEqual([
      {
        id: expect.any(String),
        utctimestamp: expect.any(String),
        hostname: 'web1',
        details: { userIdentity: { type: 'IAMUser' } },
      },
    ]);
    const badTime = await trpcError(api.events.search.query({ q: '', from: 'yesterday-ish' }));
    expect(badTime.data?.code).toBe('BAD_REQUEST');
    expect(badTime.data?.queryError?.input).toBe('from');
  });

  it('reports a syntax error with offset, line and column (search and validateQuery)', async () => {
    const err = await trpcError(api.events.search.query({ q: 'category:' }));
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/Expected a value after "category:" at position 9/);
    expect(err.data?.queryError).toEqual({
      input: 'q',
      location: {
        message: expect.any(String),
        reason: 'Expected a value after "category:"',
        offset: 9,
        line: 1,
        column: 10,
      },
    });
    const multi = await api.events.validateQuery.query({ q: 'hostname:web1 AND\n(category:proxy' });
    expect(multi).toEqual({
      valid: false,
      error: expect.objectContaining({ offset: 18, line: 2, column: 1, reason: 'Missing ")" to close the "("' }),
    });
    expect(await api.events.validateQuery.query({ q: 'details.userIdentity.type:Root AND NOT hostname:db*' })).toEqual({
      valid: true,
    });
  });
});

describe('events.aggregate / histogram / get', () => {
  it('aggregates top values of a field', async () => {
    const r = await api.events.aggregate.query({ q: 'tags:explorer-seed', field: 'details.sourceipaddress', size: 3 });
    expect(r.buckets).toHaveLength(3);
    expect(r.buckets.every((b) => b.count === 6)).toBe(true);
  });

  it('histograms with an automatic 60–120 bucket interval whose counts add up', async () => {
    const h = await api.events.histogram.query({ q: 'tags:explorer-seed', from: 'now-24h' });
    expect(h.interval).toBe('15m');
    expect(h.buckets.length).toBeGreaterThanOrEqual(60);
    expect(h.buckets.length).toBeLessThanOrEqual(121);
    expect(h.buckets.reduce((n, b) => n + b.count, 0)).toBe(30);
    const hour = await api.events.histogram.query({ q: 'tags:explorer-seed', from: 'now-1h' });
    expect(hour.interval).toBe('30s');
    const fixed = await api.events.histogram.query({ q: 'tags:explorer-seed', from: 'now-3h', interval: '1h' });
    expect(fixed.intervalMs).toBe(3_600_000);
    expect((await trpcError(api.events.histogram.query({ interval: '1s', from: 'now-30d' }))).data?.code).toBe(
      'BAD_REQUEST',
    );
  });

  it('gets one event by id, NOT_FOUND for an unknown one', async () => {
    const [e] = (await api.events.search.query({ q: 'details.seq:7' })).events;
    expect(await api.events.get.query({ id: e.id })).toEqual(e);
    const missing = await trpcError(api.events.get.query({ id: '01900000-0000-7000-8000-000000000000' }));
    expect(missing.data?.code).toBe('NOT_FOUND');
  });
});

describe('events.fields and events.fieldTopValues', () => {
  it('lists columns and nested details.* paths with type and frequency', async () => {
    s.picket.explorer.fields.invalidate();
    const r = await api.events.fields.query({});
    const byName = new Map(r.fields.map((f) => [f.name, f]));
    expect(byName.get('hostname')).toMatchObject({ type: 'keyword', frequency: 1 });
    expect(byName.get('details.userIdentity.type')).toMatchObject({ type: 'string', queryable: true });
    expect(byName.get('details.userIdentity')).toMatchObject({ type: 'object' });
    expect(byName.get('details.seq')).toMatchObject({ type: 'number' });
    expect(byName.get('details.seq')!.frequency).toBeGreaterThan(0.5);
    expect(r.sampled).toBeGreaterThanOrEqual(30);
    const typed = await api.events.fields.query({ prefix: 'userIdent' });
    expect(typed.fields.map((f) => f.name).sort()).toEqual([
      'details.userIdentity',
      'details.userIdentity.arn',
      'details.userIdentity.type',
    ]);
  });

  it('gives the sidebar top values over the current query, sampled or exact', async () => {
    const sampled = await api.events.fieldTopValues.query({
      q: 'tags:explorer-seed AND category:proxy',
      field: 'hostname',
      size: 5,
    });
    expect(sampled.exact).toBe(false);
    expect(sampled.examined).toBe(15);
    expect(sampled.withValue).toBe(15);
    expect(sampled.buckets).toEqual([
      { key: 'db1', count: 5 },
      { key: 'web1', count: 5 },
      { key: 'web2', count: 5 },
    ]);
    const small = await api.events.fieldTopValues.query({
      q: 'tags:explorer-seed',
      field: 'details.userIdentity.type',
      sample: 100,
    });
    expect(small.buckets).toEqual([
      { key: 'IAMUser', count: 15 },
      { key: 'Root', count: 15 },
    ]);
    const exact = await api.events.fieldTopValues.query({ q: 'tags:explorer-seed', field: 'tags', exact: true });
    expect(exact).toMatchObject({ exact: true, buckets: [{ key: 'explorer-seed', count: 30 }] });
  });
});

describe('attacker-controlled values', () => {
  it('round-trip unchanged as data: <script>, very long and deeply nested', async () => {
    const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const long = 'A'.repeat(100_000) + '"\\\u2028';
    let deep: Record<string, unknown> = { leaf: script };
    for (let i = 0; i < 55; i++) deep = { n: deep };
    const sent = {
      summary: script,
      hostname: 'evil',
      tags: ['hostile'],
      details: { link: 'javascript:alert(3)', long, deep, 'we.ird key': '"); DROP TABLE events; --' },
    };
    expect((await ingest(s.url, [sent])).accepted).toBe(1);
    const r = await api.events.search.query({ q: 'tags:hostile' });
    expect(r.total).toBe(1);
    const e = r.events[0];
    expect(e.summary).toBe(script);
    expect(e.details).toEqual(sent.details);
    expect(await api.events.get.query({ id: e.id })).toEqual(e);
    // The script text is a value like any other: countable, and findable by an exact (escaped) clause.
    const top = await api.events.fieldTopValues.query({ q: 'tags:hostile', field: 'summary' });
    expect(top.buckets).toEqual([{ key: script, count: 1 }]);
    const byLink = await api.events.search.query({ q: 'details.link:"javascript:alert(3)"' });
    expect(byLink.total).toBe(1);
    // Field discovery survives the nesting (bounded depth) and marks the unqueryable key.
    s.picket.explorer.fields.invalidate();
    const fields = await api.events.fields.query({ limit: 1000 });
    const names = fields.fields.map((f) => f.name);
    expect(names).toContain('details.deep.n.n');
    expect(Math.max(...names.map((n) => n.split('.').length))).toBeLessThanOrEqual(7);
    expect(fields.fields.find((f) => f.name === 'details.we.ird key')).toMatchObject({ queryable: false });
  });
});

describe('permissions', () => {
  it('lets a viewer read events through every query procedure', async () => {
    const viewer = trpcHttp(s.url, await tokenFor(s.url, s.adminToken, 'viewer'));
    expect((await viewer.events.search.query({ q: 'tags:explorer-seed' })).total).toBe(30);
    expect((await viewer.events.fields.query({ prefix: 'host' })).fields[0].name).toBe('hostname');
    expect((await viewer.dashboard.summary.query({})).topHosts.buckets.length).toBeGreaterThan(0);
  });
});
