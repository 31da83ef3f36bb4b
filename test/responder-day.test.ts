// The responder's day, in two real browsers on a replay of four hours of sshd: the lead and the
// analyst pivot from an alert to the attacker's entity page, triage the alerts, escalate, work and
// close the incident, and find the alerts resolved with it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, until, type Json } from './alerts-api.ts';
import { launchBrowser, screenshotPath, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { replaySshdLog, sshdLogLines } from './sshd-replay.ts';

const ATTACKER = '183.62.140.253';
const LEAD = { email: 'lead@example.org', password: 'a-long-lead-password' };
const ANALYST = { email: 'analyst@example.org', password: 'a-long-analyst-password' };

let s: TestServer;
let browser: Browser;

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
    expect(rows.filter((a) => String(a.summary).includes('ssh bruteforce'))).toHaveLength(1);

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
});
