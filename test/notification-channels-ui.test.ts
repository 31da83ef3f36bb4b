// Admin → Notifications in a real browser on a real server, with a local webhook receiver: an admin
// creates a webhook channel (validation first), sends a test the receiver gets, edits it (and meets
// a stale-version conflict), routes a new rule to it in the rule editor, trips the rule with
// events and reads the sent row in the channel's delivery log. An analyst gets no Admin tab, a 403
// page, and 403 from the procedures in its own signed-in browser.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, postEvents, until, type Json } from './alerts-api.ts';
import { recordAdminRestCalls, screenshotPath, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

let rx: Receiver;
const ADMIN = { email: 'notify-admin@example.org', password: 'a-long-admin-password' };
const ANALYST = { email: 'notify-analyst@example.org', password: 'a-long-analyst-password' };
const XSS = '<img src=x onerror="window.__xss=1">';

beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx?.close());
// The receiver is on loopback, which notification targets may only be with this setting.
const suite = browserSuite(
  [
    { ...ADMIN, role: 'admin' },
    { ...ANALYST, role: 'analyst' },
  ],
  { PICKET_NOTIFY_RETRY_BASE_MS: '50', PICKET_NOTIFY_ALLOW_PRIVATE: 'true' },
);

function signedIn(u: { email: string; password: string }): Promise<{ page: Page; errors: string[] }> {
  return signInBrowser(suite.browser, suite.s.url, u, {
    viewport: { width: 1400, height: 900 },
    ignoreConsole: /status of (403|409)/,
  });
}

const channelRow = (page: Page, name: string) => page.locator(`tr[data-channel-name="${name}"]`);

describe('notification channels UI', () => {
  it('creates, tests and edits a webhook channel, routes a rule to it, and shows the sent notification in its delivery log', async () => {
    const { page, errors } = await signedIn(ADMIN);
    const restCalls = recordAdminRestCalls(page);
    await page.goto(suite.s.url + '/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL(suite.s.url + '/admin/notifications');
    await page.getByText('No channels yet.').waitFor();

    // Create: field messages before anything is sent, then a valid URL.
    await page.getByRole('button', { name: 'New channel' }).click();
    const create = page.getByRole('dialog', { name: 'New notification channel' });
    // Email shows the SMTP fields and names each missing one.
    await create.getByLabel('Kind').selectOption('email');
    await create.getByRole('button', { name: 'Create channel' }).click();
    await create.getByText('The SMTP server is required, e.g. smtp.example.org.').waitFor();
    await create.getByText('At least one recipient.').waitFor();
    await create.getByLabel('From', { exact: true }).fill('picket@example.org');
    await create.getByText('A sender address, e.g. picket@example.org.').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('admin-notifications-new-email.png') });
    await create.getByLabel('Kind').selectOption('webhook');
    await expect(create.getByLabel('SMTP server').count()).resolves.toBe(0);
    await create.getByLabel('Name').fill('SOC webhook');
    await create.getByLabel('Webhook URL').fill('hooks.example.com/x');
    await create.getByRole('button', { name: 'Create channel' }).click();
    await create.getByText('Not a URL: e.g. https://hooks.example.com/services/…').waitFor();
    await expect(create.getByLabel('Webhook URL').getAttribute('aria-invalid')).resolves.toBe('true');
    await create.getByLabel('Webhook URL').fill(`${rx.url}/hook?token=t0p-secret`);
    await create.getByRole('button', { name: 'Create channel' }).click();
    await create.waitFor({ state: 'detached' });
    const row = channelRow(page, 'SOC webhook');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(`${rx.url}/…`);
    expect(await page.content()).not.toContain('t0p-secret');
    await expect(row.textContent()).resolves.toContain('no rules');

    // Send test: the receiver gets the JSON, the screen says so.
    await row.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test notification delivered to “SOC webhook”' }).waitFor();
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]).toMatchObject({
      path: '/hook?token=t0p-secret',
      headers: { 'content-type': 'application/json' },
    });
    expect(rx.got[0].body.alert).toMatchObject({
      summary: 'Picket test notification for channel "SOC webhook"',
      severity: 'INFO',
    });

    // Edit; meanwhile someone else saves: the stale save is refused and says so; saving again wins.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit channel “SOC webhook”' });
    await expect(edit.getByLabel('Webhook URL').inputValue()).resolves.toBe('');
    const listed = ((await api(suite.s, 'GET', '/notification-channels')).body.channels as Json[])[0];
    expect(
      (
        await api(suite.s, 'PATCH', `/notification-channels/${listed.id}`, {
          version: listed.version,
          name: 'renamed elsewhere',
        })
      ).status,
    ).toBe(200);
    await edit.getByLabel('Name').fill('SOC hook');
    await edit.getByRole('button', { name: 'Save channel' }).click();
    await edit
      .getByRole('alert')
      .filter({ hasText: 'Someone else saved this channel first (now version 2: “renamed elsewhere”, enabled)' })
      .waitFor();
    await edit.getByRole('button', { name: 'Save channel' }).click();
    await edit.waitFor({ state: 'detached' });
    const renamed = channelRow(page, 'SOC hook');
    await renamed.waitFor();
    const stored = (await api(suite.s, 'GET', `/notification-channels/${listed.id}`)).body;
    // The URL was not retyped: the stored secret stayed.
    expect(stored).toMatchObject({ name: 'SOC hook', version: 3, secretHint: `${rx.url}/…` });

    // Disable and enable again from the row.
    await renamed.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('status').filter({ hasText: '“SOC hook” disabled.' }).waitFor();
    await renamed.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('status').filter({ hasText: '“SOC hook” enabled.' }).waitFor();

    // Route a new rule to the channel in the rule editor.
    await page.goto(suite.s.url + '/rules/new');
    await page.getByLabel('Name').fill('notify ui rule');
    await page.getByLabel('Type').selectOption('match');
    await page.getByLabel('Query (Lucene)').fill('category:notify-ui');
    await page.getByLabel('Group by (comma-separated fields)').fill('');
    await page.getByLabel('Alert category').fill('notifyui');
    await page.getByLabel('Summary template').fill('notify ui on {hostname}');
    await page
      .getByRole('group', { name: 'Notify channels' })
      .getByRole('checkbox', { name: /SOC hook/ })
      .check();
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.waitForURL(/\/rules\/[0-9a-f-]{36}$/);
    const ruleId = page.url().split('/').pop()!;
    expect((await api(suite.s, 'GET', `/rules/${ruleId}`)).body.notify).toEqual([listed.id]);
    await expect(
      page
        .getByRole('group', { name: 'Notify channels' })
        .getByRole('checkbox', { name: /SOC hook/ })
        .isChecked(),
    ).resolves.toBe(true);

    // Trip it; the notification reaches the receiver and the delivery log shows the sent row.
    await postEvents(suite.s, [{ category: 'notify-ui', hostname: `web-9 ${XSS}`, summary: 'x' }]);
    await suite.s.picket.alerting.engine.idle();
    await until(
      async () => rx.got.find((g) => (g.body.alert as Json | undefined)?.ruleId === ruleId),
      'the rule notification',
    );
    await page.goto(suite.s.url + '/admin/notifications');
    const routed = channelRow(page, 'SOC hook');
    await routed.getByRole('link', { name: 'notify ui rule' }).waitFor();
    await routed.getByRole('button', { name: 'Delivery log' }).click();
    const log = page.getByRole('table', { name: 'Deliveries of SOC hook' });
    const sentRow = log.locator('tr[data-delivery-id]', { hasText: `notify ui on web-9 ${XSS}` });
    await sentRow.waitFor();
    await expect(sentRow.textContent()).resolves.toMatch(/sent/);
    await page.screenshot({ path: screenshotPath('admin-notifications.png'), fullPage: true });
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText('No failed deliveries.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Delete it.
    await routed.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete channel?' });
    await confirm.getByRole('button', { name: 'Delete channel' }).click();
    await page.getByText('No channels yet.').waitFor();
    expect(errors).toEqual([]);
    // Channels, tests, edits, the delivery log and retries all went through tRPC.
    expect(restCalls).toEqual([]);
  });

  it('shows an analyst no Notifications tab and refuses its browser the page and the procedures', async () => {
    const { page } = await signedIn(ANALYST);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(),
    ).resolves.toBe(0);
    const res = await page.goto(suite.s.url + '/admin/notifications');
    expect(res?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Forbidden' }).waitFor();
    await expect(page.getByRole('link', { name: 'Notifications' }).count()).resolves.toBe(0);
    const ch = await api(suite.s, 'POST', '/notification-channels', {
      kind: 'webhook',
      name: 'analyst target',
      url: `${rx.url}/analyst`,
    });
    const statuses = await page.evaluate(async (id) => {
      const post = (path: string, body: unknown) =>
        fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.status);
      return [
        await fetch('/api/v1/notification-channels').then((r) => r.status),
        await post(`/api/v1/notification-channels/${id}/test`, {}),
        await fetch(`/api/v1/notification-channels/${id}/deliveries`).then((r) => r.status),
        await post('/api/trpc/notifications.testChannel', { id }),
      ];
    }, ch.body.id as string);
    expect(statuses).toEqual([403, 403, 403, 403]);
    expect(rx.got.filter((g) => g.path === '/analyst')).toEqual([]);
  });
});
