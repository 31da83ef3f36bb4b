// Real answers of the main /api/v1 routes against the response schemas the served OpenAPI document
// declares (GET /api/v1/openapi.json, rebuilt into validators with zod's fromJSONSchema): the
// document cannot claim a shape the server does not send, nor miss a field it does send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let doc: {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
};
let auth: Record<string, string>;

/** The documented success schema of `method path` (OpenAPI template form), as a zod validator. */
function documented(method: string, path: string): z.ZodType {
  const schema = doc.paths[path]?.[method]?.responses['2XX']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path}: no documented response schema`);
  return z.fromJSONSchema(schema as never);
}

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${s.url}${url}`, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(r.status, `${method} ${url}`).toBeLessThan(300);
  return r.json();
}

function expectValid(method: string, path: string, answer: unknown): void {
  const result = documented(method, path).safeParse(answer);
  expect(result.success ? [] : result.error.issues, `${method} ${path}`).toEqual([]);
}

beforeAll(async () => {
  s = await startTestServer();
  auth = { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' };
  doc = await (await fetch(`${s.url}/api/v1/openapi.json`)).json();
}, 240_000);
afterAll(() => s?.stop());

describe('documented response schemas match real answers', () => {
  it('events: search, aggregate, histogram, one event', async () => {
    const ingest = await fetch(`${s.url}/events`, {
      method: 'POST',
      body: JSON.stringify({
        summary: 'openapi answer',
        tags: ['oas-answer'],
        details: { sourceipaddress: '198.51.100.4', nested: { a: [1, 'b'] } },
      }),
    });
    expect((await ingest.json()).accepted).toBe(1);
    const search = (await call('GET', '/api/v1/events?q=tags:oas-answer&from=now-1h')) as {
      events: Array<{ id: string }>;
    };
    expect(search.events).toHaveLength(1);
    expectValid('get', '/api/v1/events', search);
    expectValid(
      'get',
      '/api/v1/events/aggregate',
      await call('GET', '/api/v1/events/aggregate?q=tags:oas-answer&field=details.sourceipaddress'),
    );
    expectValid(
      'get',
      '/api/v1/events/histogram',
      await call('GET', '/api/v1/events/histogram?q=tags:oas-answer&from=now-1h'),
    );
    expectValid('get', '/api/v1/events/{id}', await call('GET', `/api/v1/events/${search.events[0].id}`));
  });

  it('alerts: list, one alert, a status change', async () => {
    const rule = (await call('POST', '/api/v1/rules', {
      name: 'oas answer rule',
      type: 'match',
      query: 'tags:oas-alert',
      category: 'test',
      summary: 'oas {count}',
    })) as { id: string };
    await fetch(`${s.url}/events`, {
      method: 'POST',
      body: JSON.stringify({ summary: 'alert me', tags: ['oas-alert'] }),
    });
    let list: { alerts: Array<{ id: string; version: number }> } = { alerts: [] };
    await expect
      .poll(async () => {
        list = (await call('GET', `/api/v1/alerts?ruleId=${rule.id}`)) as typeof list;
        return list.alerts.length;
      })
      .toBe(1);
    expectValid('get', '/api/v1/alerts', list);
    const [alert] = list.alerts;
    expectValid('get', '/api/v1/alerts/{id}', await call('GET', `/api/v1/alerts/${alert.id}`));
    expectValid(
      'post',
      '/api/v1/alerts/{id}/status',
      await call('POST', `/api/v1/alerts/${alert.id}/status`, { status: 'acknowledged', version: alert.version }),
    );
  });

  it('cases: create, list, one case with its content', async () => {
    const created = (await call('POST', '/api/v1/incidents', {
      summary: 'oas case',
      severity: 'high',
      attack: ['T1110'],
    })) as { id: string };
    expectValid('post', '/api/v1/incidents', created);
    await call('POST', `/api/v1/incidents/${created.id}/timeline`, { text: 'first note' });
    await call('POST', `/api/v1/incidents/${created.id}/indicators`, { type: 'ip', value: '203.0.113.77' });
    expectValid('get', '/api/v1/incidents', await call('GET', '/api/v1/incidents?q=oas'));
    expectValid('get', '/api/v1/incidents/{id}', await call('GET', `/api/v1/incidents/${created.id}`));
    const inv = await call('POST', '/api/v1/investigations', { summary: 'oas investigation', severity: 'low' });
    expectValid('post', '/api/v1/investigations', inv);
    expectValid('get', '/api/v1/investigations', await call('GET', '/api/v1/investigations'));
  });

  it('watchlist and block lists: create and list', async () => {
    expectValid(
      'post',
      '/api/v1/watchlist',
      await call('POST', '/api/v1/watchlist', { type: 'domain', value: 'oas-answer.example.com', comment: 'x' }),
    );
    expectValid(
      'post',
      '/api/v1/blockip',
      await call('POST', '/api/v1/blockip', { value: '8.8.4.4', comment: 'x', duration: '1d' }),
    );
    for (const list of ['watchlist', 'blockip', 'blockfqdn'])
      expectValid('get', `/api/v1/${list}`, await call('GET', `/api/v1/${list}`));
  });

  it('admin: users, tokens (list and a new one), the audit log', async () => {
    expectValid('get', '/api/v1/users', await call('GET', '/api/v1/users'));
    expectValid(
      'post',
      '/api/v1/tokens',
      await call('POST', '/api/v1/tokens', { name: 'oas-token', role: 'viewer', ingestOnly: true }),
    );
    expectValid('get', '/api/v1/tokens', await call('GET', '/api/v1/tokens'));
    const audit = (await call('GET', '/api/v1/audit?action=token.create')) as { entries: unknown[] };
    expect(audit.entries.length).toBeGreaterThan(0);
    expectValid('get', '/api/v1/audit', audit);
  });

  it('the validators are strict: an undocumented or a missing field fails', async () => {
    const search = (await call('GET', '/api/v1/events?q=tags:oas-answer&from=now-1h')) as {
      events: Array<Record<string, unknown>>;
    };
    const schema = documented('get', '/api/v1/events');
    expect(schema.safeParse({ ...search, extra: 1 }).success).toBe(false);
    const { hostname: _gone, ...event } = search.events[0];
    expect(schema.safeParse({ ...search, events: [event] }).success).toBe(false);
  });
});
