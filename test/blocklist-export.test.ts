// The block-list export for firewalls (ETag/304, expiry, least-privilege token), the blockSourceIp
// alert action end to end, and /ipdshieldquery when an upstream is configured — on a real server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRule, postEvents, until, uniqueCategory, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let viewer: string;
let analyst: string;
let firewall: string;
let dshield: http.Server;
const dshieldSeen: Array<{ url: string; userAgent: string | undefined }> = [];

async function tokenFor(name: string, role: string, ingestOnly = false): Promise<string> {
  const r = await api(s, 'POST', '/tokens', { name, role, ingestOnly });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

async function get(path: string, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

beforeAll(async () => {
  // A stand-in for isc.sans.edu: answers /api/ip/<ip>?json like DShield does.
  dshield = http.createServer((req, res) => {
    dshieldSeen.push({ url: req.url ?? '', userAgent: req.headers['user-agent'] });
    if (req.url?.startsWith('/api/ip/1.1.1.1')) {
      res.writeHead(429).end('slow down');
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ ip: { number: req.url?.split('/')[3]?.split('?')[0], count: 12, attacks: 3 } }));
  });
  await new Promise<void>((r) => dshield.listen(0, '127.0.0.1', r));
  s = await startTestServer({
    PICKET_DSHIELD_API_URL: `http://127.0.0.1:${(dshield.address() as AddressInfo).port}/api/ip/`,
  });
  viewer = await tokenFor('reader', 'viewer');
  analyst = await tokenFor('soar', 'analyst');
  firewall = await tokenFor('edge-firewall', 'viewer', true);
});
afterAll(async () => {
  await s?.stop();
  dshield?.close();
});

describe('block-list export', () => {
  it('serves active IPs/CIDRs and FQDNs as text and JSON with an ETag; If-None-Match is a 304; expired entries drop out', async () => {
    expect((await api(s, 'POST', '/blockip', { value: '8.8.4.4', duration: '1d' }, analyst)).status).toBe(201);
    expect((await api(s, 'POST', '/blockip', { value: '9.9.9.0/24' }, analyst)).status).toBe(201);
    const gone = await api(s, 'POST', '/blockip', { value: '45.33.32.200', duration: '1h' }, analyst);
    expect((await api(s, 'POST', '/blockfqdn', { value: 'bad.example.com', duration: '30d' }, analyst)).status).toBe(
      201,
    );

    const txt = await get('/blocklist/ip.txt', firewall);
    expect(txt.status).toBe(200);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(txt.text).toBe('45.33.32.200\n8.8.4.4\n9.9.9.0/24\n');
    const etag = txt.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/blocklist/ip.txt', firewall, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get('/blocklist/ip.txt', firewall, { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);

    const js = await get('/blocklist/ip.json', viewer);
    const parsed = JSON.parse(js.text);
    expect(parsed.count).toBe(3);
    expect(parsed.items[1]).toMatchObject({
      value: '8.8.4.4',
      type: 'ip',
      expiresAt: expect.any(String),
      addedAt: expect.any(String),
    });
    expect(parsed.items[2]).toMatchObject({ value: '9.9.9.0/24', type: 'cidr', expiresAt: null });
    expect((await get('/blocklist/fqdn.txt', firewall)).text).toBe('bad.example.com\n');
    expect(JSON.parse((await get('/blocklist/fqdn.json', firewall)).text).items.map((i: Json) => i.value)).toEqual([
      'bad.example.com',
    ]);

    // Expiry: the entry leaves the list, the ETag changes, so the old one no longer earns a 304.
    await s.db.pool.query(`UPDATE watch_items SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      gone.body.id,
    ]);
    const after = await get('/blocklist/ip.txt', firewall, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.text).toBe('8.8.4.4\n9.9.9.0/24\n');
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('needs a token: 401 without; an ingest-only token reads the lists but cannot search events', async () => {
    const anon = await get('/blocklist/ip.txt', null);
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.text).error.code).toBe('unauthorized');
    expect((await get('/events', firewall)).status).toBe(403);
    expect((await get('/blockip', firewall)).status).toBe(403);
    const missing = await get('/blocklist/ip.csv', firewall);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('not_found');
  });
});

describe('alert action: block the source IP for N hours', () => {
  it('blocks the alert’s public source IPs via the block list (audited as the rule), refuses private ones, never shortens a block', async () => {
    const category = uniqueCategory('block-action');
    // Already blocked for good by a person: the action must not shorten that.
    expect((await api(s, 'POST', '/blockip', { value: '45.33.32.157' }, analyst)).status).toBe(201);
    const rule = await createRule(s, {
      name: 'block scanners',
      type: 'match',
      query: `category:${category}`,
      groupBy: ['details.sourceipaddress'],
      category: 'scan',
      summary: 'scan from {details.sourceipaddress}',
      actions: [{ type: 'blockSourceIp', hours: 6 }],
    });
    await postEvents(s, [
      { summary: 'probe', category, details: { sourceipaddress: '45.33.32.156' } },
      { summary: 'probe', category, details: { sourceipaddress: '10.20.30.40' } },
      { summary: 'probe', category, details: { sourceipaddress: '45.33.32.157' } },
    ]);
    await until(
      async () => ((await api(s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as Json[]).length === 3,
      'three alerts',
    );
    await s.picket.alerting.engine.idle();

    const items = (await api(s, 'GET', '/blockip', undefined, viewer)).body.items as Json[];
    const blocked = items.find((i) => i.value === '45.33.32.156')!;
    expect(blocked).toMatchObject({ type: 'ip', duration: '6h', createdBy: 'rule:block scanners' });
    expect(blocked.comment).toMatch(
      /^Automatic block by rule "block scanners" for alert [0-9a-f-]+: scan from 45.33.32.156$/,
    );
    const hours = (Date.parse(blocked.expiresAt as string) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(5.9);
    expect(hours).toBeLessThanOrEqual(6);
    expect(items.find((i) => i.value === '10.20.30.40')).toBeUndefined();
    expect(items.find((i) => i.value === '45.33.32.157')).toMatchObject({
      expiresAt: null,
      duration: 'permanent',
      version: 1,
    });
    expect((await get('/blocklist/ip.txt', firewall)).text).toContain('45.33.32.156\n');

    const { rows } = await s.db.pool.query('SELECT action, actor, actor_type FROM audit_log WHERE target_id = $1', [
      blocked.id,
    ]);
    expect(rows).toEqual([{ action: 'blockip.create', actor: 'rule:block scanners', actor_type: 'system' }]);
    expect(s.picket.alerting.engine.stats.alerts).toBeGreaterThanOrEqual(3);

    // Firing again later extends the block (renewed, audited), never a second entry.
    await s.db.pool.query(`UPDATE watch_items SET expires_at = now() + interval '1 hour' WHERE id = $1`, [blocked.id]);
    await postEvents(s, [{ summary: 'probe again', category, details: { sourceipaddress: '45.33.32.156' } }]);
    await until(
      async () => ((await api(s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as Json[]).length === 4,
      'the fourth alert',
    );
    await s.picket.alerting.engine.idle();
    const renewed = ((await api(s, 'GET', '/blockip')).body.items as Json[]).filter((i) => i.value === '45.33.32.156');
    expect(renewed).toHaveLength(1);
    expect((Date.parse(renewed[0].expiresAt as string) - Date.now()) / 3_600_000).toBeGreaterThan(5.9);
    const actions = (
      await s.db.pool.query('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id', [blocked.id])
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['blockip.create', 'blockip.renew']);
  });

  it('validates the action like the rest of the rule', async () => {
    const base = { name: 'x', type: 'match', query: '*', category: 'c', summary: 's' };
    for (const actions of [
      [{ type: 'blockSourceIp', hours: 0 }],
      [{ type: 'blockSourceIp', hours: 721 }],
      [{ type: 'blockSourceIp' }],
      [{ type: 'nuke' }],
      [{ type: 'blockSourceIp', hours: 2, extra: 1 }],
    ]) {
      const r = await api(s, 'POST', '/rules', { ...base, actions });
      expect(r.status, JSON.stringify(actions)).toBe(400);
      expect((r.body.error as Json).message).toMatch(/^actions\.0/);
    }
  });
});

describe('/ipdshieldquery with PICKET_DSHIELD_API_URL', () => {
  it('asks the configured DShield API and passes its JSON on; its refusals keep their status', async () => {
    const r = await fetch(`${s.url}/ipdshieldquery`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ ipaddress: '45.33.32.156' }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ip: { number: '45.33.32.156', count: 12, attacks: 3 } });
    expect(dshieldSeen.at(-1)).toEqual({
      url: '/api/ip/45.33.32.156?json',
      userAgent: expect.stringMatching(/^Picket\//),
    });
    const limited = await fetch(`${s.url}/ipdshieldquery/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ ipaddress: '1.1.1.1' }),
    });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.message).toMatch(/DShield answered 429/);
  });
});
