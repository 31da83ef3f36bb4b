// Code rules: a TypeScript module deployed in the code rules directory, referenced by a rule record.
// The shipped example (impossible travel) is copied into a temp directory, created over REST, fed
// events and back-tested; broken modules are refused with a message naming the file.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, isoAgo, postEvents, uniqueCategory, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../rules-examples/impossible-travel.ts');
let s: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-code-rules-'));
  await fs.copyFile(EXAMPLE, path.join(dir, 'impossible-travel.ts'));
  s = await startTestServer({ PICKET_CODE_RULES_DIR: dir, PICKET_ALERT_TICK_MS: '100' });
});
afterAll(async () => {
  await s?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const settle = () => s.picket.alerting.engine.idle();
const login = (user: string, at: string, lat: number, lon: number, country: string): Json => ({
  category: 'authentication',
  utctimestamp: at,
  summary: `login ${user}`,
  details: {
    username: user,
    success: true,
    sourceipgeolocation: { latitude: lat, longitude: lon, country_code: country },
  },
});

describe('code rules', () => {
  it('the impossible-travel example alerts on logins too far apart for the time between them', async () => {
    const user = uniqueCategory('traveller');
    const rule = await createRule(s, { type: 'code', module: 'impossible-travel.ts' });
    // Filled from the module when saved.
    expect(rule).toMatchObject({
      type: 'code',
      module: 'impossible-travel.ts',
      name: 'Impossible travel',
      severity: 'WARNING',
      category: 'geomodel',
      enabled: true,
    });

    await postEvents(s, [
      login(user, isoAgo(3 * 3_600_000), 52.52, 13.4, 'DE'), // Berlin
      login(user, isoAgo(2 * 3_600_000), 52.5, 13.3, 'DE'), // Berlin again: no travel
      login(user, isoAgo(60 * 60_000), 40.71, -74.0, 'US'), // New York an hour later: impossible
      login(`${user}-slow`, isoAgo(11 * 3_600_000), 52.52, 13.4, 'DE'),
      login(`${user}-slow`, isoAgo(60_000), 40.71, -74.0, 'US'), // 11 h later: a flight, fine
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'WARNING', category: 'geomodel', eventCount: 2 });
    expect(alerts[0].summary).toMatch(new RegExp(`^${user}: impossible travel DE → US \\(\\d+ km in 1\\.0 h\\)$`));
    const one = await api(s, 'GET', `/alerts/${alerts[0].id as string}`);
    expect((one.body.details as Json).speedKmh).toBeGreaterThan(1000);

    // The back-test runs the same module over the stored events.
    const test = await api(s, 'POST', '/rules/test', {
      rule: { type: 'code', module: 'impossible-travel.ts' },
      from: 'now-1d',
      to: 'now',
    });
    expect(test.status, JSON.stringify(test.body)).toBe(200);
    const preview = (test.body.alerts as Json[]).filter((a) => a.groupKey === user);
    expect(preview).toHaveLength(1);
    expect(preview[0].eventCount).toBe(2);
  });

  it('rebuilds a code rule window from the store when it is reloaded (as at a start)', async () => {
    const user = uniqueCategory('rebuilt');
    const rule = await createRule(s, { type: 'code', module: 'impossible-travel.ts', name: 'travel rebuilt' });
    await postEvents(s, [login(user, isoAgo(2 * 3_600_000), 35.68, 139.69, 'JP')]);
    await settle();
    // Forget the in-memory window: the reload reads the group's login back from the store.
    await s.picket.alerting.engine.reload(rule.id as string);
    await postEvents(s, [login(user, isoAgo(60_000), 51.5, -0.12, 'GB')]);
    await settle();
    // (The new rule's window also held the first test's logins, which alerted when it was created.)
    const alerts = (await alertsOf(s, rule.id as string)).filter((a) => a.groupKey === user);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].summary).toMatch(/JP → GB/);
    expect(alerts[0].eventCount).toBe(2);
  });

  it('refuses a module that is missing, does not compile, or is not a code rule, naming the file', async () => {
    const missing = await api(s, 'POST', '/rules', { type: 'code', module: 'nope.ts' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('"nope.ts" not found'),
    });

    await fs.writeFile(path.join(dir, 'broken.ts'), 'export default defineCodeRule({ name: "x", query: \n');
    const broken = await api(s, 'POST', '/rules', { type: 'code', module: 'broken.ts' });
    expect(broken.status).toBe(400);
    expect((broken.body.error as Json).message).toMatch(
      /^code rule module "broken.ts" does not compile: .+ \(line \d+, column \d+\)$/,
    );

    await fs.writeFile(path.join(dir, 'plain.ts'), 'export default { name: "x" };\n');
    const plain = await api(s, 'POST', '/rules', { type: 'code', module: 'plain.ts' });
    expect(plain.status).toBe(400);
    expect((plain.body.error as Json).message).toContain('"plain.ts" must default-export defineCodeRule');

    await fs.writeFile(
      path.join(dir, 'bad-window.ts'),
      `import { defineCodeRule } from 'picket/code-rule';
export default defineCodeRule({ name: 'w', query: '*', window: 'forever', severity: 'INFO', category: 'c', summary: 's', evaluate: () => null });
`,
    );
    const badWindow = await api(s, 'POST', '/rules', { type: 'code', module: 'bad-window.ts' });
    expect(badWindow.status).toBe(400);
    expect((badWindow.body.error as Json).message).toMatch(/"bad-window.ts": window: must be a duration/);

    const escaped = await api(s, 'POST', '/rules', { type: 'code', module: '../impossible-travel.ts' });
    expect(escaped.status).toBe(400);
    expect((escaped.body.error as Json).message).toContain('module: must be a file name');
    // Code never comes through the API.
    const inline = await api(s, 'POST', '/rules', { type: 'code', module: 'impossible-travel.ts', source: 'evil()' });
    expect(inline.status).toBe(400);
  });

  it('a module that throws in evaluate is counted as failed and the process keeps alerting', async () => {
    const cat = uniqueCategory('throws');
    await fs.writeFile(
      path.join(dir, 'throws.ts'),
      `import { defineCodeRule } from '../server/alerts/code-rules/define.ts';
export default defineCodeRule({
  name: 'throws', query: 'category:${cat}', window: '1m', severity: 'INFO', category: 'c', summary: 'ok {details.n}',
  evaluate({ events }) {
    const e = events[events.length - 1];
    if ((e.details as { n?: number }).n === 1) throw new Error('boom');
    return { events: [e] };
  },
});
`,
    );
    const rule = await createRule(s, { type: 'code', module: 'throws.ts' });
    const failedBefore = s.picket.alerting.engine.stats.failed;
    await postEvents(s, [
      { category: cat, details: { n: 1 } },
      { category: cat, details: { n: 2 } },
    ]);
    await settle();
    expect(s.picket.alerting.engine.stats.failed).toBe(failedBefore + 1);
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => a.summary)).toEqual(['ok 2']);

    const test = await api(s, 'POST', '/rules/test', {
      rule: { type: 'code', module: 'throws.ts' },
      from: 'now-1h',
      to: 'now',
    });
    expect(test.status).toBe(400);
    expect((test.body.error as Json).message).toContain('boom');
    const health = await fetch(`${s.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('a disabled code rule may name a module that no longer loads; enabling it again is refused', async () => {
    await fs.copyFile(EXAMPLE, path.join(dir, 'going-away.ts'));
    const rule = await createRule(s, { type: 'code', module: 'going-away.ts', name: 'going away' });
    await fs.rm(path.join(dir, 'going-away.ts'));
    const off = await api(s, 'PUT', `/rules/${rule.id as string}`, { ...rule, enabled: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const on = await api(s, 'PUT', `/rules/${rule.id as string}`, { ...off.body, enabled: true });
    expect(on.status).toBe(400);
    expect((on.body.error as Json).message).toContain('"going-away.ts" not found');
  });
});
