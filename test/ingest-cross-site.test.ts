// A web page open in a browser on a trusted host must not be able to send events; and the client
// address comes from X-Forwarded-For only when a configured trusted proxy is the socket peer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

async function post(s: TestServer, summary: string, headers: Record<string, string> = {}, path = '/events') {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', body: JSON.stringify({ summary }), headers });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

async function stored(s: TestServer, summary: string): Promise<number> {
  const { rows } = await s.db.pool.query('SELECT count(*)::int AS n FROM events WHERE summary = $1', [summary]);
  return rows[0].n;
}

async function ingestToken(s: TestServer): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'shipper', role: 'viewer', ingestOnly: true }),
  });
  return (await res.json()).token;
}

describe('cross-site ingest from a trusted host (default trusted CIDRs: localhost)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.stop());

  it('refuses a browser request with a foreign Origin or Sec-Fetch-Site, 403 JSON, nothing stored', async () => {
    const forged: Record<string, string>[] = [
      { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      { Origin: 'null' },
      // A DNS-rebound page is "same-origin" to the browser; it still sends Origin.
      { Origin: s.url, 'Sec-Fetch-Site': 'same-origin' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const [i, headers] of forged.entries()) {
      const r = await post(s, `forged ${i}`, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.type).toMatch(/application\/json/);
      expect(r.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/token/) });
    }
    const bulk = await fetch(`${s.url}/_bulk`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
      body: '{"index":{}}\n{"summary":"forged bulk"}\n',
    });
    expect(bulk.status).toBe(403);
    for (const path of ['/cef', '/custom/webapp'])
      expect((await post(s, `forged ${path}`, { Origin: 'https://evil.example' }, path)).status, path).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < forged.length; i++) expect(await stored(s, `forged ${i}`)).toBe(0);
    expect(await stored(s, 'forged bulk')).toBe(0);
  });

  it('accepts a shipper (no Origin), and a browser request that bears a valid token', async () => {
    expect((await post(s, 'from a shipper')).status).toBe(200);
    expect((await post(s, 'navigated', { 'Sec-Fetch-Site': 'none' })).status).toBe(200);
    const token = await ingestToken(s);
    const r = await post(s, 'from a page with a token', {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
      Authorization: `Bearer ${token}`,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 1, rejected: [] });
    expect(await stored(s, 'from a shipper')).toBe(1);
    expect(await stored(s, 'from a page with a token')).toBe(1);
  });
});

describe('X-Forwarded-For and PICKET_TRUSTED_PROXIES', () => {
  let direct: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    // The test client (127.0.0.1) is outside the ingest CIDRs on both; only "proxied" trusts it as a proxy.
    direct = await startTestServer({ PICKET_INGEST_TRUSTED_CIDRS: '10.0.0.0/8', PICKET_TRUSTED_PROXIES: '192.0.2.7' });
    proxied = await startTestServer({
      PICKET_INGEST_TRUSTED_CIDRS: '10.0.0.0/8',
      PICKET_TRUSTED_PROXIES: '127.0.0.1/32,::1',
    });
  });
  afterAll(async () => {
    await direct?.stop();
    await proxied?.stop();
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const r = await post(direct, 'spoofed xff', { 'X-Forwarded-For': '10.1.2.3' });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });

  it('honours it from a trusted proxy, right to left, so a client-written entry counts for nothing', async () => {
    expect((await post(proxied, 'via proxy', { 'X-Forwarded-For': '10.1.2.3' })).status).toBe(200);
    expect(await stored(proxied, 'via proxy')).toBe(1);
    // The client wrote 10.1.2.3; the proxy appended the address it really saw.
    expect((await post(proxied, 'forged left', { 'X-Forwarded-For': '10.1.2.3, 203.0.113.9' })).status).toBe(401);
    // Without the header the client is the proxy itself, which is not a trusted ingest source.
    expect((await post(proxied, 'no header')).status).toBe(401);
  });

  it('records the forwarded client address in the audit log', async () => {
    const res = await fetch(`${proxied.url}/api/v1/tokens`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${proxied.adminToken}`,
        'Content-Type': 'application/json',
        'X-Forwarded-For': '198.51.100.23',
      },
      body: JSON.stringify({ name: 'audited', role: 'viewer' }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const { rows } = await proxied.db.pool.query(
      `SELECT ip FROM audit_log WHERE action = 'token.create' AND target_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ ip: '198.51.100.23' }]);
  });
});
