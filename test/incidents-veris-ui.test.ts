// MozDef's incidents-veris page at /incidents/veris in a real browser, as a viewer: the empty state,
// counts per VERIS tag grouped by category, the date range, each count linking to the incident list
// filtered by that tag, and the link from the incident list. The REST list takes the same filter.
import { describe, expect, it } from 'vitest';
import { api, type Json } from './alerts-api.ts';
import { signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const VIEWER = { email: 'veris-viewer@example.org', password: 'a-long-viewer-password', role: 'viewer' };
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const day = (d: Date) => d.toISOString().slice(0, 10);

const suite = browserSuite([VIEWER]);

async function incident(body: Json): Promise<Json> {
  const r = await api(suite.s, 'POST', '/incidents', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe('VERIS statistics page', () => {
  it('shows the empty state, then counts per tag by category, filters by date, and links each count to the filtered incident list', async () => {
    const { s, browser } = suite;
    const { page, errors } = await signInBrowser(browser, s.url, VIEWER, { ignoreConsole: /WebSocket connection to/ });
    // Reached from the incident list.
    await page.goto(s.url + '/incidents');
    await page.getByRole('link', { name: 'VERIS statistics' }).click();
    await page.waitForURL(s.url + '/incidents/veris');
    await page.getByText('No incidents carry VERIS tags yet').waitFor();
    await expect(page.getByText('Details → VERIS tags').count()).resolves.toBe(1);

    await incident({
      summary: 'ssh brute force on bastion',
      openedAt: daysAgo(2).toISOString(),
      veris: ['action.Hacking.Brute force', 'asset.Server.Authentication', 'attribute.Confidentiality'],
    });
    await incident({
      summary: 'credential stuffing on the portal',
      openedAt: daysAgo(40).toISOString(),
      veris: ['action.Hacking.Brute force', 'actor.External'],
    });
    await incident({ summary: 'untagged incident', openedAt: daysAgo(1).toISOString() });

    // Incident changes reach the open page (incidents topic); no reload needed.
    const brute = page.locator('tr[data-veris-tag="action.Hacking.Brute force"]');
    await expect.poll(() => brute.getByRole('link').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('veris-total').textContent()).toBe('2 incidents with VERIS tags');
    // Grouped by category in VERIS's order, with readable names.
    expect(await page.locator('section h2').allTextContents()).toEqual(['Actor', 'Action', 'Asset', 'Attribute']);
    await expect(brute.textContent()).resolves.toContain('Hacking: Brute force');
    await expect(page.getByTestId('veris-actor').locator('tr[data-veris-tag]').allTextContents()).resolves.toEqual([
      expect.stringContaining('actor.External'),
    ]);
    expect(await page.locator('tr[data-veris-tag="asset.Server.Authentication"]').getByRole('link').textContent()).toBe(
      '1',
    );

    // The date range: only the incident opened 2 days ago is in the last 10 days.
    await page.getByLabel('Opened from').fill(day(daysAgo(10)));
    await expect.poll(() => brute.getByRole('link').textContent()).toBe('1');
    await expect.poll(() => page.locator('tr[data-veris-tag="actor.External"]').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('veris-total').textContent())
      .toBe('1 incident with VERIS tags opened in this range');
    // A range ending before it starts is explained, not sent.
    await page.getByLabel('Opened to (inclusive)').fill(day(daysAgo(20)));
    await page.getByRole('alert').filter({ hasText: 'must be on or before its end' }).waitFor();
    // A range with nothing in it.
    await page.getByLabel('Opened to (inclusive)').fill(day(daysAgo(5)));
    await page.getByText('No incidents opened in this date range carry VERIS tags.').waitFor();
    await page.getByRole('button', { name: 'All time' }).click();
    await expect.poll(() => brute.getByRole('link').textContent()).toBe('2');

    // A count opens the incident list filtered by its tag.
    await brute.getByRole('link').click();
    await page.waitForURL(`${s.url}/incidents?veris=${encodeURIComponent('action.Hacking.Brute force')}`);
    await page.getByTestId('veris-filter').waitFor();
    const rows = page.getByTestId('case-list').locator('tr[data-case]');
    await expect
      .poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-case')))).sort())
      .toEqual(['credential stuffing on the portal', 'ssh brute force on bastion']);
    // Clearing the filter lists every incident again.
    await page.getByRole('button', { name: 'Clear the VERIS tag filter' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(errors).toEqual([]);
  });

  it('filters the REST incident list by VERIS tag too', async () => {
    const { s } = suite;
    const r = await api(s, 'GET', `/incidents?veris=${encodeURIComponent('actor.External')}`);
    expect(r.status).toBe(200);
    expect((r.body.incidents as Json[]).map((i) => i.summary)).toEqual(['credential stuffing on the portal']);
    expect((await api(s, 'GET', `/incidents?veris=${'x'.repeat(201)}`)).status).toBe(400);
  });
});
