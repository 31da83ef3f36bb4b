// GET /api/v1/events/export: the explorer's results as CSV (formula cells neutralised, quoting) or
// NDJSON, the row cap, permission, bad input, and its place in the OpenAPI document; real server and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_MAX_ROWS } from '../server/store/event-export.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { ingest, tokenFor } from './trpc-http-client.ts';

let s: TestServer;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  s = await startTestServer();
  const events = [
    {
      timestamp: minutesAgo(3),
      hostname: '=HYPERLINK("http://evil")',
      category: 'export-seed',
      summary: 'a, "quoted"\nsecond line',
      details: { user: '@admin', n: 1 },
    },
    {
      timestamp: minutesAgo(2),
      hostname: '+1-555',
      category: 'export-seed',
      summary: '-2+3',
      details: { user: 'plain', n: 2 },
    },
    {
      timestamp: minutesAgo(1),
      hostname: 'web1',
      category: 'export-seed',
      summary: 'ordinary',
      details: { user: 'bob', n: 3, nested: { k: 'v' } },
    },
  ];
  expect((await ingest(s.url, events)).accepted).toBe(3);
});
afterAll(() => s?.stop());

function exportUrl(params: Record<string, string>): string {
  return `${s.url}/api/v1/events/export?${new URLSearchParams({ q: 'category:export-seed', from: 'now-1h', ...params })}`;
}
const get = (params: Record<string, string>, token = s.adminToken) =>
  fetch(exportUrl(params), { headers: { Authorization: `Bearer ${token}` } });

describe('event export', () => {
  it('CSV: the chosen columns after utctimestamp, newest first, formula cells prefixed and quoted', async () => {
    const res = await get({ format: 'csv', columns: 'hostname,summary,details.user,nested.k' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="picket-events-.*\.csv"$/);
    expect(res.headers.get('x-picket-export-rows')).toBe('3');
    expect(res.headers.get('x-picket-export-truncated')).toBe('false');
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('utctimestamp,hostname,summary,details.user,nested.k');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[^,]+,web1,ordinary,bob,v$/);
    expect(lines[2]).toMatch(/,'\+1-555,'-2\+3,plain,$/);
    // Quoted because of the comma, quotes and newline; the formula is neutralised by the leading '.
    expect(text).toContain(`,"'=HYPERLINK(""http://evil"")","a, ""quoted""\nsecond line",'@admin,`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('NDJSON: one projected event per line (id, utctimestamp and the columns), oldest first on request', async () => {
    const res = await get({ format: 'ndjson', columns: 'hostname,details.n', sort: 'utctimestamp:asc' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const rows = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.details.n)).toEqual([1, 2, 3]);
    expect(Object.keys(rows[0]).sort()).toEqual(['details', 'hostname', 'id', 'utctimestamp']);
    expect(rows[0].hostname).toBe('=HYPERLINK("http://evil")');
  });

  it('without columns, the explorer default columns', async () => {
    const text = await (await get({ format: 'csv' })).text();
    expect(text.split('\r\n')[0]).toBe('utctimestamp,category,hostname,summary');
  });

  it('stops at the limit and says so; the limit is capped', async () => {
    const res = await get({ format: 'ndjson', limit: '2' });
    expect(res.headers.get('x-picket-export-truncated')).toBe('true');
    expect(res.headers.get('x-picket-export-rows')).toBe('2');
    expect((await res.text()).trimEnd().split('\n')).toHaveLength(2);
    const over = await get({ format: 'csv', limit: String(EXPORT_MAX_ROWS + 1) });
    expect(over.status).toBe(400);
    expect((await over.json()).error).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining(`at most ${EXPORT_MAX_ROWS}`),
    });
  });

  it('bad input is a 400 JSON error before any file starts', async () => {
    const badQuery = await get({ format: 'csv', q: 'hostname:(' });
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).error.code).toBe('invalid_query');
    const bad: Array<Record<string, string>> = [
      { format: 'xlsx' },
      { format: 'csv', columns: 'a,b c' },
      { format: 'csv', from: 'yesterday-ish' },
    ];
    for (const params of bad) {
      const r = await get(params);
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/json');
    }
  });

  it('needs events:read, like search: a viewer may, an ingest-only token may not', async () => {
    expect((await get({ format: 'csv' }, await tokenFor(s.url, s.adminToken, 'viewer'))).status).toBe(200);
    const { token } = await s.picket.tokens.create({
      name: 'shipper',
      role: 'analyst',
      ingestOnly: true,
      actor: 'system',
    });
    expect((await get({ format: 'csv' }, token)).status).toBe(403);
    expect((await fetch(exportUrl({ format: 'csv' }))).status).toBe(401);
  });

  it('is listed in the OpenAPI document with its parameters and permission', async () => {
    const doc = await (await fetch(`${s.url}/api/v1/openapi.json`)).json();
    const op = doc.paths['/api/v1/events/export'].get;
    expect(op['x-permission']).toBe('events:read');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'from', 'to', 'format', 'columns', 'sort', 'limit']),
    );
  });
});
