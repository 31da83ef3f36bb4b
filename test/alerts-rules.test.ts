// Every rule type, positive and negative, through the real pipeline: events POSTed to /events,
// rules made over REST, alerts read back over REST. Each test uses its own category.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ PICKET_ALERT_TICK_MS: '100' });
});
afterAll(() => s?.stop());

const settle = () => s.picket.alerting.engine.idle();

async function trpc(path: string, input: unknown, token = s.adminToken): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${s.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function token(role: string): Promise<string> {
  const r = await api(s, 'POST', '/tokens', { name: `alerts-${role}-${Math.random()}`, role });
  return r.body.token as string;
}

const base = (category: string) => ({
  severity: 'WARNING',
  category: 'test',
  tags: ['t'],
  summary: '{count} events for {details.user}',
  query: `category:${category}`,
});

describe('match rules', () => {
  it('alert on every matching event and not on others', async () => {
    const cat = uniqueCategory('match');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'match',
      type: 'match',
      query: `category:${cat} AND details.x:1`,
      summary: 'x=1 on {hostname}',
    });
    await postEvents(s, [
      { category: cat, hostname: 'h1', details: { x: 1 } },
      { category: cat, hostname: 'h2', details: { x: 2 } },
      { category: cat, hostname: 'h3', details: { x: 1 } },
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => a.summary).sort()).toEqual(['x=1 on h1', 'x=1 on h3']);
    expect(alerts.every((a) => a.eventCount === 1)).toBe(true);
  });
});

describe('threshold rules', () => {
  it('alert when a group reaches the threshold within the window, not below it', async () => {
    const cat = uniqueCategory('thr');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'thr',
      type: 'threshold',
      groupBy: ['details.user'],
      threshold: 3,
      window: '1m',
    });
    await postEvents(s, [
      { category: cat, details: { user: 'alice' } },
      { category: cat, details: { user: 'bob' } },
      { category: cat, details: { user: 'alice' } },
      { category: cat, details: { user: 'bob' } },
      { category: cat, details: { user: 'alice' } },
      { category: cat, details: {} },
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ summary: '3 events for alice', eventCount: 3, severity: 'WARNING' });
  });

  it('do not count events older than the window', async () => {
    const cat = uniqueCategory('thr-old');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'thr old',
      type: 'threshold',
      groupBy: ['details.user'],
      threshold: 2,
      window: '1m',
    });
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    await postEvents(s, [
      { category: cat, utctimestamp: old, details: { user: 'carol' } },
      { category: cat, details: { user: 'carol' } },
    ]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
  });

  it('dedup: events that fed one alert never feed the next', async () => {
    const cat = uniqueCategory('dedup');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'dedup',
      type: 'threshold',
      groupBy: ['details.user'],
      threshold: 3,
      window: '5m',
    });
    const ev = () => ({ category: cat, details: { user: 'dave' } });
    await postEvents(s, [ev(), ev(), ev(), ev(), ev()]);
    await settle();
    const first = await alertsOf(s, rule.id as string);
    expect(first).toHaveLength(1);
    await postEvents(s, [ev()]);
    await settle();
    const both = await alertsOf(s, rule.id as string);
    expect(both).toHaveLength(2);
    const [a2, a1] = both; // newest first
    expect(a1.eventCount).toBe(3);
    expect(a2.eventCount).toBe(3);
    const overlap = (a1.eventIds as string[]).filter((id) => (a2.eventIds as string[]).includes(id));
    expect(overlap).toEqual([]);
    // The database holds the same line: one alert per (rule, event).
    const { rows } = await s.db.pool.query(
      'SELECT event_id, count(*)::int AS n FROM alert_events WHERE rule_id = $1 GROUP BY event_id HAVING count(*) > 1',
      [rule.id],
    );
    expect(rows).toEqual([]);
  });

  it('suppression: a quiet period per group key swallows repeats, other groups still alert', async () => {
    const cat = uniqueCategory('quiet');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'quiet',
      type: 'threshold',
      groupBy: ['details.user'],
      threshold: 2,
      window: '5m',
      suppress: '1h',
    });
    const ev = (user: string) => ({ category: cat, details: { user } });
    await postEvents(s, [ev('erin'), ev('erin')]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(1);
    const before = s.picket.alerting.engine.stats.suppressed;
    await postEvents(s, [ev('erin'), ev('erin'), ev('frank'), ev('frank')]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => a.summary).sort()).toEqual(['2 events for erin', '2 events for frank']);
    expect(s.picket.alerting.engine.stats.suppressed).toBe(before + 1);
    const { rows } = await s.db.pool.query(
      'SELECT group_key FROM rule_suppressions WHERE rule_id = $1 ORDER BY group_key',
      [rule.id],
    );
    expect(rows.map((r) => r.group_key)).toEqual(['erin', 'frank']);
  });
});

describe('cardinality rules', () => {
  it('alert on N distinct values per group, not on repeats of few values', async () => {
    const cat = uniqueCategory('card');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'scan',
      type: 'cardinality',
      groupBy: ['details.sourceipaddress'],
      distinct: 'details.destinationport',
      threshold: 3,
      window: '5m',
      summary: '{details.sourceipaddress} probed {distinct} ports: {values:details.destinationport}',
    });
    const ev = (ip: string, port: number) => ({
      category: cat,
      details: { sourceipaddress: ip, destinationport: port },
    });
    await postEvents(s, [
      ev('198.51.100.2', 22),
      ev('198.51.100.2', 22),
      ev('198.51.100.2', 23),
      ev('198.51.100.2', 22),
    ]);
    await postEvents(s, [ev('198.51.100.1', 22), ev('198.51.100.1', 80), ev('198.51.100.1', 443)]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].summary).toBe('198.51.100.1 probed 3 ports: 22 80 443');
  });
});

describe('sequence rules', () => {
  it('alert on A then B for the same group key, not on B then A or on another key', async () => {
    const cat = uniqueCategory('seq');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'seq',
      type: 'sequence',
      groupBy: ['details.user'],
      window: '5m',
      steps: [{ query: 'details.action:login_failed' }, { query: 'details.action:login_ok' }],
      summary: 'failure then success for {details.user}',
    });
    const ev = (user: string, action: string) => ({ category: cat, details: { user, action } });
    await postEvents(s, [
      ev('gina', 'login_ok'),
      ev('gina', 'login_failed'),
      ev('hank', 'login_failed'),
      ev('ivan', 'login_ok'),
    ]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [ev('hank', 'login_ok')]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ summary: 'failure then success for hank', eventCount: 2 });
  });
});

describe('deadman rules', () => {
  it('alert when nothing matched for the window, and not while events keep coming within a long window', async () => {
    const quiet = uniqueCategory('dead');
    const busy = uniqueCategory('alive');
    const silent = await createRule(s, {
      ...base(quiet),
      name: 'dead',
      type: 'deadman',
      window: '1s',
      summary: 'no {rule} events',
    });
    const fed = await createRule(s, { ...base(busy), name: 'alive', type: 'deadman', window: '1h' });
    await postEvents(s, [{ category: busy }]);
    const alerts = await until(async () => {
      const a = await alertsOf(s, silent.id as string);
      return a.length ? a : null;
    }, 'the deadman alert');
    expect(alerts[0]).toMatchObject({ summary: 'no dead events', eventCount: 0 });
    expect(await alertsOf(s, fed.id as string)).toHaveLength(0);
  });
});

describe('exceptions', () => {
  it('events matching a rule exception (CIDR) never feed the rule', async () => {
    const cat = uniqueCategory('exc');
    const rule = await createRule(s, {
      ...base(cat),
      name: 'exc',
      type: 'match',
      summary: 'from {details.sourceipaddress}',
    });
    const added = await trpc('rules.addException', {
      ruleId: rule.id,
      query: 'details.sourceipaddress:10.0.0.0/8',
      comment: 'internal scanners',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    await postEvents(s, [
      { category: cat, details: { sourceipaddress: '10.20.30.40' } },
      { category: cat, details: { sourceipaddress: '203.0.113.9' } },
    ]);
    await settle();
    expect((await alertsOf(s, rule.id as string)).map((a) => a.summary)).toEqual(['from 203.0.113.9']);
    const got = await api(s, 'GET', `/rules/${rule.id}`);
    expect(got.body.exceptions).toMatchObject([
      { query: 'details.sourceipaddress:10.0.0.0/8', comment: 'internal scanners' },
    ]);
    const bad = await trpc('rules.addException', { ruleId: rule.id, query: 'details.x:(' });
    expect(bad.status).toBe(400);
  });
});

describe('rules API', () => {
  it('POST /rules/test runs a draft over past events and stores nothing', async () => {
    const cat = uniqueCategory('bt');
    const ev = (user: string) => ({ category: cat, details: { user } });
    await postEvents(s, [ev('jack'), ev('jack'), ev('jack'), ev('kim'), ev('jack'), ev('jack'), ev('jack')]);
    await settle();
    const count = async () =>
      (
        await s.db.pool.query(
          'SELECT (SELECT count(*) FROM alerts)::int AS a, (SELECT count(*) FROM audit_log)::int AS l, (SELECT count(*) FROM rules)::int AS r',
        )
      ).rows[0];
    const before = await count();
    const draft = {
      ...base(cat),
      name: 'draft',
      type: 'threshold',
      groupBy: ['details.user'],
      threshold: 3,
      window: '10m',
    };
    const r = await api(s, 'POST', '/rules/test', { rule: draft, from: 'now-1h', to: 'now+1m' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.matched).toBe(7);
    const alerts = r.body.alerts as Json[];
    expect(alerts.map((a) => [a.summary, a.eventCount])).toEqual([
      ['3 events for jack', 3],
      ['3 events for jack', 3],
    ]);
    expect((alerts[0].events as Json[])[0]).toMatchObject({ category: cat });
    expect(await count()).toEqual(before);
    const deadman = await api(s, 'POST', '/rules/test', {
      rule: { ...draft, type: 'deadman', threshold: undefined, groupBy: undefined, window: '20m' },
      from: 'now-1h',
      to: 'now',
    });
    expect(deadman.status, JSON.stringify(deadman.body)).toBe(200);
    expect((deadman.body.alerts as Json[]).length).toBeGreaterThan(0);
    const invalid = await api(s, 'POST', '/rules/test', { rule: { ...draft, threshold: 0 } });
    expect(invalid.status).toBe(400);
    expect((invalid.body.error as Json).message).toContain('threshold');
  });

  it('refuses invalid and unsupported rules with a clear 400', async () => {
    const sigma = await api(s, 'POST', '/rules', {
      name: 'x',
      type: 'sigma',
      yaml: 'title: x',
      category: 'c',
      summary: 's',
    });
    expect(sigma.status).toBe(400);
    expect((sigma.body.error as Json).message).toContain('Sigma: the rule has no detection');
    const typo = await api(s, 'POST', '/rules', {
      name: 'x',
      type: 'threshold',
      treshold: 3,
      window: '1m',
      category: 'c',
      summary: 's',
    });
    expect(typo.status).toBe(400);
    const badQuery = await api(s, 'POST', '/rules', {
      name: 'x',
      type: 'match',
      query: 'a:(',
      category: 'c',
      summary: 's',
    });
    expect(badQuery.status).toBe(400);
    expect((badQuery.body.error as Json).message).toContain('query');
    const badWindow = await api(s, 'POST', '/rules', {
      name: 'x',
      type: 'threshold',
      threshold: 3,
      window: '2 minutes',
      category: 'c',
      summary: 's',
    });
    expect(badWindow.status).toBe(400);
  });

  it('PUT is versioned (409 with the current rule on a stale version), keeps every version, audits a diff; DELETE hides the rule', async () => {
    const cat = uniqueCategory('ver');
    const rule = await createRule(s, { ...base(cat), name: 'v1', type: 'threshold', threshold: 5, window: '1m' });
    const { id, version, createdAt, updatedAt, owner, catalogueKey, ...def } = rule;
    void createdAt;
    void updatedAt;
    void owner;
    void catalogueKey;
    const ok = await api(s, 'PUT', `/rules/${id}`, { ...def, version, threshold: 7, name: 'v2' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, threshold: 7, name: 'v2' });
    const stale = await api(s, 'PUT', `/rules/${id}`, { ...def, version, threshold: 9 });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ version: 2, threshold: 7 });
    const missing = await api(s, 'PUT', `/rules/${id}`, { ...def, threshold: 9 });
    expect(missing.status).toBe(400);
    const versions = await fetch(
      `${s.url}/api/trpc/rules.versions?input=${encodeURIComponent(JSON.stringify({ id }))}`,
      { headers: { Authorization: `Bearer ${s.adminToken}` } },
    );
    expect(((await versions.json()).result.data as Json[]).map((v) => v.version)).toEqual([2, 1]);
    const { rows } = await s.db.pool.query(
      'SELECT version, definition FROM rule_versions WHERE rule_id = $1 ORDER BY version',
      [id],
    );
    expect(rows.map((r) => [r.version, r.definition.threshold])).toEqual([
      [1, 5],
      [2, 7],
    ]);
    const audit = await api(s, 'GET', `/audit?action=rule.update`);
    const entry = (audit.body.entries as Json[]).find((e) => e.targetId === id)!;
    expect(entry.diff).toEqual({ threshold: [5, 7], name: ['v1', 'v2'] });
    expect((await api(s, 'DELETE', `/rules/${id}`)).status).toBe(200);
    expect((await api(s, 'GET', `/rules/${id}`)).status).toBe(404);
    expect(((await api(s, 'GET', '/rules')).body.rules as Json[]).some((r) => r.id === id)).toBe(false);
  });

  it('only admins write rules; analysts work alerts; viewers only read', async () => {
    const viewer = await token('viewer');
    const analyst = await token('analyst');
    const cat = uniqueCategory('perm');
    const rule = { ...base(cat), name: 'perm', type: 'match' };
    expect((await api(s, 'POST', '/rules', rule, viewer)).status).toBe(403);
    expect((await api(s, 'POST', '/rules', rule, analyst)).status).toBe(403);
    expect((await api(s, 'GET', '/rules', undefined, viewer)).status).toBe(200);
    const created = await createRule(s, rule);
    await postEvents(s, [{ category: cat, details: { user: 'lee' } }]);
    await settle();
    const [alert] = await alertsOf(s, created.id as string);
    expect((await api(s, 'POST', `/alerts/${alert.id}/status`, { status: 'acknowledged' }, viewer)).status).toBe(403);
    const ack = await api(s, 'POST', `/alerts/${alert.id}/status`, { status: 'acknowledged' }, analyst);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', version: 2 });
    const stale = await api(s, 'POST', `/alerts/${alert.id}/status`, { status: 'closed', version: 1 }, analyst);
    expect(stale.status).toBe(409);
    expect((await api(s, 'POST', `/alerts/${alert.id}/status`, { status: 'bogus' }, analyst)).status).toBe(400);
    expect((await trpc('rules.create', { rule }, analyst)).status).toBe(403);
    const audit = await api(s, 'GET', `/audit?action=alert.status`);
    expect((audit.body.entries as Json[]).find((e) => e.targetId === alert.id)?.diff).toEqual({
      status: ['new', 'acknowledged'],
    });
    const filtered = await api(s, 'GET', `/alerts?status=acknowledged&ruleId=${created.id}`);
    expect((filtered.body.alerts as Json[]).map((a) => a.id)).toEqual([alert.id]);
    expect((await api(s, 'GET', '/alerts?status=nope')).status).toBe(400);
    expect((await api(s, 'GET', '/alerts?q=a:(')).status).toBe(400);
  });
});
