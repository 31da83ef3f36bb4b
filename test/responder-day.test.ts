// The responder's day, in two real browsers on a replay of four hours of sshd: the lead and the
// analyst pivot from an alert to the attacker's entity page, triage the alerts, escalate, work and
// close the incident, and find the alerts resolved with it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRule, until, type Json } from './alerts-api.ts';
import { launchBrowser, screenshotPath, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { replaySshdLog, sshdLogLines } from './sshd-replay.ts';

const ATTACKER = '183.62.140.253';
const LEAD = { email: 'lead@example.org', password: 'a-long-lead-password' };
const ANALYST = { email: 'analyst@example.org', password: 'a-long-analyst-password' };

const LIVE = { timeout: 15_000 };

let s: TestServer;
let browser: Browser;
/** The team's own noisy rule: one alert per root password attempt. */
let rootRuleId: string;
let bruteForceId: string;
let incidentPath: string;

async function total(q: string): Promise<number> {
  const r = await api(s, 'GET', `/events?q=${encodeURIComponent(q)}&from=now-1d&to=now&size=1`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.total as number;
}

beforeAll(async () => {
  s = await startTestServer({ PICKET_SYSLOG_PORT: '0' }, { web: true });
  browser = await launchBrowser();
  for (const [u, role] of [
    [LEAD, 'admin'],
    [ANALYST, 'analyst'],
  ] as const) {
    expect((await api(s, 'POST', '/users', { email: u.email, password: u.password, role })).status).toBe(201);
  }
  rootRuleId = (
    await createRule(s, {
      name: 'Root password attempt',
      type: 'match',
      query: 'processname:sshd AND summary:"Failed password for root"',
      category: 'bruteforce',
      severity: 'WARNING',
      summary: 'root password attempt from {details.sourceipaddress}',
    })
  ).id as string;
  await replaySshdLog(s.syslogPort!);
  const lines = sshdLogLines().length;
  await until(async () => ((await total('*')) >= lines ? true : undefined), 'the replayed log to be stored', 60_000);
  await s.picket.alerting.engine.idle();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe("the responder's day", () => {
  it('pivots from an alert to the attacker: the entity page counts at least every line that names the IP', async () => {
    const freeText = sshdLogLines().filter((l) => l.includes(ATTACKER)).length;
    expect(await total(`"${ATTACKER}"`)).toBe(freeText);

    const alerts = await api(s, 'GET', `/alerts?q=${encodeURIComponent(`"${ATTACKER}"`)}&size=100`);
    expect(alerts.status).toBe(200);
    const rows = alerts.body.alerts as Json[];
    // Grouping: one open brute-force alert for the attacker, not one per ten failures.
    const bruteForce = rows.filter((a) => String(a.summary).includes('ssh bruteforce'));
    expect(bruteForce).toHaveLength(1);
    bruteForceId = bruteForce[0]!.id as string;

    const { page, errors } = await signInBrowser(browser, s.url, ANALYST);
    await page.goto(s.url + '/alerts');
    const row = page.locator('tr[data-alert-id]', { hasText: ATTACKER }).first();
    await row.waitFor();
    await row.getByRole('button', { name: 'Show events' }).click();
    await page.getByTestId('alert-events').getByRole('link', { name: ATTACKER, exact: true }).first().click();
    await page.waitForURL(`${s.url}/entity/ip/${ATTACKER}`);
    await page.getByTestId('entity-count').waitFor();
    const count = Number((await page.getByTestId('entity-count').textContent())!.replace(/\D/g, ''));
    expect(count).toBeGreaterThanOrEqual(freeText);
    await page.screenshot({ path: screenshotPath('responder-day-entity.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('acknowledges every matching alert for the attacker at once', async () => {
    const rootAttempts = sshdLogLines().filter((l) => l.includes(`Failed password for root from ${ATTACKER}`)).length;
    const matching = rootAttempts + 1; // and the brute-force alert
    await until(async () => {
      const r = await api(s, 'GET', `/alerts?ruleId=${rootRuleId}&size=1000`);
      return (r.body.alerts as Json[]).filter((a) => String(a.summary).includes(ATTACKER)).length === rootAttempts
        ? true
        : undefined;
    }, 'the root-attempt alerts');

    const { page, errors } = await signInBrowser(browser, s.url, ANALYST);
    await page.goto(s.url + '/alerts');
    await page.getByLabel('IP, user or host').fill(ATTACKER);
    await page.getByLabel('IP, user or host').press('Enter');
    await page.getByTestId('matching-count').getByText(`${matching} matching`).waitFor(LIVE);
    const bulk = page.getByRole('group', { name: 'Bulk actions' });
    await bulk.getByRole('button', { name: `Select all ${matching} matching` }).click();
    await bulk.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByTestId('bulk-result').getByText(`Acknowledged ${matching} alerts`).waitFor(LIVE);
    // The list refetches after the message: the screenshot waits for the rows to say so too.
    await page
      .locator('tr[data-alert-id][data-status="new"]')
      .first()
      .waitFor({ ...LIVE, state: 'detached' });
    await page.screenshot({ path: screenshotPath('responder-day-console.png') });

    const after = (await api(s, 'GET', `/alerts?q=${encodeURIComponent(`"${ATTACKER}"`)}&size=1000`)).body
      .alerts as Json[];
    expect(after).toHaveLength(matching);
    expect(new Set(after.map((a) => a.status))).toEqual(new Set(['acknowledged']));
    const audit = (await api(s, 'GET', '/audit?action=alert.bulk')).body;
    expect(JSON.stringify(audit)).toContain(`"matched":${matching}`);
    expect(errors).toEqual([]);
  });

  it('assigns the brute-force alert to the analyst, whose bell shows it; the analyst escalates it into one timeline entry', async () => {
    const analyst = await signInBrowser(browser, s.url, ANALYST);
    await analyst.page.getByRole('button', { name: 'Inbox, nothing unread' }).waitFor(LIVE);

    const lead = await signInBrowser(browser, s.url, LEAD);
    await lead.page.goto(`${s.url}/alerts?entity=${ATTACKER}&text=${encodeURIComponent('ssh bruteforce')}`);
    await lead.page.getByTestId('matching-count').getByText('1 matching').waitFor(LIVE);
    await lead.page.getByRole('checkbox', { name: 'Select all' }).check();
    await lead.page.getByLabel('Assign selected to').selectOption(ANALYST.email);
    await lead.page.getByTestId('bulk-result').getByText(`Assigned to ${ANALYST.email}: 1 alert`).waitFor(LIVE);

    // The analyst did nothing: the bell counts the assignment.
    await analyst.page.getByRole('button', { name: 'Inbox, 1 unread' }).waitFor(LIVE);

    await analyst.page.goto(`${s.url}/alerts?assignee=me`);
    const row = analyst.page.locator(`tr[data-alert-id="${bruteForceId}"]`);
    await row.getByRole('button', { name: 'Escalate' }).click();
    const dialog = analyst.page.getByRole('dialog', { name: 'Escalate alert' });
    await dialog.getByRole('button', { name: 'Create incident and escalate' }).click();
    const open = dialog.getByRole('link', { name: 'Open the incident' });
    await open.waitFor(LIVE);
    incidentPath = (await open.getAttribute('href'))!;
    await open.click();
    await analyst.page.waitForURL(`${s.url}${incidentPath}`);
    const timeline = analyst.page.getByTestId('timeline');
    await timeline
      .getByText(/^\d+ events added from alert "\d+ ssh bruteforce attempts by 183\.62\.140\.253/)
      .waitFor(LIVE);
    await expect(timeline.locator('li').count()).resolves.toBe(1);
    await analyst.page.screenshot({ path: screenshotPath('responder-day-room.png'), fullPage: true });
    expect([...analyst.errors, ...lead.errors]).toEqual([]);
    await lead.context.close();
    await analyst.context.close();
  });

  it('the lead closes the incident with a resolution; the analyst sees it closed and the alert is resolved with it', async () => {
    const analyst = await signInBrowser(browser, s.url, ANALYST);
    await analyst.page.goto(`${s.url}${incidentPath}`);
    await analyst.page.locator('[data-live="live"]').waitFor(LIVE);

    const lead = await signInBrowser(browser, s.url, LEAD);
    await lead.page.goto(`${s.url}${incidentPath}`);
    await lead.page.getByLabel('Phase', { exact: true }).selectOption('Closed');
    const close = lead.page.getByRole('dialog', { name: 'Close incident' });
    await close.getByLabel('Resolution', { exact: true }).selectOption('truepositive');
    await close.getByLabel('Resolution summary').fill('Password spraying from 183.62.140.253; blocked at the edge.');
    await expect(close.getByLabel(/Also resolve its 1 open alert/).isChecked()).resolves.toBe(true);
    await close.getByRole('button', { name: 'Close incident' }).click();
    await lead.page.getByTestId('phase-badge').getByText('Closed').waitFor(LIVE);

    await analyst.page.getByTestId('phase-badge').getByText('Closed').waitFor(LIVE);
    await analyst.page.getByTestId('resolution').getByText('Resolution: True positive').waitFor(LIVE);
    const alert = (await api(s, 'GET', `/alerts/${bruteForceId}`)).body;
    expect(alert).toMatchObject({ status: 'closed', incidentId: incidentPath.split('/').pop() });
    expect([...analyst.errors, ...lead.errors]).toEqual([]);
  });

  it('lists the attacker in the attackers view', async () => {
    const { page, errors } = await signInBrowser(browser, s.url, LEAD);
    await page.goto(`${s.url}/attackers`);
    await page.getByRole('link', { name: ATTACKER, exact: true }).first().waitFor(LIVE);
    await page.screenshot({ path: screenshotPath('responder-day-attackers.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
