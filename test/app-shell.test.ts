import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from './browser-suite.ts';
import { visibleNav } from '../components/shell/nav-config.ts';

const suite = browserSuite([]);

/** A laptop-sized page that records every script error and console error (CSP violations log there). */
async function openPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The URL makes a failed load diagnosable (which resource, not just which status).
  page.on(
    'console',
    (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(`${m.text()} ${m.location().url}`),
  );
  return { context, page, errors };
}

async function signIn(page: Page, email: string, password: string, screenshot?: string): Promise<void> {
  await page.goto(suite.s.url + '/login');
  if (screenshot) await page.screenshot({ path: screenshot });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(suite.s.url + '/');
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('app shell and admin pages in a real browser', () => {
  it('lets an admin navigate by palette, manage users and tokens, read the audit log and switch theme', async () => {
    const { context, page, errors } = await openPage();
    await signIn(page, suite.admin.email, suite.admin.password, '/tmp/login.png');

    // Only pages that exist and the role may use are in the nav.
    const links = await mainNav(page).getByRole('link').allTextContents();
    expect(links.map((l) => l.trim())).toEqual(visibleNav('admin').map((i) => i.label));
    expect(links.map((l) => l.trim())).toContain('Admin');
    await expect(page.getByText('Signed in as').textContent()).resolves.toContain(`${suite.admin.email} (admin)`);
    await page.screenshot({ path: '/tmp/shell-dashboard.png' });

    // Palette: Ctrl-K, type, Enter.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.screenshot({ path: '/tmp/shell-palette.png' });
    await page.keyboard.type('Admin');
    await page.keyboard.press('Enter');
    await page.waitForURL(suite.s.url + '/admin');
    await expect(palette.isVisible()).resolves.toBe(false);

    // Users: create one; the generated password is shown once.
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.locator('tr[data-email]').first().waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('ana@example.org');
    await dialog.getByLabel('Name (optional)').fill('Ana <b>Analyst</b>');
    await dialog.getByLabel('Role').selectOption('analyst');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const secret = dialog.getByTestId('secret');
    await secret.waitFor();
    expect((await secret.textContent())!.length).toBeGreaterThanOrEqual(16);
    await page.screenshot({ path: '/tmp/admin-user-created.png' });
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tr[data-email="ana@example.org"]');
    await row.waitFor();
    // Server values are text, never markup.
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Ana <b>Analyst</b>');
    await page.getByRole('button', { name: 'New user' }).click();
    await expect(page.getByRole('dialog').getByTestId('secret').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');

    // Change the role, then disable; the row follows the server.
    await row.getByLabel('Role of ana@example.org').selectOption('viewer');
    // Nothing changes until the admin confirms.
    await page.getByRole('dialog', { name: 'Change role?' }).getByRole('button', { name: 'Change role' }).click();
    await expect.poll(() => row.getByLabel('Role of ana@example.org').inputValue()).toBe('viewer');
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog', { name: 'Disable user?' }).getByRole('button', { name: 'Disable user' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/admin-users.png' });

    // A stale edit: someone else changes the user between our load and our click.
    const listed = (await (await page.request.get(suite.s.url + '/api/v1/users')).json()).users.find(
      (u: { email: string }) => u.email === 'ana@example.org',
    );
    const other = await page.request.patch(suite.s.url + `/api/v1/users/${listed.id}`, {
      headers: { Authorization: `Bearer ${suite.s.adminToken}`, 'Content-Type': 'application/json' },
      data: { role: 'analyst', version: listed.version },
    });
    expect(other.status()).toBe(200);
    await row.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('dialog', { name: 'Enable user?' }).getByRole('button', { name: 'Enable user' }).click();
    const conflict = row.getByRole('alert');
    await conflict.waitFor();
    await expect(conflict.textContent()).resolves.toContain('role analyst');
    await page.screenshot({ path: '/tmp/admin-users-conflict.png' });
    await conflict.getByRole('button', { name: /Re-apply/ }).click();
    await row.getByText('active', { exact: true }).waitFor();

    // Refusing to demote the last admin shows the API's message.
    const me = page.locator(`tr[data-email="${suite.admin.email}"]`);
    await me.getByLabel(`Role of ${suite.admin.email}`).selectOption('viewer');
    await page.getByRole('dialog', { name: 'Change role?' }).getByRole('button', { name: 'Change role' }).click();
    await me.getByRole('alert').waitFor();
    expect((await me.getByRole('alert').textContent())!.length).toBeGreaterThan(5);

    // Tokens: create one; the value is shown once; revoke after confirming.
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.waitForURL(suite.s.url + '/admin/tokens');
    await page.getByRole('button', { name: 'New token' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('syslog shipper');
    await page.getByRole('dialog').getByLabel('Ingest only', { exact: false }).check();
    await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
    const token = page.getByRole('dialog').getByTestId('secret');
    await token.waitFor();
    const tokenValue = (await token.textContent())!;
    expect(tokenValue.length).toBeGreaterThan(20);
    await page.screenshot({ path: '/tmp/admin-token-created.png' });
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    const tokenRow = page.locator('tr[data-token-name="syslog shipper"]');
    await tokenRow.waitFor();
    await expect(tokenRow.textContent()).resolves.not.toContain(tokenValue);
    await page.screenshot({ path: '/tmp/admin-tokens.png' });
    await tokenRow.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await tokenRow.getByText(/revoked/).waitFor();

    // Audit: newest first, user.create among them, filters narrow it. Enough entries for a second page.
    for (let i = 0; i < 45; i++) {
      const r = await page.request.post(suite.s.url + '/api/v1/tokens', {
        headers: { Authorization: `Bearer ${suite.s.adminToken}` },
        data: { name: `bulk ${i}`, role: 'viewer' },
      });
      expect(r.status()).toBe(201);
    }
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(suite.s.url + '/admin/audit');
    await page.locator('tr[data-action]').first().waitFor();
    expect(await page.locator('tr[data-action]').first().getAttribute('data-action')).toBe('token.create');
    await expect(page.locator('tr[data-action]').count()).resolves.toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator('tr[data-action="user.create"]').first().waitFor();
    expect(await page.locator('tr[data-action]').count()).toBeGreaterThan(50);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/admin-audit.png' });
    await page.getByLabel('Action').fill('user.create');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(
        async () =>
          new Set(
            await page.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
          ).size,
      )
      .toBe(1);
    await expect(page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).resolves.toContain(
      'action=user.create',
    );

    // Theme: switch to dark from the user menu; it survives a reload (cookie → class at first paint).
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menu').getByText(`Role: admin`).waitFor();
    await page.screenshot({ path: '/tmp/shell-user-menu.png' });
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect(page.locator('html').getAttribute('class')).resolves.toBe('dark');
    await page.reload();
    await expect(page.locator('html').getAttribute('class')).resolves.toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('picket-theme'))).toBe('dark');
    await page.screenshot({ path: '/tmp/admin-audit-dark.png' });
    // And the palette's "Toggle theme" flips it back.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Toggle theme');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('html').getAttribute('class')).toBe('light');
    await page.reload();
    await expect(page.locator('html').getAttribute('class')).resolves.toBe('light');

    // The user menu works from the keyboard too: open it, walk to "Sign out", Enter.
    await page.getByRole('button', { name: 'User menu' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).waitFor();
    for (
      let i = 0;
      i < 10 &&
      !(await page
        .getByRole('menuitem', { name: 'Sign out', exact: true })
        .evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/login/);

    // The browser logs the two 409 answers this test provoked on purpose (stale edit, last admin); nothing else.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 409/.test(e))).toHaveLength(2);
    await context.close();
  });

  it('serves /favicon.ico (browsers ask for it on any page; a 404 there is a console error)', async () => {
    const res = await fetch(suite.s.url + '/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/icon/);
  });

  it('shows a viewer no Admin item and a 403 page at /admin', async () => {
    const created = await fetch(suite.s.url + '/api/v1/users', {
      method: 'POST',
      headers: { Authorization: `Bearer ${suite.s.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@example.org', role: 'viewer', password: 'a-viewer-test-password' }),
    });
    expect(created.status).toBe(201);
    const { context, page, errors } = await openPage();
    await signIn(page, 'viewer@example.org', 'a-viewer-test-password');
    expect((await mainNav(page).getByRole('link').allTextContents()).map((l) => l.trim())).toEqual(
      visibleNav('viewer').map((i) => i.label),
    );
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await expect(page.getByRole('option', { name: 'Admin' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');

    for (const p of ['/admin', '/admin/tokens', '/admin/audit', '/admin/settings']) {
      const res = await page.goto(suite.s.url + p);
      // A real 403 (forbidden() → app/forbidden.tsx), not a 200 that looks like one.
      expect(res?.status(), p).toBe(403);
      await page.getByRole('heading', { name: 'Forbidden' }).waitFor();
      await expect(page.getByRole('region', { name: 'Forbidden' }).textContent()).resolves.toContain('viewer role');
      await expect(page.getByRole('button', { name: 'New user' }).count()).resolves.toBe(0);
      await expect(page.getByRole('heading', { name: 'Audit log' }).count()).resolves.toBe(0);
    }
    await page.screenshot({ path: '/tmp/viewer-403.png' });
    // The browser logs each 403 page load; nothing else may be logged.
    expect(errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 403/.test(e))).toHaveLength(4);
    await context.close();
  });
});
