// Triage at scale in a real browser: 30 alerts for one IP found by the IP filter, acknowledged at
// once through "select all 30 matching" (one audit entry), who acknowledged on the row, mine and
// unassigned, the severity sort (a CRITICAL among NOTICEs leads), the evidence table and its
// explorer link, a false positive confirmed and undone, exceptions with an expiry, and a bulk
// false positive that asks first.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, createRule, postEvents, type Json } from './alerts-api.ts';
import { signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const ANALYST = { email: 'triager@example.org', password: 'a-long-triage-password', role: 'analyst' };
const suite = browserSuite([ANALYST]);

const NOISY = '203.0.113.50';
const QUIET = '203.0.113.51';
const rows = (page: Page) => page.locator('tr[data-alert-id]');
/** expect.poll with a cap generous for a loaded machine (its default is one second); no timing is asserted. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });
const signedIn = () =>
  signInBrowser(suite.browser, suite.s.url, ANALYST, { ignoreConsole: /WebSocket connection to|status of 409/ });

function failure(ip: string, n: number): Json {
  return {
    category: 'triageui',
    hostname: 'web7.example.org',
    summary: `login failed for bob from ${ip} #${n}`,
    details: { sourceipaddress: ip, username: 'bob', n },
  };
}

describe('alert console: triage at scale', () => {
  let ruleId = '';

  it('sorts by severity, filters by IP in the URL, acknowledges all 30 matching at once and shows who did', async () => {
    const { s } = suite;
    const critical = await createRule(s, {
      name: 'triage ui critical',
      type: 'match',
      query: 'category:triageuicrit',
      category: 'test',
      severity: 'CRITICAL',
      summary: 'triage-ui root shell on {hostname}',
    });
    const notice = await createRule(s, {
      name: 'triage ui logins',
      type: 'match',
      query: 'category:triageui',
      category: 'test',
      severity: 'NOTICE',
      groupBy: ['details.sourceipaddress'],
      summary: 'triage-ui login failed from {details.sourceipaddress}',
    });
    ruleId = notice.id as string;
    await postEvents(s, [{ category: 'triageuicrit', hostname: 'db1.example.org', summary: 'uid=0 shell' }]);
    await s.picket.alerting.engine.idle();
    await postEvents(s, [
      ...Array.from({ length: 30 }, (_, i) => failure(NOISY, i)),
      failure(QUIET, 1),
      failure(QUIET, 2),
    ]);
    await s.picket.alerting.engine.idle();
    expect(critical.id).toBeTruthy();

    const { page, errors } = await signedIn();
    await page.goto(`${s.url}/alerts`);
    await page.locator('section[data-live="live"]').waitFor();
    // Severity first by default: the one CRITICAL (the oldest alert) leads; newest first puts it last.
    await poll(() => rows(page).count()).toBe(33);
    await expect(rows(page).first().textContent()).resolves.toContain('triage-ui root shell on db1.example.org');
    await page.getByLabel('Sort').selectOption('time');
    await page.waitForURL(/sort=time/);
    await poll(() => rows(page).last().textContent()).toContain('triage-ui root shell');
    await page.getByLabel('Sort').selectOption('severity');

    // The IP filter (keyboard: "/" focuses search, Tab moves on) lands in the URL: reloading keeps it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('filter-text');
    await page.keyboard.press('Tab');
    await page.keyboard.type(NOISY);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`entity=${NOISY.replaceAll('.', '\\.')}`));
    await page.reload();
    await poll(() => rows(page).count()).toBe(30);
    await expect(page.getByLabel('IP, user or host').inputValue()).resolves.toBe(NOISY);
    await expect(page.getByTestId('matching-count').textContent()).resolves.toBe('30 matching');

    // One click for all 30, not 30 clicks; the server acts on the filter.
    const bulk = page.getByRole('group', { name: 'Bulk actions' });
    await bulk.getByRole('button', { name: 'Select all 30 matching' }).click();
    await bulk.getByText('All 30 matching selected').waitFor();
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('alerts.bulkAction') && requests.push(r.postData() ?? ''));
    // The 30 changes arrive live, one per alert: the list must refetch a few times, not 30 (whose
    // batched GET once outgrew the URL limit and failed).
    let listFetches = 0;
    const failed: string[] = [];
    page.on('request', (r) => r.url().includes('alerts.list') && listFetches++);
    page.on('response', (r) => r.url().includes('/api/trpc/') && r.status() >= 400 && failed.push(r.url()));
    await bulk.getByRole('button', { name: 'Acknowledge' }).click();
    await poll(() => page.getByTestId('bulk-result').textContent()).toContain('Acknowledged 30 alerts');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain(`"entity":"${NOISY}"`);
    expect(requests[0]).not.toMatch(/"ids"/);
    const audit = (await api(s, 'GET', '/audit?action=alert.bulk')).body.entries as Json[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: `user:${ANALYST.email}`,
      diff: { matched: 30, changed: 30, filter: { entity: NOISY } },
    });
    await poll(() => page.locator('tr[data-status="acknowledged"]').count()).toBe(30);
    await page.waitForTimeout(1000); // let any straggling live refetch happen before counting them
    expect(failed).toEqual([]);
    expect(listFetches).toBeLessThanOrEqual(6);
    await expect(rows(page).first().getByTestId('alert-acked-by').textContent()).resolves.toMatch(
      new RegExp(`^acked by ${ANALYST.email} · (just now|1 min ago)$`),
    );
    expect(errors).toEqual([]);
  });

  it('assigns to me; "Mine" and "Unassigned" tell them apart; the evidence table links values and opens exactly its events in the explorer', async () => {
    const { s } = suite;
    const { page, errors } = await signedIn();
    await page.goto(`${s.url}/alerts?entity=${QUIET}`);
    await poll(() => rows(page).count()).toBe(2);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByLabel('Assign selected to').selectOption({ label: 'Me' });
    await poll(() => page.getByTestId('bulk-result').textContent()).toContain(`Assigned to ${ANALYST.email}: 2 alerts`);
    await expect(rows(page).first().getByTestId('alert-assigned-by').textContent()).resolves.toMatch(
      new RegExp(`^by ${ANALYST.email}`),
    );

    await page.getByLabel('IP, user or host').fill('');
    await page.getByLabel('IP, user or host').press('Enter');
    await page.getByLabel('Assignee', { exact: true }).selectOption('me');
    await page.waitForURL(/assignee=me/);
    await poll(() => rows(page).count()).toBe(2);
    await expect(rows(page).allTextContents()).resolves.toEqual([
      expect.stringContaining(QUIET),
      expect.stringContaining(QUIET),
    ]);
    await page.getByLabel('Assignee', { exact: true }).selectOption('none');
    await poll(() => rows(page).count()).toBe(31);

    // The evidence: one compact table, the IP linked to its entity page, and the explorer link.
    await page.getByLabel('Assignee', { exact: true }).selectOption('me');
    await poll(() => rows(page).count()).toBe(2);
    const row = rows(page).first();
    await row.getByRole('button', { name: 'Show events' }).click();
    const table = page.getByRole('table', { name: 'Alert events' });
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(1);
    const ipLink = table.getByRole('link', { name: QUIET });
    await expect(ipLink.getAttribute('href')).resolves.toBe(`/entity/ip/${QUIET}`);
    const alertId = (await row.getAttribute('data-alert-id'))!;
    const eventId = (await table.locator('tbody tr').first().getAttribute('data-event-id'))!;
    const detail = (await api(s, 'GET', `/alerts?ruleId=${ruleId}&size=100`)).body.alerts as Json[];
    expect(detail.find((a) => a.id === alertId)!.eventIds).toEqual([eventId]);
    const open = page.getByRole('link', { name: 'Open this event in the explorer' });
    const href = (await open.getAttribute('href'))!;
    expect(new URL(href, s.url).searchParams.get('q')).toBe(`id:${eventId}`);
    await open.click();
    await page.waitForURL(/\/events\?q=id/);
    await page
      .getByText(/login failed for bob from 203\.0\.113\.51 #/)
      .first()
      .waitFor();
    expect(errors).toEqual([]);
  });

  it('confirms a false positive, undoes it (alert back, exception gone); exceptions carry an expiry, "never" only when picked', async () => {
    const { s } = suite;
    const { page, errors } = await signedIn();
    await page.goto(`${s.url}/alerts?entity=${QUIET}`);
    await poll(() => rows(page).count()).toBe(2);
    const row = rows(page).first();
    const id = (await row.getAttribute('data-alert-id'))!;
    await row.getByRole('button', { name: 'False positive' }).click();
    const fp = page.getByRole('dialog', { name: 'Mark as false positive' });
    // The exception is opt-in, and expires in 30 days unless told otherwise.
    await expect(fp.getByRole('checkbox', { name: /Also add an exception/ }).isChecked()).resolves.toBe(false);
    await fp.getByRole('checkbox', { name: /Also add an exception/ }).check();
    await expect(fp.getByLabel('Expires after').inputValue()).resolves.toBe('30');
    await poll(() => fp.getByLabel('Never alert when (Lucene query)').inputValue()).toBe(
      `details.sourceipaddress:${QUIET}`,
    );
    await fp.getByRole('button', { name: 'Mark false positive and add exception' }).click();
    await page.locator(`tr[data-alert-id="${id}"]`).waitFor({ state: 'detached' });
    const toast = page.getByTestId('fp-undo');
    await toast.getByText('false positive and added an exception').waitFor();
    const withException = (await api(s, 'GET', `/rules/${ruleId}`)).body.exceptions as Json[];
    expect(withException).toHaveLength(1);
    expect(Date.parse(withException[0].expiresAt as string) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await toast.waitFor({ state: 'detached' });
    await page.locator(`tr[data-alert-id="${id}"][data-status="new"]`).waitFor();
    expect((await api(s, 'GET', `/rules/${ruleId}`)).body.exceptions).toEqual([]);

    // Again, now choosing "never" explicitly; the rule page lists it with its expiry.
    await page.locator(`tr[data-alert-id="${id}"]`).getByRole('button', { name: 'False positive' }).click();
    await fp.getByRole('checkbox', { name: /Also add an exception/ }).check();
    await fp.getByLabel('Expires after').selectOption('never');
    await fp.getByRole('button', { name: 'Mark false positive and add exception' }).click();
    await toast.waitFor();
    await page.goto(`${s.url}/rules/${ruleId}`);
    const listed = page.locator(`[data-exception="details.sourceipaddress:${QUIET}"]`);
    await poll(() => listed.getByTestId('exception-expiry').textContent()).toBe('never expires');
    // One added on the rule page keeps the 30-day default.
    await page.getByLabel('Never alert when').fill('details.username:svc-backup');
    await page.getByRole('button', { name: 'Add exception' }).click();
    const added = page.locator('[data-exception="details.username:svc-backup"]');
    await poll(() => added.getByTestId('exception-expiry').textContent()).toMatch(/^expires /);
    const stored = ((await api(s, 'GET', `/rules/${ruleId}`)).body.exceptions as Json[]).find(
      (x) => x.query === 'details.username:svc-backup',
    )!;
    expect(Math.round((Date.parse(stored.expiresAt as string) - Date.now()) / 86_400_000)).toBe(30);
    expect(errors).toEqual([]);
  });

  it('asks before marking all matching as false positive, and adds no exception', async () => {
    const { s } = suite;
    const { page, errors } = await signedIn();
    await page.goto(`${s.url}/alerts?entity=${NOISY}`);
    await poll(() => rows(page).count()).toBe(30);
    const exceptionsBefore = ((await api(s, 'GET', `/rules/${ruleId}`)).body.exceptions as Json[]).length;
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('alerts.bulkAction') && requests.push(r.postData() ?? ''));
    const bulk = page.getByRole('group', { name: 'Bulk actions' });
    await bulk.getByRole('button', { name: 'Select all 30 matching' }).click();
    await bulk.getByRole('button', { name: 'False positive' }).click();
    const confirm = page.getByRole('dialog', { name: 'Mark 30 alerts as false positive?' });
    await confirm.getByText('No exception is added').waitFor();
    // Cancel sends nothing and keeps the selection.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(requests).toEqual([]);
    await bulk.getByText('All 30 matching selected').waitFor();
    await bulk.getByRole('button', { name: 'False positive' }).click();
    await confirm.getByRole('button', { name: 'Mark 30 alerts as false positive' }).click();
    await poll(() => rows(page).count()).toBe(0);
    expect(requests).toHaveLength(1);
    const marked = (await api(s, 'GET', `/alerts?entity=${NOISY}&status=falsepositive&size=100`)).body.alerts as Json[];
    expect(marked).toHaveLength(30);
    expect(((await api(s, 'GET', `/rules/${ruleId}`)).body.exceptions as Json[]).length).toBe(exceptionsBefore);
    expect(errors).toEqual([]);
  });
});
