import { beforeAll, describe, expect, it } from 'vitest';
import { api as rest, postEvents, sshFailureBurst } from './alerts-api.ts';
import { screenshotPath, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

// The responder's pivot in a real browser: an alert's evidence → the IP's entity page → Block,
// and Ctrl K finding the same IP by prefix. Log values are hostile text throughout.

const IP = '81.2.69.142';
const HOSTILE_USER = '<img src=x onerror="window.__pwned=1"> 100%25 /x';

const suite = browserSuite([]);
beforeAll(async () => {
  await postEvents(suite.s, [
    ...sshFailureBurst(IP, 10 * 60_000, 'bastion-1'),
    {
      category: 'authentication',
      hostname: 'web-1',
      summary: 'odd login',
      details: { sourceipaddress: IP, username: HOSTILE_USER },
    },
  ]);
  await suite.s.picket.alerting.engine.idle();
});

describe('entity pages in the browser', () => {
  it('pivots from an alert to the IP page, blocks it, and finds it again with Ctrl K', async () => {
    const { page, errors, dialogs } = await signInBrowser(suite.browser, suite.s.url, suite.admin);
    await page.goto(suite.s.url + '/alerts');
    const row = page.locator('tr[data-alert-id]', { hasText: IP }).first();
    await row.waitFor();
    await row.getByRole('button', { name: 'Show events' }).click();
    const events = page.getByTestId('alert-events');
    await events.getByRole('link', { name: IP, exact: true }).first().click();
    await page.waitForURL(`${suite.s.url}/entity/ip/${IP}`);

    await expect(page.getByTestId('entity-value').textContent()).resolves.toBe(IP);
    await page.getByTestId('entity-count').waitFor();
    await expect(page.getByTestId('entity-count').textContent()).resolves.toBe('11');
    await expect(page.getByTestId('entity-geo').textContent()).resolves.toMatch(/United Kingdom/);
    await expect(page.getByTestId('entity-query').textContent()).resolves.toContain(`details.sourceipaddress:"${IP}"`);
    await page
      .getByRole('region', { name: 'Alerts' })
      .getByText(/ssh bruteforce/i)
      .first()
      .waitFor();
    // Related users, the hostile one as inert text with its name encoded into the link.
    const hostile = page
      .getByRole('region', { name: 'Related' })
      .getByRole('link', { name: HOSTILE_USER, exact: true });
    await expect(hostile.getAttribute('href')).resolves.toBe(`/entity/user/${encodeURIComponent(HOSTILE_USER)}`);
    await expect(page.locator('img').count()).resolves.toBe(0);
    const explorer = page.getByRole('link', { name: 'Open in explorer' });
    expect(new URL(suite.s.url + (await explorer.getAttribute('href'))!).searchParams.get('q')).toContain(
      `details.destinationipaddress:"${IP}"`,
    );
    await page.screenshot({ path: screenshotPath('entity-page.png'), fullPage: true });

    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page
      .getByTestId('entity-watch-status')
      .getByText(/^Blocked/)
      .waitFor();
    const blocked = await rest(suite.s, 'GET', '/blockip');
    expect(JSON.stringify(blocked.body)).toContain(IP);
    const audit = await rest(suite.s, 'GET', '/audit?limit=50');
    expect(JSON.stringify(audit.body)).toContain('blockip.create');
    await page.getByRole('button', { name: 'Unblock' }).click();
    await page.getByTestId('entity-watch-status').getByText('Not blocked or watched').waitFor();

    // The hostile user's page: the value is text, the count is the one event.
    await hostile.click();
    // A client-side navigation: the IP's page stays until the user's has loaded.
    await page.waitForURL(/\/entity\/user\//);
    await expect.poll(() => page.getByTestId('entity-value').textContent(), { timeout: 15_000 }).toBe(HOSTILE_USER);
    await page.getByTestId('entity-count').waitFor();
    await expect(page.getByTestId('entity-count').textContent()).resolves.toBe('1');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Ctrl K, a prefix, Enter: the IP's page.
    await page.goto(suite.s.url + '/');
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder(/find an IP/).fill('81.2.69');
    const option = page.getByRole('option', { name: new RegExp(IP.replaceAll('.', '\\.')) });
    await option.waitFor();
    await option.click();
    await page.waitForURL(`${suite.s.url}/entity/ip/${IP}`);

    // Attackers view: the IP ranks with its alert and failed logins; Open case makes an investigation naming it.
    await page.goto(suite.s.url + '/attackers');
    const attacker = page.locator(`tr[data-attacker="${IP}"]`);
    await attacker.waitFor();
    await expect(attacker.textContent()).resolves.toMatch(/United Kingdom/);
    await page.screenshot({ path: screenshotPath('attackers.png'), fullPage: true });
    await attacker.getByRole('button', { name: 'Open case' }).click();
    await page.waitForURL(/\/investigations\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').at(-1)!;
    const c = await rest(suite.s, 'GET', `/investigations/${caseId}`);
    expect(JSON.stringify(c.body)).toContain(IP);

    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });
});
