// "Who needs to act", in a real browser against a real server: the dashboard's Needs attention
// panel and the nav badges (updated live when an alert or a task is assigned), the live tail moving
// the hit count and histogram, and the explorer's CSV/NDJSON export downloads.
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api } from './alerts-api.ts';
import { screenshotPath, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';
import { ingest } from './trpc-http-client.ts';

const bob = { email: 'bob@example.org', password: 'bob-attention-password', role: 'analyst' };
const suite = browserSuite([bob]);
const LIVE = { timeout: 5000 };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function newAlert(summary: string, severity: string, at: string): Promise<string> {
  const { rows } = await suite.s.db.pool.query<{ id: string }>(
    `INSERT INTO alerts (utctimestamp, severity, summary, category) VALUES ($1, $2, $3, 'attention') RETURNING id`,
    [at, severity, summary],
  );
  return rows[0].id;
}

const badge = (page: Page, which: 'alerts' | 'tasks') =>
  page.getByRole('navigation', { name: 'Main' }).getByTestId(`nav-badge-${which}`);

describe('needs attention', () => {
  it('leads the dashboard with unowned urgent alerts by name, mine and my tasks; badges follow assignments live', async () => {
    const { s, browser } = suite;
    const ransom = await newAlert('Ransomware beacon on fs-1', 'CRITICAL', hoursAgo(3));
    await newAlert('<b>Impossible</b> travel for carol', 'HIGH', hoursAgo(1));
    await newAlert('Low noise', 'LOW', hoursAgo(5));
    const { page, errors } = await signInBrowser(browser, s.url, bob, { ignoreConsole: /WebSocket connection to/ });
    const attention = page.getByRole('region', { name: 'Needs attention' });
    const unowned = attention.getByRole('list', { name: 'Unassigned critical and high alerts' });
    await unowned.getByRole('link', { name: /Ransomware beacon on fs-1/ }).waitFor();
    // Log text is shown as text, and the LOW alert is not listed.
    await unowned.getByText('<b>Impossible</b> travel for carol').waitFor();
    await expect(unowned.getByRole('listitem').count()).resolves.toBe(2);
    await expect(attention.getByTestId('oldest-unassigned').textContent()).resolves.toBe('Oldest waiting 3 h');
    await attention.getByText('No open alerts assigned to you.').waitFor();
    await attention.getByText('No open tasks assigned to you.').waitFor();
    await expect(badge(page, 'alerts').textContent()).resolves.toContain('2');
    await expect(badge(page, 'tasks').count()).resolves.toBe(0);
    await page.evaluate(() => ((window as unknown as { mark: string }).mark = 'no reload'));

    // Someone assigns bob the ransomware alert and a task: panel, badges and bell move without a reload.
    expect((await api(s, 'POST', `/alerts/${ransom}/assign`, { assignee: bob.email, version: 1 })).status).toBe(200);
    await attention
      .getByRole('list', { name: 'My open alerts' })
      .getByRole('link', { name: /Ransomware beacon on fs-1/ })
      .waitFor(LIVE);
    await expect.poll(() => badge(page, 'alerts').textContent(), LIVE).toContain('1');
    await expect(unowned.getByRole('listitem').count()).resolves.toBe(1);
    const inc = await api(s, 'POST', '/incidents', { summary: 'File server encrypted' });
    const { rows } = await s.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [bob.email]);
    expect(
      (await api(s, 'POST', `/incidents/${inc.body.id}/tasks`, { title: 'Isolate fs-1', assigneeId: rows[0].id }))
        .status,
    ).toBe(201);
    await attention
      .getByRole('list', { name: 'My open tasks' })
      .getByRole('link', { name: /Isolate fs-1/ })
      .waitFor(LIVE);
    await expect.poll(() => badge(page, 'tasks').textContent(), LIVE).toContain('1');
    await page.getByRole('button', { name: 'Inbox, 2 unread' }).waitFor(LIVE);
    await page.screenshot({ path: screenshotPath('needs-attention.png') });
    await expect(page.evaluate(() => (window as unknown as { mark?: string }).mark)).resolves.toBe('no reload');

    // The task link lands on the task in its incident.
    await attention.getByRole('link', { name: /Isolate fs-1/ }).click();
    await page.waitForURL(new RegExp(`/incidents/${inc.body.id}\\?entry=task-`));
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});

describe('explorer live tail and export', () => {
  it('the live tail adds arrivals to the hit count and the histogram', async () => {
    const { s, browser } = suite;
    await ingest(
      s.url,
      [1, 2].map((i) => ({ category: 'xlive', hostname: 'h1', summary: `before ${i}` })),
    );
    const { page, errors } = await signInBrowser(browser, s.url, bob, { ignoreConsole: /WebSocket connection to/ });
    await page.goto(`${s.url}/events?q=category:xlive&from=now-1h&to=now`);
    await expect.poll(() => page.getByTestId('hit-count').textContent()).toMatch(/^2 events/);
    await page.locator('figure[aria-label="Events over time: 2 events"]').waitFor();
    await page.getByRole('button', { name: 'Live tail' }).click();
    await page.getByRole('status', { name: 'Live tail status' }).filter({ hasText: 'Live' }).waitFor();
    await ingest(
      s.url,
      [1, 2, 3].map((i) => ({ category: 'xlive', hostname: 'h2', summary: `live ${i}` })),
    );
    await ingest(s.url, [{ category: 'other', summary: 'not counted' }]);
    await expect.poll(() => page.getByTestId('hit-count').textContent(), LIVE).toMatch(/^5 events · 3 live/);
    await page.locator('figure[aria-label="Events over time: 5 events"]').waitFor(LIVE);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('CSV and NDJSON buttons download the results with the table columns', async () => {
    const { s, browser } = suite;
    await ingest(s.url, [
      { category: 'xexport', hostname: '=cmd|calc', summary: 'first, "quoted"' },
      { category: 'xexport', hostname: 'web2', summary: 'second' },
    ]);
    const { page, errors } = await signInBrowser(browser, s.url, bob, {
      ignoreConsole: /WebSocket connection to/,
      acceptDownloads: true,
    });
    await page.goto(`${s.url}/events?q=category:xexport&from=now-1h&to=now&cols=hostname,summary`);
    await expect.poll(() => page.getByTestId('hit-count').textContent()).toMatch(/^2 events/);
    const group = page.getByRole('group', { name: 'Export results' });
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      group.getByRole('link', { name: 'Export CSV (at most 100,000 rows)' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^picket-events-.*\.csv$/);
    const text = await fs.readFile((await csv.path())!, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('utctimestamp,hostname,summary');
    expect(lines).toHaveLength(3);
    expect(text).toContain(`,'=cmd|calc,"first, ""quoted"""`);
    const [nd] = await Promise.all([
      page.waitForEvent('download'),
      group.getByRole('link', { name: /Export NDJSON/ }).click(),
    ]);
    const events = (await fs.readFile((await nd.path())!, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.hostname).sort()).toEqual(['=cmd|calc', 'web2']);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
