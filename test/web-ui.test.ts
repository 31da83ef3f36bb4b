import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite } from './browser-suite.ts';

// The same process serves Next pages next to the ingest/REST fast paths (builds the app if needed).
const suite = browserSuite([]);

describe('sign-in in a real browser', () => {
  it('sends a signed-out visitor to /login, refuses a wrong password, signs in, and signs out everywhere', async () => {
    const [email, password] = (await fs.readFile(path.join(suite.s.dataDir, 'admin-password'), 'utf8'))
      .trim()
      .split('\n');
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(m.text()));

    await page.goto(suite.s.url + '/');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('form [role=alert]').waitFor();
    await expect(page.locator('form [role=alert]').textContent()).resolves.toContain('Email or password is incorrect');

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(suite.s.url + '/');
    await expect(page.getByText('Signed in as').textContent()).resolves.toContain(`${email} (admin)`);

    // The session cookie is an identity for the REST API too; cross-origin changes are refused.
    const account = await page.request.get(suite.s.url + '/api/v1/account');
    expect(await account.json()).toMatchObject({ kind: 'user', name: email, role: 'admin' });
    const csrf = await page.request.post(suite.s.url + '/api/v1/account/sign-out-everywhere', {
      headers: { Origin: 'https://evil.example' },
    });
    expect(csrf.status()).toBe(403);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.endsWith('next-auth.session-token'));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/login/);
    // A copy of the old cookie (another device) no longer works.
    const other = await suite.browser.newContext();
    await other.addCookies([session!]);
    expect((await other.request.get(suite.s.url + '/api/v1/account')).status()).toBe(401);
    await other.close();

    const audit = await suite.s.picket.db.pool.query(
      `SELECT action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'auth.login.failure',
      'auth.login.success',
      'auth.signout.everywhere',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps API routes answering JSON next to the pages', async () => {
    const page = await suite.browser.newPage();
    const api = await page.request.get(suite.s.url + '/api/v1/events');
    expect(api.status()).toBe(401);
    expect((await api.json()).error.code).toBe('unauthorized');
  });
});

describe('sign-in through a real `picket start` process', () => {
  it('serves /login and signs in (the module graph tsx loads, not vitest’s)', async () => {
    const { createTestDatabase } = await import('./test-db.ts');
    const { startPicketProcess } = await import('./picket-process.ts');
    const os = await import('node:os');
    const db = await createTestDatabase({ migrate: false });
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-ui-proc-'));
    const proc = await startPicketProcess({
      DATABASE_URL: db.url,
      PICKET_DATA_DIR: dataDir,
      PICKET_UI: 'true',
      PICKET_ADMIN_EMAIL: 'lead@example.org',
      PICKET_ADMIN_PASSWORD: 'a-strong-test-password',
    });
    try {
      const page = await suite.browser.newPage();
      await page.goto(proc.url + '/');
      await page.getByLabel('Email').fill('lead@example.org');
      await page.getByLabel('Password').fill('a-strong-test-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(proc.url + '/');
      await expect(page.getByText('Signed in as').textContent()).resolves.toContain('lead@example.org (admin)');
    } finally {
      proc.child.kill('SIGTERM');
      await new Promise((r) => proc.child.once('exit', r));
      await db.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
