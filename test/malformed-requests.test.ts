// Minimal failing inputs the fuzz suites found (test/fuzz-rest.test.ts), kept as plain examples:
// each once answered 500 (an exception escaping a handler) and must now be a 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const auth = () => ({ Authorization: `Bearer ${s.adminToken}` });

describe('malformed requests answer 4xx, not 500', () => {
  it('a malformed %-escape in a REST path parameter is a 400', async () => {
    for (const path of ['/api/v1/blockip/%', '/api/v1/rules/%E0%A4%A', '/api/v1/incidents/%ZZ']) {
      const res = await fetch(s.url + path, { method: path.includes('blockip') ? 'DELETE' : 'GET', headers: auth() });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.code).toBe('bad_request');
    }
  });

  it('a malformed %-escape in the session cookie is no session (401), not a crash', async () => {
    for (const cookie of [
      'next-auth.session-token=%',
      '__Secure-next-auth.session-token=%E0%A4%A; other=1',
      'next-auth.session-token.0=%zz',
    ]) {
      const res = await fetch(`${s.url}/api/v1/events`, { headers: { Cookie: cookie } });
      expect(res.status, cookie).toBe(401);
      const trpc = await fetch(`${s.url}/api/trpc/events.search?input=${encodeURIComponent('{}')}`, {
        headers: { Cookie: cookie },
      });
      expect(trpc.status, `trpc ${cookie}`).toBe(401);
    }
  });

  it('tRPC paths naming Object.prototype members or holding a bad %-escape are 4xx', async () => {
    for (const name of ['constructor', '__proto__', 'toString', '%', 'events.search,constructor', 'hasOwnProperty']) {
      const res = await fetch(`${s.url}/api/trpc/${name}`, { headers: auth() });
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
    }
  });

  it('dates beyond what Postgres stores (year 275760, year 0) are searched, not a SQL error', async () => {
    const paths = [
      `/api/v1/events?q=${encodeURIComponent('utctimestamp:>8000000000000000')}`,
      `/api/v1/events?q=${encodeURIComponent('utctimestamp:[0000-01-01 TO now]')}&from=0000-01-01`,
      '/api/v1/events?from=0&to=8000000000000000',
      '/api/v1/events/aggregate?field=category&from=0000-01-01&to=8000000000000000',
      '/api/v1/events/histogram?from=0&to=8000000000000000',
    ];
    for (const path of paths) {
      const res = await fetch(s.url + path, { headers: auth() });
      expect(res.status, path).toBe(200);
    }
  });

  it('NUL in a JSON body or a query parameter is a 400, and a lone surrogate is stored as U+FFFD', async () => {
    const post = (path: string, raw: string) =>
      fetch(`${s.url}/api/v1${path}`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: raw,
      });
    const rule = (name: string) =>
      `{"name":"${name}","type":"match","query":"a","category":"c","summary":"s","enabled":false}`;
    for (const [path, raw] of [
      ['/rules', rule('a\\u0000')],
      ['/tokens', '{"name":"a\\u0000","role":"viewer"}'],
      ['/tokens', '{"name":"x","role":"viewer","\\u0000":1}'],
    ]) {
      const res = await post(path, raw);
      expect(res.status, raw).toBe(400);
      expect((await res.json()).error.message).toMatch(/NUL/);
    }
    const r = await post('/rules', rule('a\\ud800'));
    expect(r.status).toBe(201);
    expect((await r.json()).name).toBe('a\ufffd');
    expect((await post('/tokens', '{"name":"b\\udc00","role":"viewer"}')).status).toBe(201);
    for (const q of ['/audit?actor=%00', '/audit?action=a%00b', '/alerts?status=%00']) {
      const res = await fetch(`${s.url}/api/v1${q}`, { headers: auth() });
      expect(res.status, q).toBe(400);
    }
  });

  it('an event id claiming a time past year 9999 is not found (404), not a SQL error', async () => {
    const res = await fetch(`${s.url}/api/v1/events/e677d220-0000-7000-8000-000000000000`, { headers: auth() });
    expect(res.status).toBe(404);
  });

  it('an automatic histogram interval over a span of millennia stays at most 120 buckets (was 13 million)', async () => {
    const res = await fetch(`${s.url}/api/v1/events/histogram?from=0&to=8000000000000000&interval=auto`, {
      headers: auth(),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).buckets.length).toBeLessThanOrEqual(121);
    const trpc = await fetch(
      `${s.url}/api/trpc/events.histogram?input=${encodeURIComponent(JSON.stringify({ q: '', from: '0', to: '8000000000000000' }))}`,
      { headers: auth() },
    );
    expect(trpc.status).toBeLessThan(500);
    if (trpc.status === 200) expect(JSON.stringify(await trpc.json()).length).toBeLessThan(50_000);
  });
});
