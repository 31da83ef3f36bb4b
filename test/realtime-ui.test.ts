import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// The shell's realtime side in a real browser: presence, reconnect after the server drops the
// socket, and the change feed resuming from its cursor. Waits use locator timeouts; nothing is timed.

let s: TestServer;
let browser: Browser;
let admin: { email: string; password: string; id: string };
const bob = { email: 'bob@example.org', password: 'bob-realtime-password', id: '' };

beforeAll(async () => {
  s = await startTestServer({ PICKET_DEV_PROBES: 'true' }, { web: true });
  browser = await launchBrowser();
  const [email, password] = (await fs.readFile(path.join(s.dataDir, 'admin-password'), 'utf8')).trim().split('\n');
  const headers = { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' };
  const created = await fetch(s.url + '/api/v1/users', {
    method: 'POST',
    headers,
    body: JSON.stringify({ email: bob.email, role: 'analyst', password: bob.password }),
  });
  expect(created.status).toBe(201);
  bob.id = (await created.json()).id;
  const users = (await (await fetch(s.url + '/api/v1/users', { headers })).json()).users as Array<{
    id: string;
    email: string;
  }>;
  admin = { email, password, id: users.find((u) => u.email === email)!.id };
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A signed-in page that records script errors; the browser's own "WebSocket connection failed" lines are expected while offline. */
async function signedIn(
  user: { email: string; password: string },
  viewport = { width: 1280, height: 800 },
): Promise<Session> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on(
    'console',
    (m) =>
      m.type() === 'error' &&
      !/WebSocket connection to|ERR_INTERNET_DISCONNECTED/.test(m.text()) &&
      errors.push(m.text()),
  );
  await page.goto(s.url + '/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(s.url + '/');
  await status(page).filter({ hasText: 'Live' }).waitFor();
  return { context, page, errors };
}

const status = (page: Page) => page.getByRole('banner').getByRole('status');
/** The presence button: its accessible name lists who else is online and where. */
const online = (page: Page, who: RegExp) => page.getByRole('button', { name: who });

/** Records every text the connection indicator shows from now on (a fast reconnect may show "Reconnecting…" only briefly). */
async function recordStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('header [role="status"]')!;
    const seen: string[] = [];
    (window as unknown as { statusLog: string[] }).statusLog = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
}
const statusLog = (page: Page) => page.evaluate(() => (window as unknown as { statusLog: string[] }).statusLog);

describe('realtime in the app shell', () => {
  it('shows each signed-in user the other one, with role and page, live', async () => {
    const a = await signedIn(admin);
    const b = await signedIn(bob);
    await online(a.page, /bob@example\.org \(analyst\) on Dashboard/).waitFor({ timeout: 5000 });
    await online(b.page, new RegExp(`${admin.email.replace('.', '\\.')} \\(admin\\) on Dashboard`)).waitFor({
      timeout: 5000,
    });

    // A client-side navigation is reported; the other side follows without reloading.
    await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await a.page.waitForURL(s.url + '/admin');
    await online(b.page, /\(admin\) on Admin/).waitFor({ timeout: 5000 });

    // The list names the person, role and page; for the docs, with the list open.
    await b.page.getByRole('button', { name: /Online now/ }).click();
    const menu = b.page.getByRole('menu');
    await menu.getByText(admin.email, { exact: true }).waitFor();
    await expect(menu.getByText('admin · Admin').count()).resolves.toBe(1);
    await b.page.screenshot({ path: screenshotPath('shell-presence.png') });
    // Choosing a person goes to their page.
    await menu.getByRole('menuitem', { name: new RegExp(admin.email.replace('.', '\\.')) }).click();
    await b.page.waitForURL(s.url + '/admin');
    await online(a.page, /bob@example\.org \(analyst\) on Admin/).waitFor({ timeout: 5000 });

    // Leaving removes them.
    await b.context.close();
    await a.page.getByText('Only you online').waitFor({ timeout: 5000 });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
  });

  it('reconnects without a reload after the server drops the socket, and catches up on presence', async () => {
    const a = await signedIn(admin);
    const b = await signedIn(bob);
    await online(b.page, /\(admin\) on Dashboard/).waitFor({ timeout: 5000 });
    await b.page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    await recordStatus(b.page);

    // Bob's tab goes offline and the server drops his socket; the admin moves meanwhile.
    await b.context.setOffline(true);
    expect(s.realtime.disconnect({ identityId: bob.id })).toBeGreaterThanOrEqual(1);
    await status(b.page).filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 5000 });
    await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await a.page.waitForURL(s.url + '/admin');
    await expect
      .poll(async () => (await s.picket.presence.list()).find((e) => e.identity.id === admin.id)?.page)
      .toBe('/admin');
    expect((await s.picket.presence.list()).some((e) => e.identity.id === bob.id)).toBe(false);

    await b.context.setOffline(false);
    await status(b.page).filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await online(b.page, /\(admin\) on Admin/).waitFor({ timeout: 5000 });
    // And the admin sees bob again, back on his page.
    await online(a.page, /bob@example\.org \(analyst\) on Dashboard/).waitFor({ timeout: 5000 });
    expect(await b.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    const log = await statusLog(b.page);
    expect(log).toContain('Reconnecting…');
    expect(log.at(-1)).toBe('Live');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('resumes a topic from its cursor: every change missed while away arrives, exactly once', async () => {
    const a = await signedIn(admin);
    await a.page.goto(s.url + '/incidents');
    // Subscribed (the server has it) before anything is published: there is no cursor to resume from yet.
    await a.page.locator('[data-topic-state="live"]').waitFor();
    const changes = a.page.getByTestId('changes').getByRole('listitem');
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-1', version: 1 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-2', version: 1 });
    await changes.nth(1).waitFor({ timeout: 5000 });

    await a.context.setOffline(true);
    expect(s.realtime.disconnect({ identityId: admin.id })).toBeGreaterThanOrEqual(1);
    await status(a.page).filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 5000 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-2', version: 2 });
    await s.picket.bus.publish({ topic: 'alerts', id: 'al-1', version: 1 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-3', version: 1 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-4', version: 1 });
    // They were published while this user had no socket at all.
    expect((await s.picket.presence.list()).some((e) => e.identity.id === admin.id)).toBe(false);

    await a.context.setOffline(false);
    await a.page.locator('[data-topic-state="live"]').waitFor({ timeout: 30_000 });
    await s.picket.bus.publish({ topic: 'incidents', id: 'inc-5', version: 1 });
    await changes.filter({ hasText: 'inc-5@1' }).waitFor({ timeout: 5000 });
    await expect(changes.allTextContents()).resolves.toEqual([
      'inc-1@1',
      'inc-2@1',
      'inc-2@2',
      'inc-3@1',
      'inc-4@1',
      'inc-5@1',
    ]);
    await expect(a.page.getByTestId('change-count').textContent()).resolves.toBe('6');
    expect(a.errors).toEqual([]);
    await a.context.close();
  });

  it('sends other tabs to /login when the user signs out everywhere (their socket is closed at once)', async () => {
    const here = await signedIn(bob);
    const there = await signedIn(bob);
    await here.page.getByRole('main').getByRole('button', { name: 'Sign out everywhere' }).click();
    // This tab navigates twice to /login (the button, and its own socket closing with 4401), and one of
    // those navigations is aborted by the other; waitForURL would report that abort, so poll the URL.
    await expect.poll(() => here.page.url(), { timeout: 10_000 }).toMatch(/\/login/);
    // No navigation by the test: the closed socket (4401) takes the other tab to the sign-in page.
    await expect.poll(() => there.page.url(), { timeout: 5000 }).toMatch(/\/login/);
    await there.page.getByLabel('Email').waitFor();
    // A presence refetch may race the redirect and be refused (401): the session really has ended.
    expect(there.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await here.context.close();
    await there.context.close();
  });

  it('has no developer routes in the build, and shows the probe only with PICKET_DEV_PROBES', async () => {
    // The routes Next built: a production build carries no /dev pages at all.
    const manifest = JSON.parse(
      await fs.readFile(path.resolve(import.meta.dirname, '../.next/app-path-routes-manifest.json'), 'utf8'),
    ) as Record<string, string>;
    expect(Object.values(manifest).filter((route) => route.startsWith('/dev'))).toEqual([]);
    const other = await startTestServer({}, { web: true });
    try {
      const res = await fetch(other.url + '/dev/realtime', {
        headers: { Authorization: `Bearer ${other.adminToken}` },
        redirect: 'manual',
      });
      expect([307, 404]).toContain(res.status);
      const [email, password] = (await fs.readFile(path.join(other.dataDir, 'admin-password'), 'utf8'))
        .trim()
        .split('\n');
      const page = await signInBrowser(browser, other.url, { email, password });
      await page.page.goto(other.url + '/incidents');
      await page.page.getByRole('heading', { name: 'Incidents' }).first().waitFor();
      expect(await page.page.getByText('Realtime probe').count()).toBe(0);
      await page.context.close();
    } finally {
      await other.stop();
    }
  });
});
