// The alert console shows a grouped alert's count and last seen in a real browser, and the count
// moves live when another crossing is absorbed (an alerts-topic change, the console refetches).
import { describe, expect, it } from 'vitest';
import { api, postEvents, sshFailureBurst } from './alerts-api.ts';
import { signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const VIEWER = { email: 'grouping-viewer@example.org', password: 'a-long-viewer-password', role: 'viewer' };

const suite = browserSuite([VIEWER]);

describe('grouped alerts in the console', () => {
  it('shows ×N and last seen on the grouped alert, and counts up live', async () => {
    const { s, browser } = suite;
    for (const minutesAgo of [12, 9, 6])
      await postEvents(s, sshFailureBurst('203.0.113.44', minutesAgo * 60_000, 'bastion-2'));
    await s.picket.alerting.engine.idle();

    const { page, errors } = await signInBrowser(browser, s.url, VIEWER, { ignoreConsole: /WebSocket connection to/ });
    await page.goto(s.url + '/alerts');
    const row = page.locator('tr[data-alert-id]', { hasText: '203.0.113.44' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.getByTestId('alert-occurrences').textContent()).toBe('×3');
    // Last seen is the newest failed login, about six minutes back.
    await expect.poll(() => row.getByTestId('alert-last-seen').textContent()).toMatch(/last seen (5|6|7) min ago/);

    await postEvents(s, sshFailureBurst('203.0.113.44', 2 * 60_000, 'bastion-2'));
    await s.picket.alerting.engine.idle();
    await expect.poll(() => row.getByTestId('alert-occurrences').textContent()).toBe('×4');
    await expect.poll(() => row.getByTestId('alert-last-seen').textContent()).toMatch(/last seen (1|2|3) min ago/);
    expect(await row.count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
