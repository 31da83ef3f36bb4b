// The watchlist page in real browsers: an analyst watches an IP, an event from it is tagged at
// ingest and raises the watchlist alert; a private IP block is refused with the server's message;
// a hostile comment renders as text; a viewer sees the list live and read-only.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { api, postEvents, until, type Json } from './alerts-api.ts';
import { browserSuite } from './browser-suite.ts';

const contexts: BrowserContext[] = [];
const suite = browserSuite([
  { email: 'wanda@example.org', role: 'analyst', password: 'analyst-watch-password' },
  { email: 'vera@example.org', role: 'viewer', password: 'viewer-watch-password' },
]);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
});

async function signedIn(email: string, password: string): Promise<{ page: Page; errors: string[] }> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => errors.push(`unexpected browser dialog: ${d.message()}`));
  await page.goto(suite.s.url + '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(suite.s.url + '/');
  return { page, errors };
}

describe('/watchlist in a real browser', () => {
  it('analyst adds an IP; an event from it is tagged and alerts; private blocks are refused; comments are text; viewers watch live, read-only', async () => {
    const viewer = await signedIn('vera@example.org', 'viewer-watch-password');
    await viewer.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Watchlist' }).click();
    await viewer.page.waitForURL(suite.s.url + '/watchlist');
    await viewer.page.getByText('Nothing here yet.').waitFor();
    await expect(viewer.page.getByLabel('Value').count()).resolves.toBe(0);

    const { page, errors } = await signedIn('wanda@example.org', 'analyst-watch-password');
    await page.goto(suite.s.url + '/watchlist');
    await page.getByRole('tab', { name: 'Watchlist' }).waitFor();
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    await page.getByLabel('Type').selectOption('ip');
    await page.getByLabel('Value').fill('203.0.113.88');
    await page.getByLabel('Comment').fill(hostile);
    await page.getByLabel('Expires after').selectOption('7d');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = page.locator('tr[data-value="203.0.113.88"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(hostile);
    await expect(row.textContent()).resolves.toContain('user:wanda@example.org');
    await expect(row.textContent()).resolves.toMatch(/(6d 23h|7d 0h) left/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The viewer's page follows without a reload, and still offers no change.
    await viewer.page.locator('tr[data-value="203.0.113.88"]').waitFor();
    await expect(viewer.page.getByRole('button', { name: /Remove/ }).count()).resolves.toBe(0);

    // An event from that IP is tagged at ingest and raises the shipped watchlist alert.
    await postEvents(suite.s, [
      {
        summary: 'outbound beacon',
        category: 'watch-ui',
        details: { sourceipaddress: '203.0.113.88', destinationport: 443 },
      },
    ]);
    const tagged = await until(async () => {
      const events = (await api(suite.s, 'GET', '/events?q=tags:watchlist')).body.events as Json[];
      return events.length ? events : null;
    }, 'the tagged event');
    expect(tagged.map((e) => e.summary)).toEqual(['outbound beacon']);
    expect(tagged[0].tags).toContain('watchlist:ip');
    await suite.s.picket.alerting.engine.idle();
    const alerts = await until(async () => {
      const list = (await api(suite.s, 'GET', '/alerts?q=category:watchlist')).body.alerts as Json[];
      return list.length ? list : null;
    }, 'the watchlist alert');
    expect(alerts[0]).toMatchObject({
      summary: 'Watchlist term 203.0.113.88 detected  from 203.0.113.88 on UNKNOWN',
      eventCount: 1,
    });

    // A private address cannot be blocked: the server's message is shown next to the form.
    await page.getByRole('tab', { name: 'Blocked IPs' }).click();
    await page.getByLabel('Value').fill('10.1.2.3');
    await page.getByLabel('Duration').selectOption('1d');
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await expect(page.locator('#blockip-add-error').textContent()).resolves.toMatch(
      /10\.1\.2\.3 is a private, loopback, link-local or reserved address and cannot be blocked/,
    );
    await expect(page.getByLabel('Value').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(((await api(suite.s, 'GET', '/blockip')).body.items as Json[]).length).toBe(0);
    // A public one can, for the chosen duration.
    await page.getByLabel('Value').fill('8.8.4.0/24');
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.locator('tr[data-value="8.8.4.0/24"]').waitFor();
    await expect(page.locator('tr[data-value="8.8.4.0/24"]').textContent()).resolves.toContain('for 1d');

    // Remove, with a confirmation.
    await page.getByRole('tab', { name: 'Watchlist' }).click();
    await page.getByRole('button', { name: 'Remove 203.0.113.88' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove item?' });
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Nothing here yet: add the first one above.').waitFor();
    await viewer.page.getByText('Nothing here yet.').waitFor();
    expect(errors).toEqual([]);
    expect(viewer.errors).toEqual([]);
  });
});
