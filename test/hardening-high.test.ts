// The two high-severity findings of the security review, tried against a running server:
// prototype pollution through column projection, and a regex that stalls the event loop.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, uniqueCategory, until } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcHttp } from './trpc-http-client.ts';

const proto = Object.prototype as Record<string, unknown>;

describe('security review: high findings', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    delete proto.pwned;
    await s?.stop();
  });

  it('a viewer projecting details.__proto__.X of a stored event changes no prototype', async () => {
    // Raw JSON text: a JS object literal would turn "__proto__" into a prototype, not a key.
    const body =
      '{"summary":"proto carrier","category":"proto-test","details":{"__proto__":{"pwned":"yes"},"constructor":{"prototype":{"pwned":"yes"}}}}';
    const res = await fetch(`${s.url}/events`, { method: 'POST', body });
    expect(res.status).toBe(200);
    const viewer = trpcHttp(s.url, await tokenFor(s.url, s.adminToken, 'viewer'));
    const r = await viewer.events.search.query({
      q: 'category:proto-test',
      from: 'now-1h',
      columns: ['summary', 'details.__proto__.pwned', 'details.constructor.prototype.pwned', '__proto__.pwned'],
    });
    expect(proto.pwned).toBeUndefined();
    expect(r.events).toHaveLength(1);
    // The stored keys come back as data, as they were sent.
    expect(JSON.parse(JSON.stringify(r.events[0].details))).toEqual(
      JSON.parse('{"__proto__":{"pwned":"yes"},"constructor":{"prototype":{"pwned":"yes"}}}'),
    );
    // And the server still answers everything else.
    const again = await viewer.events.search.query({ q: 'category:proto-test', from: 'now-1h' });
    expect(again.total).toBe(1);
  });

  it('a catastrophic regex in the alerts filter does not stall the server', async () => {
    const category = uniqueCategory('redos');
    const rule = await createRule(s, {
      name: 'redos bait',
      type: 'match',
      query: `category:${category}`,
      severity: 'INFO',
      category,
      summary: 'a'.repeat(24),
      enabled: true,
    });
    await fetch(`${s.url}/events`, { method: 'POST', body: JSON.stringify({ summary: 'bait', category }) });
    await until(async () => (await alertsOf(s, rule.id as string)).length > 0, 'the bait alert');
    const viewer = await tokenFor(s.url, s.adminToken, 'viewer');
    // The server runs in this process: a backtracking engine would hold this event loop for seconds.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const filtered = await api(s, 'GET', `/alerts?q=${encodeURIComponent('summary:/(a|a)*b/')}`, undefined, viewer);
    loop.disable();
    expect(filtered.status).toBe(200);
    expect(filtered.body.alerts).toEqual([]);
    const probe = await fetch(`${s.url}/status`);
    expect(probe.status).toBe(200);
    expect(loop.max / 1e6).toBeLessThan(1000);
  });
});
