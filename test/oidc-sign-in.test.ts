// A browser signs in through a real OpenID provider (oidc-provider, on loopback) with its login and
// consent pages, in both provider styles: claims only at the userinfo endpoint (the spec's default)
// and claims in the ID token. The role comes from the `groups` claim; an unverified email cannot
// take over the existing admin; signing out ends the session for any copy of its cookie.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from './browser.ts';
import { startOidcProvider, type TestAccount, type TestOidcProvider } from './oidc-test-provider.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { freePort } from './free-port.ts';

const ADMIN_EMAIL = 'admin@localhost';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

for (const style of ['userinfo', 'id-token'] as const) {
  describe(`OIDC sign-in, claims ${style === 'userinfo' ? 'only at the userinfo endpoint' : 'in the ID token'}`, () => {
    let s: TestServer;
    let idp: TestOidcProvider;
    const contexts: BrowserContext[] = [];
    const accounts: Record<string, TestAccount> = {
      alice: {
        email: 'alice@example.org',
        email_verified: true,
        name: 'Alice Admin',
        groups: ['staff', 'picket-admins'],
      },
      sam: { email: 'Sam@Example.org', email_verified: true, name: 'Sam Secops', groups: ['secops'] },
      vera: { email: 'vera@example.org', email_verified: true, name: 'Vera Viewer', groups: ['staff'] },
      // Claims to be the existing admin, with an address the provider never verified.
      mallory: { email: ADMIN_EMAIL, email_verified: false, name: 'Mallory', groups: ['picket-admins'] },
      // The same, from a provider that sends no email_verified claim at all.
      trudy: { email: ADMIN_EMAIL.toUpperCase(), name: 'Trudy', groups: ['picket-admins'] },
    };

    beforeAll(async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      idp = await startOidcProvider({
        redirectUri: `${url}/api/auth/callback/oidc`,
        accounts,
        claimsInIdToken: style === 'id-token',
      });
      s = await startTestServer(
        {
          PORT: String(port),
          NEXTAUTH_URL: url,
          OIDC_ISSUER: idp.issuer,
          OIDC_ID: idp.clientId,
          OIDC_SECRET: idp.clientSecret,
          PICKET_OIDC_SCOPES: 'openid email profile groups',
          PICKET_OIDC_ROLE_CLAIM: 'groups',
          PICKET_OIDC_ROLE_MAP: 'picket-admins=admin,secops=analyst,*=viewer',
        },
        { web: true },
      );
      expect(s.url).toBe(url);
    }, 300_000);
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await s?.stop();
      await idp?.stop();
    });

    /** Picket's login page → the provider's login and consent pages → back to Picket. */
    async function signInThroughProvider(login: string): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(s.url + '/login');
      await page.getByRole('button', { name: 'Sign in with Single sign-on' }).click();
      await page.waitForURL((u) => u.href.startsWith(idp.issuer));
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((u) => u.href.startsWith(s.url) && !u.pathname.startsWith('/api/auth'));
      return page;
    }

    const cookieHeader = async (page: Page) =>
      (await page.context().cookies(s.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    async function apiWithCookie(cookie: string, path: string): Promise<{ status: number; body: any }> {
      const res = await fetch(s.url + path, { headers: { cookie } });
      return { status: res.status, body: await res.json().catch(() => null) };
    }
    async function audit(query: string) {
      const res = await fetch(`${s.url}/api/v1/audit?${query}`, {
        headers: { Authorization: `Bearer ${s.adminToken}` },
      });
      return ((await res.json()) as { entries: Array<{ actor: string; action: string; targetId: string; diff: any }> })
        .entries;
    }
    async function shownRole(page: Page): Promise<string> {
      await page.getByRole('button', { name: 'User menu' }).click();
      const text = (await page.getByText(/^Role: /).textContent())!;
      await page.keyboard.press('Escape');
      return text.replace('Role: ', '');
    }

    it('signs in through the provider with the role its groups claim maps to, and re-applies it at the next sign-in', async () => {
      const page = await signInThroughProvider('alice');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect.poll(() => shownRole(page)).toBe('admin');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).waitFor();
      const cookie = await cookieHeader(page);
      expect((await apiWithCookie(cookie, '/api/v1/account')).body).toMatchObject({
        kind: 'user',
        name: 'alice@example.org',
        role: 'admin',
      });
      // Admin-only, over REST and tRPC.
      expect((await apiWithCookie(cookie, '/api/v1/users')).status).toBe(200);
      expect((await apiWithCookie(cookie, `/api/trpc/settings.get?input=${encodeURIComponent('{}')}`)).status).toBe(
        200,
      );
      const [created] = await audit('action=user.create');
      expect(created.diff).toMatchObject({
        email: 'alice@example.org',
        role: 'admin',
        via: 'oidc claim groups: picket-admins',
      });

      // The provider moves her to secops: the next sign-in makes her an analyst, and says so in the audit log.
      accounts.alice.groups = ['secops'];
      const again = await signInThroughProvider('alice');
      await expect.poll(() => shownRole(again)).toBe('analyst');
      const cookie2 = await cookieHeader(again);
      expect((await apiWithCookie(cookie2, '/api/v1/account')).body).toMatchObject({ role: 'analyst' });
      expect((await apiWithCookie(cookie2, '/api/v1/users')).status).toBe(403);
      const [changed] = await audit('action=user.update');
      expect(changed).toMatchObject({
        actor: 'system',
        diff: { role: ['admin', 'analyst'], via: 'oidc claim groups: secops' },
      });
      accounts.alice.groups = ['staff', 'picket-admins'];
    });

    it("maps other groups, and no matching group to the map's * entry", async () => {
      const sam = await signInThroughProvider('sam');
      await expect.poll(() => shownRole(sam)).toBe('analyst');
      expect((await apiWithCookie(await cookieHeader(sam), '/api/v1/account')).body).toMatchObject({
        name: 'sam@example.org',
        role: 'analyst',
      });
      const vera = await signInThroughProvider('vera');
      await expect.poll(() => shownRole(vera)).toBe('viewer');
      expect((await apiWithCookie(await cookieHeader(vera), '/api/v1/account')).body).toMatchObject({ role: 'viewer' });
      // Only the spec-conformant provider makes Picket ask its userinfo endpoint (/me).
      if (style === 'userinfo') expect(idp.hits.get('/me')).toBeGreaterThan(0);
      else expect(idp.hits.get('/me') ?? 0).toBe(0);
    });

    it('refuses an unverified email that matches the existing admin, with a clear message, and changes nothing', async () => {
      const before = await s.picket.users.sessionUserByEmail(ADMIN_EMAIL);
      for (const login of ['mallory', 'trudy']) {
        const page = await signInThroughProvider(login);
        expect(new URL(page.url()).pathname).toBe('/login');
        expect(new URL(page.url()).searchParams.get('error')).toBe('EmailNotVerified');
        expect(await page.locator('main.login').getByRole('alert').textContent()).toContain(
          'has not verified this email address',
        );
        if (login === 'mallory') await page.screenshot({ path: screenshotPath(`oidc-unverified-email-${style}.png`) });
        expect((await apiWithCookie(await cookieHeader(page), '/api/v1/account')).status).toBe(401);
      }
      const after = await s.picket.users.sessionUserByEmail(ADMIN_EMAIL);
      expect(after).toMatchObject({
        id: before!.id,
        role: 'admin',
        version: before!.version,
        lastLoginAt: before!.lastLoginAt,
      });
      const refused = await audit('action=auth.login.failure');
      expect(
        refused.filter((e) => e.targetId === before!.id && e.diff.via === 'oidc').map((e) => e.diff.reason),
      ).toEqual(['email not verified by the provider', 'email not verified by the provider']);
    });

    it('ends the session at sign-out: a copy of the cookie no longer works on the API or tRPC', async () => {
      const other = await cookieHeader(await signInThroughProvider('vera'));
      const page = await signInThroughProvider('vera');
      const cookie = await cookieHeader(page);
      expect((await apiWithCookie(cookie, '/api/v1/account')).status).toBe(200);
      expect((await apiWithCookie(cookie, '/api/trpc/account.me')).status).toBe(200);
      await page.getByRole('button', { name: 'User menu' }).click();
      await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
      await page.waitForURL(s.url + '/login');
      expect((await apiWithCookie(cookie, '/api/v1/account')).status).toBe(401);
      expect((await apiWithCookie(cookie, '/api/trpc/account.me')).status).toBe(401);
      await page.goto(s.url + '/');
      expect(new URL(page.url()).pathname).toBe('/login');
      // Her session in the other browser goes on: this was no sign-out everywhere.
      expect((await apiWithCookie(other, '/api/trpc/account.me')).status).toBe(200);
      const [signedOut] = await audit('action=auth.signout');
      expect(signedOut).toMatchObject({ actor: 'user:vera@example.org' });
    });
  });
}
