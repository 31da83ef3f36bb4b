// The "Done when" test: an admin creates an analyst and a viewer in the UI; each signs in
// in its own browser and sees only what its role allows; the viewer's forged REST and tRPC
// mutations get 403; the admin then finds every step on the audit log page.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { recordAdminRestCalls } from './browser.ts';
import { browserSuite } from './browser-suite.ts';
import { visibleNav } from '../components/shell/nav-config.ts';
import type { Role } from '../server/auth/permissions.ts';

/** The nav a role should see: the shipped pages its permissions allow (Admin only for admins). */
const navFor = (role: Role) => visibleNav(role).map((i) => i.label);

const contexts: BrowserContext[] = [];

const suite = browserSuite([]);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
});

/** A separate browser (own cookies) per person. */
async function browserFor(): Promise<Page> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(suite.s.url + '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(suite.s.url + '/');
}

/** Creates a user through the admin page's dialog and returns the generated password it shows once. */
async function createUser(page: Page, email: string, role: 'viewer' | 'analyst'): Promise<string> {
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Role').selectOption(role);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  const secret = page.getByRole('dialog', { name: 'User created' }).getByTestId('secret');
  await secret.waitFor();
  const password = (await secret.textContent())!.trim();
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await page.locator(`tr[data-email="${email}"]`).waitFor();
  return password;
}

const navLinks = async (page: Page) =>
  (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((l) => l.trim());

/** The roles the "New token" dialog offers on the account page. */
async function tokenRoleOptions(page: Page): Promise<string[]> {
  await page.goto(suite.s.url + '/account/tokens');
  await page.getByRole('button', { name: 'New token' }).click();
  const options = await page.getByRole('dialog').getByLabel('Role').locator('option').allTextContents();
  await page.keyboard.press('Escape');
  return options.map((o) => o.trim());
}

/** A request forged from inside the signed-in page: same origin, session cookie, no UI involved. */
function forge(page: Page, url: string, body: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([u, b]) => {
      const res = await fetch(u, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(b),
      });
      return { status: res.status, body: await res.json() };
    },
    [url, body] as const,
  );
}

describe('roles end to end in real browsers', () => {
  it('admin creates an analyst and a viewer; each sees only what its role allows; forged mutations get 403 and show in the audit log', async () => {
    const adminPage = await browserFor();
    const restCalls = recordAdminRestCalls(adminPage);
    await signIn(adminPage, suite.admin.email, suite.admin.password);
    expect(await navLinks(adminPage)).toEqual(navFor('admin'));
    expect(navFor('admin')).toContain('Admin');
    await adminPage.getByRole('link', { name: 'Admin' }).click();
    await adminPage.getByRole('heading', { name: 'Users' }).waitFor();
    const analystPassword = await createUser(adminPage, 'ana@example.org', 'analyst');
    const viewerPassword = await createUser(adminPage, 'vic@example.org', 'viewer');

    // The analyst: no Admin, a real 403 on admin pages, tokens up to analyst.
    const analystPage = await browserFor();
    await signIn(analystPage, 'ana@example.org', analystPassword);
    expect(await navLinks(analystPage)).toEqual(navFor('analyst'));
    expect(navFor('analyst')).not.toContain('Admin');
    const analystAdmin = await analystPage.goto(suite.s.url + '/admin/audit');
    expect(analystAdmin?.status()).toBe(403);
    await analystPage.getByRole('heading', { name: 'Forbidden' }).waitFor();
    expect(await tokenRoleOptions(analystPage)).toEqual(['viewer', 'analyst']);

    // The viewer: the same nav, a 403 page at /admin, tokens only as viewer.
    const viewerPage = await browserFor();
    await signIn(viewerPage, 'vic@example.org', viewerPassword);
    expect(await navLinks(viewerPage)).toEqual(navFor('viewer'));
    expect(navFor('viewer')).not.toContain('Admin');
    const viewerAdmin = await viewerPage.goto(suite.s.url + '/admin');
    expect(viewerAdmin?.status()).toBe(403);
    const forbidden = viewerPage.getByRole('region', { name: 'Forbidden' });
    await forbidden.waitFor();
    await expect(forbidden.textContent()).resolves.toMatch(/admin role.*users:admin.*viewer role/s);
    await expect(viewerPage.getByRole('button', { name: 'New user' }).count()).resolves.toBe(0);
    expect(await tokenRoleOptions(viewerPage)).toEqual(['viewer']);

    // The viewer's own tokens (reached from the user menu): create, shown once, last used, revoke after confirming.
    await viewerPage.goto(suite.s.url + '/');
    await viewerPage.getByRole('button', { name: 'User menu' }).click();
    await viewerPage.getByRole('menuitem', { name: 'API tokens' }).click();
    await viewerPage.waitForURL(suite.s.url + '/account/tokens');
    await viewerPage.getByText('You have no API tokens yet', { exact: false }).waitFor();
    await viewerPage.getByRole('button', { name: 'New token' }).click();
    await viewerPage.getByRole('dialog').getByLabel('Name').fill('my laptop');
    await viewerPage.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
    const secret = viewerPage.getByRole('dialog').getByTestId('secret');
    await secret.waitFor();
    const token = (await secret.textContent())!.trim();
    await viewerPage.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    const tokenRow = viewerPage.locator('tr[data-token-name="my laptop"]');
    await tokenRow.waitFor();
    await expect(tokenRow.textContent()).resolves.not.toContain(token);
    expect(
      (await fetch(suite.s.url + '/api/v1/account', { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    await expect
      .poll(async () => (await viewerPage.reload(), (await tokenRow.locator('td').nth(5).textContent())?.trim()), {
        timeout: 10_000,
      })
      .not.toBe('—');
    await tokenRow.getByRole('button', { name: 'Revoke' }).click();
    await viewerPage
      .getByRole('dialog', { name: 'Revoke token?' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await tokenRow.getByText(/revoked/).waitFor();
    expect(
      (await fetch(suite.s.url + '/api/v1/account', { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(401);

    // Forged mutations from the viewer's signed-in page: each refused with a 403 JSON answer.
    const escalate = await forge(viewerPage, '/api/v1/tokens', { name: 'escalate', role: 'admin' });
    expect(escalate).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: "a token's role cannot exceed your own (viewer)" } },
    });
    const addUser = await forge(viewerPage, '/api/v1/users', { email: 'mallory@example.org', role: 'admin' });
    expect(addUser).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'this needs the users:admin permission' } },
    });
    const trpc = await forge(viewerPage, '/api/trpc/settings.update', { oauthNewUserRole: 'analyst', version: 1 });
    expect(trpc.status).toBe(403);
    expect(trpc.body.error).toMatchObject({
      message: 'this needs the settings:admin permission',
      data: { code: 'FORBIDDEN', httpStatus: 403 },
    });
    // …and nothing happened.
    const users = (await (await adminPage.request.get(suite.s.url + '/api/v1/users')).json()).users as Array<{
      id: string;
      email: string;
    }>;
    expect(users.map((u) => u.email).sort()).toEqual(['admin@localhost', 'ana@example.org', 'vic@example.org']);

    // The admin changes the OAuth new-user policy on the settings page (stored, versioned, audited).
    await adminPage.getByRole('link', { name: 'Settings' }).click();
    await adminPage.waitForURL(suite.s.url + '/admin/settings');
    await adminPage.getByLabel('New OAuth users').selectOption('none');
    await adminPage.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await suite.s.picket.settings.oauthNewUserRole()).toBe('none');
    // The queue panel reads the running queue: this server is embedded.
    await adminPage.getByTestId('queue-mode').filter({ hasText: 'Embedded: in-process' }).waitFor();
    expect(await adminPage.getByTestId('dead-letter-count').textContent()).toBe('0');

    // The admin finds every step on the audit log page.
    await adminPage.getByRole('link', { name: 'Audit log' }).click();
    await adminPage.waitForURL(suite.s.url + '/admin/audit');
    await adminPage.locator('tr[data-action]').first().waitFor();
    const rows = await adminPage
      .locator('tr[data-action]')
      .evaluateAll((trs) =>
        trs.map((tr) => `${tr.getAttribute('data-action')} | ${(tr.textContent ?? '').replace(/\s+/g, ' ')}`),
      );
    const has = (action: string, ...parts: string[]) =>
      rows.some((r) => r.startsWith(action + ' |') && parts.every((p) => r.includes(p)));
    const id = (email: string) => users.find((u) => u.email === email)!.id;
    const adminActor = `user:${suite.admin.email}`;
    expect(has('user.create', adminActor, 'ana@example.org', 'roleanalyst'), rows.join('\n')).toBe(true);
    expect(has('user.create', adminActor, 'vic@example.org', 'roleviewer'), rows.join('\n')).toBe(true);
    expect(has('auth.login.success', id(suite.admin.email), suite.admin.email)).toBe(true);
    expect(has('auth.login.success', id('ana@example.org'), 'ana@example.org')).toBe(true);
    expect(has('auth.login.success', id('vic@example.org'), 'vic@example.org')).toBe(true);
    expect(has('access.denied', 'user:vic@example.org', 'POST /api/v1/tokens', 'cannot exceed your own')).toBe(true);
    expect(has('access.denied', 'user:vic@example.org', 'POST /api/v1/users', 'users:admin')).toBe(true);
    expect(has('access.denied', 'user:vic@example.org', 'settings.update', 'settings:admin')).toBe(true);
    expect(rows.filter((r) => r.startsWith('access.denied |'))).toHaveLength(3);
    expect(has('settings.update', adminActor, 'oauthNewUserRole', '"viewer" → "none"')).toBe(true);

    // The admin screens talk tRPC; REST only for the file download (the audit CSV).
    await adminPage.getByLabel('Action', { exact: true }).fill('user.*');
    await adminPage.getByRole('button', { name: 'Filter' }).click();
    await adminPage.locator('tr[data-action="user.create"]').first().waitFor();
    const [csv] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('picket-audit.csv');
    const sections = adminPage.getByRole('navigation', { name: 'Admin sections' });
    await sections.getByRole('link', { name: 'Tokens' }).click();
    await adminPage.locator('tr[data-token-name]').first().waitFor();
    await sections.getByRole('link', { name: 'Notifications' }).click();
    await adminPage.getByText('No channels yet.').waitFor();
    expect(restCalls).toEqual(['GET /api/v1/audit?action=user.*&format=csv&limit=10000']);
  }, 180_000);
});
