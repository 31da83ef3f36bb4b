import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { ingest } from './trpc-http-client.ts';
import { eventually } from './trpc-ws-client.ts';

// The events explorer in a real browser against a real server: query, sidebar filter, histogram
// zoom, drawer, shareable URL, live tail, and hostile event content rendered as inert text.

let s: TestServer;
let browser: Browser;
let admin: { email: string; password: string };
const now = Date.now();
const at = (minAgo: number) => new Date(now - minAgo * 60_000).toISOString();

const KNOWN = [
  {
    utctimestamp: at(50),
    category: 'xptest',
    hostname: 'web-1',
    summary: 'login ok for alice',
    details: { username: 'alice', sourceipaddress: '198.51.100.7' },
  },
  {
    utctimestamp: at(40),
    category: 'xptest',
    hostname: 'web-2',
    summary: 'login failed for bob',
    details: { username: 'bob', sourceipaddress: '203.0.113.9' },
  },
  {
    utctimestamp: at(30),
    category: 'xptest',
    hostname: 'web-2',
    summary: 'login failed for alice',
    details: { username: 'alice', sourceipaddress: '203.0.113.9' },
  },
  {
    utctimestamp: at(20),
    category: 'xptest',
    hostname: 'db-1',
    summary: 'sudo by carol',
    details: { username: 'carol', sourceipaddress: '192.0.2.44' },
  },
  {
    utctimestamp: at(10),
    category: 'xptest',
    hostname: 'web-1',
    summary: 'logout alice',
    details: { username: 'alice', sourceipaddress: '198.51.100.7' },
  },
];

function nested(depth: number): unknown {
  return depth === 0 ? { leaf: '<b>deep</b>' } : { level: nested(depth - 1) };
}
const HOSTILE = {
  utctimestamp: at(5),
  category: 'hostile',
  hostname: '<img src=x onerror="window.__pwned=1">',
  summary: '<script>window.__pwned=2;alert(1)</script>' + 'X'.repeat(20_000),
  details: {
    sourceipaddress: '"><svg onload=alert(3)>',
    username: 'javascript:alert(4)',
    html: '<img src=x onerror=alert(5)>',
    link: 'javascript:window.__pwned=6',
    long: 'Y'.repeat(60_000),
    tree: nested(25),
  },
};

beforeAll(async () => {
  s = await startTestServer({}, { web: true });
  browser = await launchBrowser();
  const [email, password] = (await fs.readFile(path.join(s.dataDir, 'admin-password'), 'utf8')).trim().split('\n');
  admin = { email: email!, password: password! };
  await ingest(s.url, [...KNOWN, HOSTILE]);
  await eventually(async () => {
    const r = await (
      await fetch(`${s.url}/api/v1/events?q=category:(xptest OR hostile)&from=now-2h`, {
        headers: { Authorization: `Bearer ${s.adminToken}` },
      })
    ).json();
    expect(r.total).toBe(6);
  }, 20_000);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  dialogs: string[];
}
async function signedIn(user = admin): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  await page.goto(s.url + '/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(s.url + '/');
  return { context, page, errors, dialogs };
}

const rows = (page: Page) => page.locator('[role=row][data-event-id]');
const rowIds = (page: Page) => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

describe('events explorer in a real browser', () => {
  it('finds events by field query, filters from the sidebar, zooms the histogram, opens the drawer, and reproduces the view from its URL', async () => {
    const { context, page, errors } = await signedIn();
    await page.goto(`${s.url}/events?q=category:xptest&from=now-2h&to=now`);
    await expect.poll(() => rows(page).count()).toBe(5);

    // A field query typed in the bar goes to the URL and finds exactly alice's three.
    const bar = page.getByRole('combobox', { name: 'Query' });
    await bar.fill('category:xptest AND details.username:alice');
    await bar.press('Escape');
    await bar.press('Enter');
    await expect.poll(() => param(page, 'q')).toBe('category:xptest AND details.username:alice');
    await expect.poll(() => rows(page).count()).toBe(3);

    // A syntax error is shown inline with its position.
    await bar.fill('category:(xptest');
    await page.getByRole('alert').filter({ hasText: 'Syntax error' }).waitFor();
    await bar.fill('category:xptest AND details.username:alice');

    // Sidebar: open hostname's top values and filter in web-2.
    const fields = page.getByRole('navigation', { name: 'Fields' });
    await fields.getByRole('button', { name: 'hostname', exact: true }).click();
    await fields.getByRole('button', { name: 'Filter for hostname: web-2' }).click();
    await expect.poll(() => param(page, 'q')).toBe('category:xptest AND details.username:alice AND hostname:"web-2"');
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect(rows(page).first().textContent()).resolves.toContain('login failed for alice');

    // Each of those was a history entry made in the page (no reload): Back and Forward step through
    // the queries with their results.
    await page.goBack();
    await expect.poll(() => param(page, 'q')).toBe('category:xptest AND details.username:alice');
    await expect.poll(() => rows(page).count()).toBe(3);
    await expect.poll(() => bar.inputValue()).toBe('category:xptest AND details.username:alice');
    await page.goBack();
    await expect.poll(() => param(page, 'q')).toBe('category:xptest');
    await expect.poll(() => rows(page).count()).toBe(5);
    await page.goForward();
    await expect.poll(() => rows(page).count()).toBe(3);

    // Back to all five; drag across the middle of the histogram: from/to become absolute times.
    await page.goto(`${s.url}/events?q=category:xptest&from=now-2h&to=now`);
    await expect.poll(() => rows(page).count()).toBe(5);
    const chart = page.getByTestId('histogram');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => param(page, 'from')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const from = Date.parse(param(page, 'from')!);
    const to = Date.parse(param(page, 'to')!);
    expect(from).toBeGreaterThan(now - 2 * 3600_000);
    expect(to).toBeGreaterThan(from);
    expect(to - from).toBeLessThan(2 * 3600_000);
    const zoomed = KNOWN.filter((e) => Date.parse(e.utctimestamp) >= from && Date.parse(e.utctimestamp) < to).length;
    await expect.poll(() => rows(page).count()).toBe(zoomed);

    // Wider again, with a column added from the sidebar; then the drawer for a row.
    await page.goto(`${s.url}/events?q=category:xptest&from=now-2h&to=now`);
    await expect.poll(() => rows(page).count()).toBe(5);
    await fields.getByRole('button', { name: 'Add column details.username' }).click();
    await expect.poll(() => param(page, 'cols')).toBe('category,hostname,summary,details.username');
    await page.getByRole('button', { name: /^Time, sorted/ }).click();
    await expect.poll(() => param(page, 'sort')).toBe('asc');
    await expect.poll(async () => (await rows(page).first().textContent()) ?? '').toContain('login ok for alice');
    await rows(page).first().click();
    const drawer = page.getByRole('dialog', { name: 'Event details' });
    await drawer.getByText('198.51.100.7').waitFor();
    // The IP links to all events with that value, quoted.
    await expect(drawer.getByRole('link', { name: '198.51.100.7' }).getAttribute('href')).resolves.toContain(
      encodeURIComponent('details.sourceipaddress:"198.51.100.7"').replace(/%20/g, '+'),
    );
    await drawer.getByRole('tab', { name: 'JSON' }).click();
    await drawer.getByText('"username": "alice"').waitFor();

    // The same URL in another browser context shows the same view, drawer included.
    const url = page.url();
    const ids = await rowIds(page);
    const other = await signedIn();
    await other.page.goto(url);
    await expect.poll(() => rowIds(other.page)).toEqual(ids);
    await other.page.getByRole('dialog', { name: 'Event details' }).getByText('198.51.100.7').waitFor();
    await expect(other.page.getByRole('columnheader', { name: /username/ }).count()).resolves.toBe(1);
    expect(other.errors).toEqual([]);
    await other.context.close();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('live tail shows a newly stored matching event', async () => {
    const { context, page, errors } = await signedIn();
    await page.goto(`${s.url}/events?q=category:xptail&from=now-1h&to=now`);
    await page.getByText('No events match').waitFor();
    await page.getByRole('button', { name: 'Live tail' }).click();
    await page.getByRole('status', { name: 'Live tail status' }).filter({ hasText: 'Live' }).waitFor();
    await ingest(s.url, [{ category: 'xptail', hostname: 'tail-host', summary: 'arrived while tailing' }]);
    await page.locator('[role=row][data-event-id]', { hasText: 'arrived while tailing' }).waitFor();
    await ingest(s.url, [{ category: 'other', summary: 'not for this tail' }]);
    await ingest(s.url, [{ category: 'xptail', summary: 'second arrival' }]);
    await page.locator('[role=row][data-event-id]', { hasText: 'second arrival' }).waitFor();
    await expect(page.getByText('not for this tail').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders hostile event content as inert text everywhere, and the layout holds', async () => {
    const { context, page, errors, dialogs } = await signedIn();
    await page.goto(
      `${s.url}/events?q=category:hostile&from=now-2h&to=now&cols=hostname,summary,details.html,details.link,details.long,details.tree`,
    );
    await expect.poll(() => rows(page).count()).toBe(1);
    const row = rows(page).first();
    await expect(row.textContent()).resolves.toContain('<script>window.__pwned=2');
    await expect(row.textContent()).resolves.toContain('<img src=x onerror="window.__pwned=1">');
    const fields = page.getByRole('navigation', { name: 'Fields' });
    await fields.getByRole('button', { name: 'hostname', exact: true }).click();
    await fields.getByText('<img src=x onerror="window.__pwned=1">').waitFor();
    await row.click();
    const drawer = page.getByRole('dialog', { name: 'Event details' });
    await drawer.getByText('javascript:window.__pwned=6').waitFor();
    await drawer.getByText('details.tree.level.level.level', { exact: false }).first().waitFor();
    // The username pivot link stays on our own route, whatever the value.
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.filter((h) => !h.startsWith('/'))).toEqual([]);
    await drawer.getByRole('tab', { name: 'JSON' }).click();
    await drawer.getByText('<b>deep</b>', { exact: false }).waitFor();

    await page.goto(s.url + '/');
    await page.getByRole('region', { name: 'Top hosts' }).getByText('<img src=x onerror="window.__pwned=1">').waitFor();
    await page.goto(
      `${s.url}/events?q=category:hostile&from=now-2h&to=now&cols=hostname,summary,details.html,details.link,details.long,details.tree`,
    );
    await expect.poll(() => rows(page).count()).toBe(1);

    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      injected: document.querySelectorAll('img[src="x"], main script, svg[onload], [onerror]').length,
      jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
      docWidth: document.documentElement.scrollWidth,
      tableRight: document.querySelector('[role=table]')!.getBoundingClientRect().right,
    }));
    expect(state).toEqual({
      pwned: undefined,
      injected: 0,
      jsLinks: 0,
      docWidth: 1280,
      tableRight: expect.any(Number),
    });
    expect(state.tableRight).toBeLessThanOrEqual(1280);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds an IP from the event drawer to the watchlist, with server validation shown inline', async () => {
    const { context, page, errors } = await signedIn();
    await page.goto(`${s.url}/events?q=category:xptest AND details.username:carol&from=now-2h&to=now`);
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().click();
    const drawer = page.getByRole('dialog', { name: 'Event details' });
    await drawer.getByText('192.0.2.44').waitFor();
    // IP, domain and user fields offer the action; others do not.
    await drawer.getByRole('button', { name: 'Add hostname to watchlist' }).waitFor();
    await drawer.getByRole('button', { name: 'Add details.username to watchlist' }).waitFor();
    await expect(drawer.getByRole('button', { name: 'Add summary to watchlist' }).count()).resolves.toBe(0);
    await drawer.getByRole('button', { name: 'Add details.sourceipaddress to watchlist' }).click();

    const dialog = page.getByRole('dialog', { name: 'Add to watchlist' });
    await expect(dialog.getByLabel('Type').inputValue()).resolves.toBe('ip');
    await expect(dialog.getByLabel('Value').inputValue()).resolves.toBe('192.0.2.44');
    // The server's validation message appears next to the value.
    await dialog.getByLabel('Value').fill('not-an-ip');
    await dialog.getByRole('button', { name: 'Add to watchlist' }).click();
    await dialog.getByRole('alert').waitFor();
    await expect(dialog.getByLabel('Value').getAttribute('aria-invalid')).resolves.toBe('true');

    await dialog.getByLabel('Value').fill('192.0.2.44');
    await dialog.getByLabel('Comment').fill('seen sudo from here');
    await dialog.getByLabel('Expires after').selectOption('7d');
    await dialog.getByRole('button', { name: 'Add to watchlist' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Added 192.0.2.44 to the watchlist' }).waitFor();

    const list = (await (
      await fetch(`${s.url}/api/v1/watchlist`, { headers: { Authorization: `Bearer ${s.adminToken}` } })
    ).json()) as { items: Array<Record<string, unknown>> };
    const item = list.items.find((i) => i.value === '192.0.2.44');
    expect(item).toMatchObject({ type: 'ip', comment: 'seen sudo from here', duration: '7d', expired: false });
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The drawer is still open behind the dialog.
    await drawer.getByText('192.0.2.44').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // A viewer (no watchlist:write) sees the drawer without the action.
    const viewer = { email: 'viewer@example.org', password: 'viewer-explorer-password' };
    const created = await fetch(s.url + '/api/v1/users', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...viewer, role: 'viewer' }),
    });
    expect(created.status).toBe(201);
    const v = await signedIn(viewer);
    await v.page.goto(`${s.url}/events?q=category:xptest AND details.username:carol&from=now-2h&to=now`);
    await expect.poll(() => rows(v.page).count()).toBe(1);
    await rows(v.page).first().click();
    const vDrawer = v.page.getByRole('dialog', { name: 'Event details' });
    await vDrawer.getByText('192.0.2.44').waitFor();
    await expect(vDrawer.getByRole('button', { name: /to watchlist$/ }).count()).resolves.toBe(0);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it('adds an event from the drawer as evidence to an existing incident found by search', async () => {
    const auth = { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' };
    const target = await (
      await fetch(`${s.url}/api/v1/incidents`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ summary: 'Sudo abuse on db-1' }),
      })
    ).json();
    await fetch(`${s.url}/api/v1/incidents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ summary: 'Unrelated phishing wave' }),
    });
    const { context, page, errors } = await signedIn();
    await page.goto(`${s.url}/events?q=category:xptest AND details.username:carol&from=now-2h&to=now`);
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().click();
    const drawer = page.getByRole('dialog', { name: 'Event details' });
    await drawer.getByRole('button', { name: 'Add to incident/investigation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to incident/investigation as evidence' });
    await dialog.getByLabel('Find').fill('sudo abuse');
    const cases = dialog.getByRole('radiogroup', { name: 'Open incidents' });
    await expect.poll(() => cases.getByRole('radio').count()).toBe(2); // the match and "Create a new incident"
    await cases.getByText('Unrelated phishing wave').waitFor({ state: 'detached' });
    await cases.getByRole('radio', { name: /Sudo abuse on db-1/ }).check();
    await dialog.getByRole('button', { name: 'Add evidence' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Added to Sudo abuse on db-1' }).waitFor();
    const got = await (await fetch(`${s.url}/api/v1/incidents/${target.id}`, { headers: auth })).json();
    expect(got.evidence).toHaveLength(1);
    expect(got.evidence[0]).toMatchObject({ kind: 'event' });
    expect(JSON.stringify(got.evidence[0])).toContain('sudo by carol');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('dashboard shows open alerts and open cases with links to their pages', async () => {
    const created = await fetch(`${s.url}/api/v1/investigations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ summary: 'Dashboard-visible investigation' }),
    });
    expect(created.status).toBe(201);
    const { context, page, errors } = await signedIn();
    await page.goto(s.url + '/');
    const alerts = page.getByRole('region', { name: /^Open alerts · / });
    await expect(alerts.getByRole('link', { name: 'Open alerts →' }).getAttribute('href')).resolves.toBe(
      '/alerts?status=open',
    );
    const investigations = page.getByRole('region', { name: 'Open investigations · 1' });
    await investigations.getByText('Dashboard-visible investigation').waitFor();
    await investigations.getByRole('link', { name: 'Identification 1' }).click();
    await page.waitForURL(s.url + '/investigations?phase=Identification');
    await expect(page.getByLabel('Phase').inputValue()).resolves.toBe('Identification');
    await page.getByText('Dashboard-visible investigation').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
