// The alert console shows a grouped alert's count and last seen in a real browser, and the count
// moves live when another crossing is absorbed (an alerts-topic change, the console refetches).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, isoAgo, postEvents, type Json } from './alerts-api.ts';
import { launchBrowser, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let browser: Browser;
const VIEWER = { email: 'grouping-viewer@example.org', password: 'a-long-viewer-password', role: 'viewer' };

beforeAll(async () => {
  s = await startTestServer({}, { web: true });
  browser = await launchBrowser();
  expect((await api(s, 'POST', '/users', VIEWER)).status).toBe(201);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** Ten failed sshd logins from `ip`, one a second, starting `agoMs` back: one crossing of the shipped rule. */
function burst(ip: string, agoMs: number): Json[] {
  return Array.from({ length: 10 }, (_, i) => ({
    utctimestamp: isoAgo(agoMs - i * 1000),
    summary: `Failed password for root from ${ip} port ${50000 + i} ssh2`,
    hostname: 'bastion-2',
    processname: 'sshd',
  }));
}

describe('grouped alerts in the console', () => {
  it('shows ×N and last seen on the grouped alert, and counts up live', async () => {
    for (const minutesAgo of [12, 9, 6]) await postEvents(s, burst('203.0.113.44', minutesAgo * 60_000));
    await s.picket.alerting.engine.idle();

    const { page, errors } = await signInBrowser(browser, s.url, VIEWER, { ignoreConsole: /WebSocket connection to/ });
    await page.goto(s.url + '/alerts');
    const row = page.locator('tr[data-alert-id]', { hasText: '203.0.113.44' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.getByTestId('alert-occurrences').textContent()).toBe('×3');
    // Last seen is the newest failed login, about six minutes back.
    await expect.poll(() => row.getByTestId('alert-last-seen').textContent()).toMatch(/last seen (5|6|7) min ago/);

    await postEvents(s, burst('203.0.113.44', 2 * 60_000));
    await s.picket.alerting.engine.idle();
    await expect.poll(() => row.getByTestId('alert-occurrences').textContent()).toBe('×4');
    await expect.poll(() => row.getByTestId('alert-last-seen').textContent()).toMatch(/last seen (1|2|3) min ago/);
    expect(await row.count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
