// The responder's day in a real browser: an alert raised by a real rule is escalated from the
// console, the room shows ONE timeline entry for its events with the responder's own note on top,
// an IP is taken from the evidence in one click, closing asks for a resolution (warning about the
// open task) and resolves the alert, and the console row links to the incident.
import { describe, expect, it } from 'vitest';
import { api, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const ANA = { email: 'ana.day@example.org', password: 'ana-day-password-1', role: 'analyst' };
const suite = browserSuite([ANA]);
const LIVE = { timeout: 10_000 };

describe('alert → incident → closed', () => {
  it('escalates from the console into one timeline entry, and closing with a resolution resolves the alert', async () => {
    const { s, browser } = suite;
    const cat = uniqueCategory('day');
    await createRule(s, {
      name: 'day brute force',
      type: 'threshold',
      groupBy: ['details.user'],
      threshold: 10,
      window: '5m',
      severity: 'WARNING',
      category: 'test',
      tags: ['t'],
      summary: '{count} failures for {details.user}',
      query: `category:${cat}`,
    });
    await postEvents(
      s,
      Array.from({ length: 10 }, (_, i) => ({
        category: cat,
        hostname: 'vpn-1.example.com',
        summary: `login failed ${i}`,
        details: { user: 'carol', sourceipaddress: '45.33.32.90' },
      })),
    );
    const alert = await until(
      async () =>
        ((await api(s, 'GET', `/alerts?q=${encodeURIComponent('details.groupKey:carol')}`)).body.alerts as Json[])[0],
      'the alert',
    );

    const { page, errors } = await signInBrowser(browser, s.url, ANA, {
      viewport: { width: 1280, height: 900 },
      ignoreConsole: /WebSocket connection to|status of 4\d\d/,
    });
    await page.goto(`${s.url}/alerts`);
    const row = page.locator(`tr[data-alert-id="${alert.id}"]`);
    await row.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate alert' });
    await dialog.getByRole('button', { name: 'Create incident and escalate' }).click();
    await dialog.getByText('with 10 events as evidence').waitFor(LIVE);
    const openLink = dialog.getByRole('link', { name: 'Open the incident' });
    const incidentId = (await openLink.getAttribute('href'))!.split('/').pop()!;
    await openLink.click();
    await page.locator('[data-live="live"]').waitFor(LIVE);

    // ONE entry for the ten events; the responder's note lands on top (newest first).
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('10 events added from alert "10 failures for carol"').waitFor(LIVE);
    await expect(timeline.locator('li').count()).resolves.toBe(1);
    await page.getByLabel('New timeline entry').fill('Carol confirms she did not log in');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await timeline.locator('li').first().getByText('Carol confirms she did not log in').waitFor(LIVE);

    // The IP comes from the evidence in one click.
    await page.getByRole('tab', { name: /^Indicators/ }).click();
    await page.getByRole('button', { name: 'Add IP 45.33.32.90 as an indicator' }).click();
    await page.getByTestId('indicators').locator('tr[data-indicator="45.33.32.90"]').waitFor(LIVE);

    // Closing: the open task is named, a resolution and summary are required, the alert is resolved.
    expect((await api(s, 'POST', `/incidents/${incidentId}/tasks`, { title: 'Reset carol password' })).status).toBe(
      201,
    );
    await page
      .getByRole('tab', { name: /^Tasks/ })
      .getByText('1')
      .waitFor(LIVE);
    await page.getByLabel('Phase', { exact: true }).selectOption('Closed');
    const close = page.getByRole('dialog', { name: 'Close incident' });
    await close.getByTestId('close-warnings').getByText('1 unfinished task (Reset carol password)').waitFor();
    await expect(close.getByRole('button', { name: 'Close incident' }).isDisabled()).resolves.toBe(true);
    await close.getByLabel('Resolution', { exact: true }).selectOption('truepositive');
    await close.getByLabel('Resolution summary').fill('Password sprayed; account locked and reset.');
    await expect(close.getByLabel(/Also resolve its 1 open alert/).isChecked()).resolves.toBe(true);
    await close.getByRole('button', { name: 'Close incident' }).click();
    await page.getByTestId('phase-badge').getByText('Closed').waitFor(LIVE);
    await page.getByTestId('resolution').getByText('Resolution: True positive').waitFor();
    expect((await api(s, 'GET', `/alerts/${alert.id}`)).body).toMatchObject({ status: 'closed', incidentId });

    // The console row links to its incident.
    await page.goto(`${s.url}/alerts?status=any`);
    const link = page.getByRole('link', { name: `Open the incident of ${alert.summary}` });
    await expect(link.getAttribute('href')).resolves.toBe(`/incidents/${incidentId}`);
    expect(errors).toEqual([]);
  });
});
