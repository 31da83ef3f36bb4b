// The alert console and the rules editor in real browsers on a real server: a threshold rule is
// written and back-tested in the UI, saved, tripped by POSTed events, and its alert shows up live
// in a second (analyst) browser, which escalates one alert and marks another false positive.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, isoAgo, postEvents, until, type Json } from './alerts-api.ts';
import { launchBrowser, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let browser: Browser;
const ADMIN = { email: 'rules-admin@example.org', password: 'a-long-admin-password' };
const ANALYST = { email: 'responder@example.org', password: 'a-long-analyst-password' };
const XSS = '<img src=x onerror="window.__xss=1">';

beforeAll(async () => {
  s = await startTestServer({}, { web: true });
  browser = await launchBrowser();
  for (const [u, role] of [
    [ADMIN, 'admin'],
    [ANALYST, 'analyst'],
  ] as const) {
    expect((await api(s, 'POST', '/users', { email: u.email, password: u.password, role })).status).toBe(201);
  }
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

function signedIn(u: { email: string; password: string }): Promise<{ page: Page; errors: string[] }> {
  return signInBrowser(browser, s.url, u, { ignoreConsole: /status of (401|409)/ });
}

/** Failed logins of one source, `ago` ms back (spread over a few seconds). */
function failures(ip: string, n: number, ago: number, extra: Json = {}): Json[] {
  return Array.from({ length: n }, (_, i) => ({
    utctimestamp: isoAgo(ago - i * 1000),
    category: 'webtest',
    hostname: 'web1.example.org',
    summary: `login failed for bob from ${ip}`,
    details: { success: false, sourceipaddress: ip, username: 'bob', ...extra },
  }));
}

const alertRow = (page: Page, text: string) => page.locator('tr[data-alert-id]', { hasText: text });

describe('alerts and rules UI', () => {
  it('writes, tests and saves a threshold rule; its alert streams to a second browser, is escalated, and another is marked false positive with an exception', async () => {
    // Past events the back-test finds: 4 failures from one source 40 minutes ago, 1 from another.
    await postEvents(s, [...failures('198.51.100.7', 4, 40 * 60_000), ...failures('198.51.100.8', 1, 39 * 60_000)]);

    const { page: admin, errors: adminErrors } = await signedIn(ADMIN);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
    await admin.waitForURL(s.url + '/rules');
    await admin.locator('tr[data-rule-name]').first().waitFor();
    await admin.getByRole('link', { name: 'New rule' }).click();
    await admin.waitForURL(s.url + '/rules/new');

    await admin.getByLabel('Name').fill('web login failures');
    await admin.getByLabel('Type').selectOption('threshold');
    // A query that does not parse is shown next to the field.
    await admin.getByLabel('Query (Lucene)').fill('category:webtest AND (details.success:false');
    await admin.locator('#rule-query-error').waitFor();
    await admin.getByLabel('Query (Lucene)').fill('category:webtest AND details.success:false');
    await admin.locator('#rule-query-error').waitFor({ state: 'detached' });
    await admin.getByLabel('Group by (comma-separated fields)').fill('details.sourceipaddress');
    await admin.getByLabel('Threshold (events)').fill('3');
    await admin.getByLabel('Window').fill('5m');
    await admin.getByLabel('Severity').selectOption('WARNING');
    await admin.getByLabel('Alert category').fill('webbruteforce');
    await admin.getByLabel('Tags (comma-separated)').fill('web, auth');
    await admin.getByLabel('Summary template').fill('{count} failed web logins from {details.sourceipaddress}');
    await expect(admin.getByTestId('summary-preview').textContent()).resolves.toContain(
      '3 failed web logins from ‹details.sourceipaddress›',
    );

    // The JSON view follows the form; invalid JSON is reported and does not clobber the form.
    await admin.getByRole('tab', { name: 'JSON' }).click();
    const json = admin.getByLabel('Rule JSON');
    expect(JSON.parse(await json.inputValue())).toMatchObject({
      type: 'threshold',
      threshold: 3,
      window: '5m',
      groupBy: ['details.sourceipaddress'],
      tags: ['web', 'auth'],
    });
    const good = await json.inputValue();
    await json.fill(good.replace('"threshold": 3', '"threshold": 3,,'));
    await admin.locator('#rule-json-error').waitFor();
    await admin.getByRole('tab', { name: 'Form' }).click();
    await expect(admin.getByLabel('Threshold (events)').inputValue()).resolves.toBe('3');
    await admin.getByRole('tab', { name: 'JSON' }).click();
    await json.fill(good);
    await admin.getByRole('tab', { name: 'Form' }).click();

    // Test before saving, over the last 24 h: 5 events matched; the third failure of the first source raises one.
    await admin.getByRole('button', { name: 'Last 24 h' }).click();
    await admin.getByRole('button', { name: 'Run test' }).click();
    await admin.getByTestId('test-result').waitFor();
    await expect(admin.getByTestId('matched-count').textContent()).resolves.toBe('5');
    await expect(admin.getByTestId('would-alert-count').textContent()).resolves.toBe('1');
    const wouldBe = admin.getByTestId('would-be-alert');
    await expect(wouldBe.textContent()).resolves.toContain('3 failed web logins from 198.51.100.7');
    await wouldBe.getByRole('button').click();
    await expect(wouldBe.locator('[data-event-id]').count()).resolves.toBe(3);
    await expect(admin.getByTestId('summary-preview').textContent()).resolves.toContain(
      '3 failed web logins from 198.51.100.7',
    );
    // Nothing stored by the test.
    expect(
      ((await api(s, 'GET', '/alerts?size=1000')).body.alerts as Json[]).filter((a) => a.category === 'webbruteforce'),
    ).toEqual([]);
    await admin.screenshot({ path: '/tmp/alerts-ui-rule-test.png', fullPage: true });

    await admin.getByRole('button', { name: 'Create rule' }).click();
    await admin.waitForURL(/\/rules\/[0-9a-f-]{36}$/);
    const ruleId = admin.url().split('/').pop()!;
    await admin.getByRole('heading', { name: 'History (1 version)' }).waitFor();

    // The analyst watches the console in another browser.
    const { page: analyst, errors: analystErrors } = await signedIn(ANALYST);
    await analyst.goto(s.url + '/alerts');
    await analyst.locator('section[data-live="live"]').waitFor();
    await analyst.getByText('No alerts match these filters.').waitFor();

    // Events that trip the rule, with attacker-controlled text in them, appear live without reload.
    await postEvents(s, failures('203.0.113.9', 3, 3000, { useragent: XSS }));
    const row = alertRow(analyst, '3 failed web logins from 203.0.113.9');
    await row.waitFor();
    await expect(row.getByText('WARNING').count()).resolves.toBe(1);
    await row.getByRole('button', { name: 'Show events' }).click();
    const events = analyst.getByTestId('alert-events');
    await events.locator('[data-event-id]').nth(2).waitFor();
    // The user agent is not a default column of the evidence table: pick it.
    await events.getByText('Columns', { exact: true }).click();
    await events.getByRole('checkbox', { name: 'details.useragent' }).check();
    await expect(events.getByText(XSS).count()).resolves.toBe(3);
    await expect(events.locator('img').count()).resolves.toBe(0);
    expect(await analyst.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Escalate to a new incident: its events become evidence, the alert is escalated.
    await row.getByRole('button', { name: 'Escalate' }).click();
    const esc = analyst.getByRole('dialog', { name: 'Escalate alert' });
    await expect(esc.getByLabel('Summary').inputValue()).resolves.toBe('3 failed web logins from 203.0.113.9');
    await esc.getByRole('button', { name: 'Create incident and escalate' }).click();
    await esc.getByTestId('escalated').waitFor();
    const href = await esc.getByRole('link', { name: 'Open the incident' }).getAttribute('href');
    expect(href).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
    const incident = (await api(s, 'GET', `/incidents/${href!.split('/').pop()}`)).body;
    expect(incident.summary).toBe('3 failed web logins from 203.0.113.9');
    const alertId = await row.getAttribute('data-alert-id');
    const stored = (await api(s, 'GET', `/alerts?ruleId=${ruleId}`)).body.alerts as Json[];
    const escalated = stored.find((a) => a.id === alertId)!;
    expect(escalated.status).toBe('escalated');
    expect((incident.evidence as Json[]).map((e) => e.eventId).sort()).toEqual(
      [...(escalated.eventIds as string[])].sort(),
    );
    await esc.getByRole('button', { name: 'Close' }).first().click();
    await analyst.locator('tr[data-status="escalated"]').waitFor();

    // Another source trips it: false positive, with an exception prefilled from the group key.
    await postEvents(s, failures('203.0.113.77', 3, 2000));
    const second = alertRow(analyst, '3 failed web logins from 203.0.113.77');
    await second.waitFor();
    // Keyboard: k to the top row (the newest), then "a" acknowledges it.
    await analyst.locator('body').click({ position: { x: 5, y: 5 } });
    await analyst.keyboard.press('k');
    await analyst.keyboard.press('a');
    await analyst.locator('tr[data-status="acknowledged"]', { hasText: '203.0.113.77' }).waitFor();
    await second.getByRole('button', { name: 'False positive' }).click();
    const fp = analyst.getByRole('dialog', { name: 'Mark as false positive' });
    await fp.getByRole('checkbox', { name: /Also add an exception/ }).check();
    await until(
      async () =>
        (await fp.getByLabel('Never alert when (Lucene query)').inputValue()) ===
        'details.sourceipaddress:203.0.113.77',
      'prefilled exception',
    );
    await fp.getByRole('button', { name: 'Mark false positive and add exception' }).click();
    await fp.waitFor({ state: 'detached' });
    await second.waitFor({ state: 'detached' }); // false positives leave the open list
    const after = (await api(s, 'GET', `/alerts?ruleId=${ruleId}`)).body.alerts as Json[];
    expect(after.map((a) => a.status).sort()).toEqual(['escalated', 'falsepositive']);

    // The admin's rule page lists the exception; the excepted source no longer alerts.
    await admin.reload();
    await admin.locator('[data-exception="details.sourceipaddress:203.0.113.77"]').waitFor();
    await postEvents(s, failures('203.0.113.77', 3, 1000));
    await postEvents(s, failures('203.0.113.10', 3, 1000));
    await alertRow(analyst, '3 failed web logins from 203.0.113.10').waitFor();
    expect(
      ((await api(s, 'GET', `/alerts?ruleId=${ruleId}`)).body.alerts as Json[]).filter((a) =>
        String(a.summary).includes('203.0.113.77'),
      ),
    ).toHaveLength(1);

    // Bulk: select it and close it from the toolbar.
    const third = alertRow(analyst, '3 failed web logins from 203.0.113.10');
    await third.getByRole('checkbox').check();
    await analyst.getByText('1 selected').waitFor();
    await analyst.getByRole('group', { name: 'Bulk actions' }).getByRole('button', { name: 'Close' }).click();
    await third.waitFor({ state: 'detached' });
    const closed = ((await api(s, 'GET', `/alerts?ruleId=${ruleId}`)).body.alerts as Json[]).find((a) =>
      String(a.summary).includes('203.0.113.10'),
    )!;
    expect(closed.status).toBe('closed');

    await analyst.screenshot({ path: '/tmp/alerts-ui-console.png' });
    expect(adminErrors).toEqual([]);
    expect(analystErrors).toEqual([]);
  });

  it('shows rules read-only to an analyst, who can still test a draft; a stale save keeps the draft and shows the current version', async () => {
    const rules = (await api(s, 'GET', '/rules')).body;
    const list = (Array.isArray(rules) ? rules : (rules.rules as Json[])) as Json[];
    const ssh = list.find((r) => r.catalogueKey === 'mozdef.bruteforce_ssh')!;

    const { page: analyst } = await signedIn(ANALYST);
    await analyst.goto(s.url + '/rules');
    await analyst.getByText('Read-only: changing rules needs the admin role (rules:write).').waitFor();
    await expect(analyst.getByRole('link', { name: 'New rule' }).count()).resolves.toBe(0);
    await expect(analyst.getByRole('switch').first().isDisabled()).resolves.toBe(true);
    await analyst.goto(`${s.url}/rules/${ssh.id}`);
    await analyst
      .getByRole('note')
      .getByText(/Read-only/)
      .waitFor();
    await expect(analyst.getByRole('button', { name: /Save/ }).count()).resolves.toBe(0);
    await analyst.getByRole('button', { name: 'Last 1 h' }).click();
    await analyst.getByRole('button', { name: 'Run test' }).click();
    await analyst.getByTestId('test-result').waitFor();

    const { page: admin } = await signedIn(ADMIN);
    await admin.goto(`${s.url}/rules/${ssh.id}`);
    await admin.getByRole('heading', { name: /History/ }).waitFor();
    await admin.getByLabel('Threshold (events)').fill('12');
    // Someone else saves first.
    const current = (await api(s, 'GET', `/rules/${ssh.id}`)).body;
    expect((await api(s, 'PUT', `/rules/${ssh.id}`, { ...current, threshold: 11 })).status).toBe(200);
    await admin.getByRole('button', { name: 'Save new version' }).click();
    await admin.getByRole('heading', { name: /Not saved: the rule is now at version/ }).waitFor();
    await expect(admin.getByTestId('conflict-current').textContent()).resolves.toContain('"threshold": 11');
    await expect(admin.getByLabel('Threshold (events)').inputValue()).resolves.toBe('12');
    await admin.getByRole('button', { name: 'Save my draft over it' }).click();
    await admin.getByRole('heading', { name: /History \(3 versions\)/ }).waitFor();
    expect((await api(s, 'GET', `/rules/${ssh.id}`)).body.threshold).toBe(12);
    // The diff of the last two versions shows the change.
    await expect(admin.getByLabel('Diff').textContent()).resolves.toMatch(/- +"threshold": 11,.*\+ +"threshold": 12,/s);
  });
});
