// The UI's procedures for alerts and rules, over HTTP as @trpc/client sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, postEvents, uniqueCategory, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

async function query(path: string, input: unknown, token = s.adminToken) {
  const res = await fetch(`${s.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as Json;
  return {
    status: res.status,
    data: (body.result as Json | undefined)?.data as Json,
    error: body.error as Json | undefined,
  };
}

async function mutate(path: string, input: unknown, token = s.adminToken) {
  const res = await fetch(`${s.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Json;
  return {
    status: res.status,
    data: (body.result as Json | undefined)?.data as Json,
    error: body.error as Json | undefined,
  };
}

const settle = () => s.picket.alerting.engine.idle();

describe('alerts and rules over tRPC', () => {
  it('work alerts: get with events, setStatus (versioned), assign, bulkSetStatus, list filters', async () => {
    const cat = uniqueCategory('trpc');
    const rule = await createRule(s, {
      name: 'trpc',
      type: 'match',
      query: `category:${cat}`,
      category: 'test',
      summary: 'hit {details.n}',
    });
    await postEvents(
      s,
      [1, 2, 3].map((n) => ({ category: cat, details: { n } })),
    );
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(3);
    const third = alerts.find((a) => a.summary === 'hit 3')!;
    const one = await query('alerts.get', { id: third.id });
    expect(one.status).toBe(200);
    expect((one.data.events as Json[]).map((e) => (e.details as Json).n)).toEqual([3]);

    const acked = await mutate('alerts.setStatus', { id: third.id, status: 'acknowledged', version: 1 });
    expect(acked.data).toMatchObject({ status: 'acknowledged', version: 2 });
    const stale = await mutate('alerts.setStatus', { id: third.id, status: 'closed', version: 1 });
    expect(stale.status).toBe(409);
    const assigned = await mutate('alerts.assign', { id: third.id, assignee: 'analyst@example.com', version: 2 });
    expect(assigned.data).toMatchObject({ assignee: 'analyst@example.com', version: 3 });

    const bulk = await mutate('alerts.bulkSetStatus', { ids: alerts.map((a) => a.id), status: 'closed' });
    expect((bulk.data.updated as string[]).length).toBe(3);
    const closed = await query('alerts.list', { status: ['closed'], ruleId: rule.id });
    expect((closed.data as unknown as Json[]).length).toBe(3);
    const byQuery = await query('alerts.list', { q: 'summary:"hit 2" AND status:closed' });
    expect((byQuery.data as unknown as Json[]).map((a) => a.summary)).toEqual(['hit 2']);
  });

  it('manage rules: list with hits, toggle stops alerts, clone starts disabled, versions, test', async () => {
    const cat = uniqueCategory('trpc-rule');
    const created = await mutate('rules.create', {
      rule: { name: 'r1', type: 'match', query: `category:${cat}`, category: 'test', summary: 's' },
    });
    expect(created.status).toBe(200);
    const id = created.data.id as string;
    await postEvents(s, [{ category: cat }]);
    await settle();
    const listed = ((await query('rules.list', {})).data as unknown as Json[]).find((r) => r.id === id)!;
    expect(listed.hits).toBe(1);
    expect(typeof listed.lastFiredAt).toBe('string');

    const off = await mutate('rules.toggle', { id, version: 1, enabled: false });
    expect(off.data).toMatchObject({ enabled: false, version: 2 });
    await postEvents(s, [{ category: cat }]);
    await settle();
    expect(await alertsOf(s, id)).toHaveLength(1);

    const copy = await mutate('rules.clone', { id });
    expect(copy.data).toMatchObject({ name: 'Copy of r1', enabled: false, version: 1 });
    const versions = await query('rules.versions', { id });
    expect((versions.data as unknown as Json[]).map((v) => [v.version, v.enabled])).toEqual([
      [2, false],
      [1, true],
    ]);

    const tested = await mutate('rules.test', {
      rule: { name: 'd', type: 'match', query: `category:${cat}`, category: 'test', summary: 's' },
      from: 'now-1h',
      to: 'now+1m',
    });
    expect(tested.data).toMatchObject({ matched: 2 });
    const invalid = await mutate('rules.update', {
      id,
      version: 2,
      rule: { name: 'x', type: 'threshold', category: 'c', summary: 's' },
    });
    expect(invalid.status).toBe(400);

    expect((await mutate('rules.remove', { id })).status).toBe(200);
    expect((await query('rules.get', { id })).status).toBe(404);
    const audit = await api(s, 'GET', '/audit?action=rule.delete');
    expect((audit.body.entries as Json[]).some((e) => e.targetId === id)).toBe(true);
  });
});
