// MozDef loginput's other paths: /cef (JSON as loginput took it, and CEF text lines) and
// /custom/<application>, each tagged the way loginput tagged them for esworker.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

describe('MozDef loginput paths', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.stop());

  const post = async (path: string, body: string) => {
    const res = await fetch(`${s.url}${path}`, { method: 'POST', body });
    return { status: res.status, body: await res.json() };
  };
  const find = async (q: string) => {
    const res = await fetch(`${s.url}/api/v1/events?q=${encodeURIComponent(q)}&from=now-1d&size=50`, {
      headers: { Authorization: `Bearer ${s.adminToken}` },
    });
    return (await res.json()).events as Array<Record<string, unknown>>;
  };

  it('/cef takes JSON like loginput (endpoint "cef") and CEF lines, a bad line rejected by index', async () => {
    const m = crypto.randomBytes(3).toString('hex');
    expect(await post('/cef', JSON.stringify({ summary: `cef json ${m}`, endpoint: 'spoofed' }))).toEqual({
      status: 200,
      body: { accepted: 1, rejected: [] },
    });
    const lines = [
      `CEF:0|Security|threatmanager|1.0|100|cef line ${m} worm stopped|10|src=10.0.0.1 dst=2.1.2.2 dvchost=ids1`,
      'garbage',
      `CEF:0|Fortinet|FortiGate|6.0|13|cef line ${m} deny|5|src=198.51.100.7 spt=4444 dpt=22`,
    ];
    const r = await post('/cef/', lines.join('\n'));
    expect(r).toEqual({
      status: 200,
      body: { accepted: 2, rejected: [{ index: 1, error: 'cef: the line has no "CEF:" header' }] },
    });
    const [json] = await find(`"cef json ${m}"`);
    expect((json.details as Record<string, unknown>).endpoint).toBe('cef');
    const found = await find(`"cef line ${m}"`);
    expect(found).toHaveLength(2);
    const worm = found.find((e) => String(e.summary).includes('worm'))!;
    expect(worm).toMatchObject({
      severity: 'CRITICAL',
      hostname: 'ids1',
      category: 'cef',
      source: 'Security threatmanager',
      details: { sourceipaddress: '10.0.0.1', endpoint: 'cef' },
    });
    const deny = found.find((e) => String(e.summary).includes('deny'))!;
    expect(deny).toMatchObject({
      severity: 'WARNING',
      details: { sourceipaddress: '198.51.100.7', deviceVendor: 'Fortinet' },
    });
  });

  it('/custom/<application> tags the endpoint and uses the application as category when none is given', async () => {
    const m = crypto.randomBytes(3).toString('hex');
    const body = [
      JSON.stringify({ summary: `custom ${m} a`, details: { cve: 'CVE-2026-0001' } }),
      JSON.stringify({ summary: `custom ${m} b`, category: 'vulnerability' }),
    ].join('\n');
    expect(await post('/custom/vulnerabilities', body)).toEqual({ status: 200, body: { accepted: 2, rejected: [] } });
    const found = await find(`"custom ${m}"`);
    const a = found.find((e) => String(e.summary).endsWith(' a'))!;
    const b = found.find((e) => String(e.summary).endsWith(' b'))!;
    expect(a).toMatchObject({
      category: 'vulnerabilities',
      details: {
        cve: 'CVE-2026-0001',
        endpoint: 'vulnerabilities',
        customendpoint: true,
        application: 'vulnerabilities',
      },
    });
    expect(b.category).toBe('vulnerability');
    const bad = await post('/custom/%ZZ', '{"summary":"x"}');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    expect((await post('/custom/', '{"summary":"x"}')).status).toBe(400);
  });
});
