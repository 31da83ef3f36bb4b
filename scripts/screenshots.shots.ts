// Writes docs/screenshots/*.png (1280x800) from a real server with realistic data: several users,
// tokens and audit rows. Run with `npm run screenshots`; dark-theme copies go to /tmp/picket-shots-dark
// for checking contrast without committing them.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { buildPools, EventGenerator, ndjsonBatches } from '../bench/generate-events.ts';
import { launchBrowser } from '../test/browser.ts';
import { startTestServer, type TestServer } from '../test/server-harness.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const DARK_OUT = '/tmp/picket-shots-dark';
/** Dialogs and menus, for looking at, not committed. */
const EXTRA_OUT = '/tmp/picket-shots-extra';
const VIEWPORT = { width: 1280, height: 800 };
const ADMIN = { email: 'admin@example.org', password: 'correct-horse-admin-2026' };
const PASSWORD = 'a-long-demo-password';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer(
    {
      PICKET_ADMIN_EMAIL: ADMIN.email,
      PICKET_ADMIN_PASSWORD: ADMIN.password,
      GITHUB_ID: 'demo',
      GITHUB_SECRET: 'demo',
    },
    { web: true },
  );
  browser = await launchBrowser();
  await fs.mkdir(OUT, { recursive: true });
  await fs.mkdir(DARK_OUT, { recursive: true });
  await fs.mkdir(EXTRA_OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function rest(method: string, p: string, body?: unknown, token = s.adminToken): Promise<any> {
  const res = await fetch(s.url + '/api/v1' + p, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

async function pageAs(email: string | undefined, password: string, theme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addCookies([{ name: 'picket-theme', value: theme, url: s.url }]);
  const page = await context.newPage();
  if (email) {
    await page.goto(s.url + '/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(s.url + '/');
  }
  return page;
}

/** Same-origin request from a signed-in page (the session cookie rides along). */
function inPage(page: Page, method: string, url: string, body?: unknown): Promise<any> {
  return page.evaluate(
    async ([m, u, b]) =>
      (
        await fetch(u as string, {
          method: m as string,
          headers: { 'Content-Type': 'application/json' },
          body: b === undefined ? undefined : JSON.stringify(b),
        })
      ).json(),
    [method, url, body] as const,
  );
}

async function seed(): Promise<void> {
  const people = [
    { email: 'ana.lopez@example.org', name: 'Ana López', role: 'analyst' },
    { email: 'priya.natarajan@example.org', name: 'Priya Natarajan', role: 'analyst' },
    { email: 'marc.dubois@example.org', name: 'Marc Dubois', role: 'viewer' },
    { email: 'soc-oncall@example.org', name: 'SOC on-call', role: 'viewer' },
    { email: 'j.smith@example.org', name: 'Jordan Smith', role: 'analyst' },
  ];
  const created: Record<string, any> = {};
  for (const p of people) created[p.email] = await rest('POST', '/users', { ...p, password: PASSWORD });
  await rest('PATCH', `/users/${created['marc.dubois@example.org'].id}`, { role: 'analyst', version: 1 });
  await rest('PATCH', `/users/${created['j.smith@example.org'].id}`, { disabled: true, version: 1 });

  const tokens: Record<string, any> = {};
  for (const t of [
    { name: 'syslog-ng shipper (dc1)', role: 'analyst', ingestOnly: true },
    { name: 'nightly compliance report', role: 'viewer' },
    { name: 'SOAR integration', role: 'analyst' },
    { name: 'old jenkins job', role: 'viewer' },
  ]) {
    tokens[t.name] = await rest('POST', '/tokens', t);
  }
  await rest('GET', '/account', undefined, tokens['nightly compliance report'].token);
  await rest('GET', '/account', undefined, tokens['SOAR integration'].token);
  await rest('DELETE', `/tokens/${tokens['old jenkins job'].id}`);
  await rest('PATCH', '/settings', { oauthNewUserRole: 'none', version: 1 });
}

it('writes the screenshots', async () => {
  await seed();
  for (const theme of ['light', 'dark'] as const) {
    const dir = theme === 'light' ? OUT : DARK_OUT;
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(dir, name) });

    const anon = await pageAs(undefined, '', theme);
    await anon.goto(s.url + '/login');
    await anon.getByLabel('Email').fill('ana.lopez@example.org');
    await shot(anon, 'login.png');

    // Ana's own tokens, made from her signed-in page the way the UI does.
    const ana = await pageAs('ana.lopez@example.org', PASSWORD, theme);
    if (theme === 'light') {
      await inPage(ana, 'POST', '/api/v1/tokens', { name: 'zeek shipper (lab)', role: 'analyst', ingestOnly: true });
      const cli = await inPage(ana, 'POST', '/api/v1/tokens', { name: 'laptop CLI', role: 'viewer' });
      await rest('GET', '/account', undefined, cli.token);
    }
    await ana.goto(s.url + '/account/tokens');
    await ana.locator('tr[data-token-name]').first().waitFor();
    await shot(ana, 'account-tokens.png');
    await ana.getByRole('button', { name: 'New token' }).click();
    await ana.getByRole('dialog').getByLabel('Name').fill('grafana dashboard');
    await ana.screenshot({ path: path.join(EXTRA_OUT, `${theme}-new-token.png`) });
    await ana.keyboard.press('Escape');
    await ana.getByRole('button', { name: 'User menu' }).click();
    await ana.getByRole('menuitem', { name: 'API tokens' }).waitFor();
    await ana.screenshot({ path: path.join(EXTRA_OUT, `${theme}-user-menu.png`) });
    await ana.keyboard.press('Escape');

    // A viewer pokes at admin pages and forges a request: the 403 page, and an access.denied row.
    const viewer = await pageAs('soc-oncall@example.org', PASSWORD, theme);
    if (theme === 'light')
      await inPage(viewer, 'POST', '/api/v1/users', { email: 'mallory@example.org', role: 'admin' });
    await viewer.goto(s.url + '/admin/settings');
    await viewer.getByRole('heading', { name: 'Forbidden' }).waitFor();
    await shot(viewer, 'forbidden.png');

    const admin = await pageAs(ADMIN.email, ADMIN.password, theme);
    await shot(admin, 'shell.png');
    await admin.goto(s.url + '/admin');
    await admin.locator('tr[data-email]').nth(5).waitFor();
    await shot(admin, 'admin-users.png');
    await admin.getByLabel('Role of marc.dubois@example.org').selectOption('viewer');
    await admin.getByRole('dialog', { name: 'Change role?' }).waitFor();
    await admin.screenshot({ path: path.join(EXTRA_OUT, `${theme}-confirm-role.png`) });
    await admin.keyboard.press('Escape');
    await admin.goto(s.url + '/admin/tokens');
    await admin.locator('tr[data-token-name]').nth(4).waitFor();
    await shot(admin, 'admin-tokens.png');
    await admin.goto(s.url + '/admin/audit');
    await admin.locator('tr[data-action]').nth(10).waitFor();
    await shot(admin, 'admin-audit.png');
    await admin.goto(s.url + '/admin/settings');
    await admin.getByLabel('New OAuth users').waitFor();
    await shot(admin, 'admin-settings.png');
    for (const p of [anon, ana, viewer, admin]) await p.context().close();
  }
});

/** A day of MozDef-like traffic (sshd, CloudTrail, Zeek, proxy, IDS) with geolocated source IPs. */
async function seedEvents(count: number): Promise<void> {
  const gen = new EventGenerator(buildPools(), 7, Date.now());
  for (const body of ndjsonBatches(gen, count, 1000)) {
    const res = await fetch(s.url + '/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/x-ndjson' },
      body: new Uint8Array(body),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
  }
}

function trpcMutate(page: Page, proc: string, input: unknown): Promise<any> {
  return inPage(page, 'POST', `/api/trpc/${proc}`, input);
}

it('writes the explorer and dashboard screenshots', async () => {
  await seedEvents(12_000);
  for (const theme of ['light', 'dark'] as const) {
    const dir = theme === 'light' ? OUT : DARK_OUT;
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(dir, name) });
    const ana = await pageAs('ana.lopez@example.org', PASSWORD, theme);
    if (theme === 'light') {
      await trpcMutate(ana, 'savedSearches.create', {
        name: 'SSH failures',
        query: 'category:authentication AND details.success:false',
        timeFrom: 'now-24h',
        timeTo: 'now',
        shared: true,
        pinned: true,
      });
      await trpcMutate(ana, 'savedSearches.create', {
        name: 'IDS alerts',
        query: 'source:suricata',
        timeFrom: 'now-7d',
        timeTo: 'now',
        shared: true,
        pinned: true,
      });
      await trpcMutate(ana, 'savedSearches.create', {
        name: 'Root logins',
        query: 'details.username:root',
        timeFrom: 'now-24h',
        timeTo: 'now',
        pinned: true,
      });
    }
    await ana.goto(s.url + '/');
    await ana.getByRole('region', { name: 'Top hosts' }).locator('li').nth(4).waitFor();
    await ana.locator('svg[aria-label^="Map of"]').waitFor();
    await shot(ana, 'dashboard.png');

    await ana.goto(
      s.url +
        '/events?q=' +
        encodeURIComponent('category:authentication') +
        '&from=now-24h&to=now&cols=hostname,details.sourceipaddress,details.username,summary',
    );
    await ana.locator('[data-event-id]').nth(20).waitFor();
    await ana
      .getByRole('navigation', { name: 'Fields' })
      .getByRole('button', { name: 'details.sourceipaddress', exact: true })
      .click();
    await ana.getByRole('list', { name: 'Top values of details.sourceipaddress' }).waitFor();
    await ana.getByRole('combobox', { name: 'Query' }).click();
    await shot(ana, 'explorer.png');
    await ana.locator('[data-event-id]').nth(2).click();
    await ana.getByRole('dialog', { name: 'Event details' }).locator('tbody tr').nth(8).waitFor();
    await shot(ana, 'explorer-drawer.png');
    await ana.context().close();
  }
});
