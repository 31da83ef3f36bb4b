import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// The room's IOC actions, MozDef dates and streamed uploads in real browsers against a real
// server: one analyst acts, a second browser sees it live. Waits are locator timeouts.

let s: TestServer;
let browser: Browser;
const ana = { email: 'ana.ioc@example.org', password: 'ana-ioc-password-1', role: 'analyst' };
const bob = { email: 'bob.ioc@example.org', password: 'bob-ioc-password-1', role: 'analyst' };
const vera = { email: 'vera.ioc@example.org', password: 'vera-ioc-password-1', role: 'viewer' };
const LIVE = { timeout: 5000 };

beforeAll(async () => {
  s = await startTestServer({}, { web: true });
  browser = await launchBrowser();
  for (const u of [ana, bob, vera]) expect((await rest('POST', '/users', u)).status).toBe(201);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function rest(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.url}/api/v1${p}`, {
    method,
    headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

function signedIn(user: { email: string; password: string }): Promise<Session> {
  return signInBrowser(browser, s.url, user, {
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ignoreConsole: /WebSocket connection to|status of 4\d\d/,
  });
}

async function openRoom(sess: Session, id: string): Promise<void> {
  await sess.page.goto(`${s.url}/incidents/${id}`);
  await sess.page.locator('[data-live="live"]').waitFor();
  await sess.page.evaluate(() => ((window as unknown as { mark: string }).mark = 'no reload'));
}
const notReloaded = (p: Page) => p.evaluate(() => (window as unknown as { mark?: string }).mark);
const tab = (p: Page, name: string) => p.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
const row = (p: Page, value: string) => p.getByTestId('indicators').locator(`tr[data-indicator="${value}"]`);

describe('the case room: IOC actions, dates, uploads', () => {
  let id = '';
  let a: Session;
  let b: Session;

  beforeAll(async () => {
    id = (
      await rest('POST', '/incidents', {
        summary: 'C2 beaconing from the build farm',
        openedAt: '2026-11-28T10:00:00Z',
      })
    ).body.id;
    a = await signedIn(ana);
    b = await signedIn(bob);
    await openRoom(a, id);
    await openRoom(b, id);
  }, 120_000);
  afterAll(async () => {
    await a?.context.close();
    await b?.context.close();
  });

  it('blocks an IP IOC for 24 h: badge for both, an action on the timeline; a private IP is refused inline', async () => {
    await tab(a.page, 'Indicators');
    await tab(b.page, 'Indicators');
    await a.page.getByLabel('Value').fill('45.33.32.156');
    await a.page.getByRole('button', { name: 'Add indicator' }).click();
    await row(b.page, '45.33.32.156').waitFor(LIVE);
    await row(a.page, '45.33.32.156').getByRole('button', { name: 'Block IP 45.33.32.156' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Block IP: 45.33.32.156' });
    await expect(dialog.getByLabel('Comment').inputValue()).resolves.toBe(
      `From incident "C2 beaconing from the build farm" (/incidents/${id})`,
    );
    await dialog.getByLabel('Duration').selectOption('1d');
    await dialog.getByRole('button', { name: 'Block 45.33.32.156' }).click();
    await dialog.waitFor({ state: 'detached' });
    for (const p of [a.page, b.page])
      await row(p, '45.33.32.156')
        .getByTestId('watch-badges')
        .getByText(/^blocked until \d{4}-\d\d-\d\d \d\d:\d\d$/)
        .waitFor(LIVE);
    expect(await notReloaded(b.page)).toBe('no reload');
    // The record says who did it.
    await tab(b.page, 'Timeline');
    const entry = b.page
      .getByTestId('timeline')
      .locator('[data-entry-kind="action"]')
      .filter({ hasText: 'Blocked 45.33.32.156 for 24 h' });
    await entry.waitFor(LIVE);
    await entry.getByText(ana.email).waitFor();
    // Also on the block list page's data.
    expect((await rest('GET', '/blockip')).body.items).toEqual([
      expect.objectContaining({ value: '45.33.32.156', duration: '1d', createdBy: `user:${ana.email}` }),
    ]);

    // A private address: the watchlist service's refusal, in the dialog, nothing recorded.
    await a.page.getByLabel('Value').fill('10.20.30.40');
    await a.page.getByRole('button', { name: 'Add indicator' }).click();
    await row(a.page, '10.20.30.40').getByRole('button', { name: 'Block IP 10.20.30.40' }).click();
    const refused = a.page.getByRole('dialog', { name: 'Block IP: 10.20.30.40' });
    await refused.getByRole('button', { name: 'Block 10.20.30.40' }).click();
    await expect(refused.getByRole('alert').textContent()).resolves.toBe(
      '10.20.30.40 is a private, loopback, link-local or reserved address and cannot be blocked',
    );
    await a.page.screenshot({ path: '/tmp/case-room-refused.png' });
    await a.page.keyboard.press('Escape');
    await refused.waitFor({ state: 'detached' });
    expect(await row(a.page, '10.20.30.40').getByTestId('watch-badges').count()).toBe(0);

    // A change made elsewhere (REST, the watchlist page) shows up live too.
    await tab(b.page, 'Indicators');
    expect(
      (await rest('POST', '/watchlist', { type: 'ip', value: '10.20.30.40', comment: 'internal host talking to C2' }))
        .status,
    ).toBe(201);
    await row(b.page, '10.20.30.40').getByTestId('watch-badges').getByText('on watchlist').waitFor(LIVE);
    await b.page.screenshot({ path: '/tmp/case-room-indicators.png' });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('edits a MozDef date in one browser and shows it in the other, with a conflict for a stale edit', async () => {
    await tab(a.page, 'Details');
    await tab(b.page, 'Details');
    await b.page.getByRole('button', { name: 'Edit Reported date' }).click();
    await a.page.getByRole('button', { name: 'Edit Reported date' }).click();
    await a.page.getByLabel('Reported (UTC)').fill('2026-11-28T09:30');
    await a.page.getByRole('button', { name: 'Save reported date' }).click();
    await a.page.getByTestId('date-reportedAt').getByText('2026-11-28 09:30 UTC').waitFor(LIVE);
    // B started from the older version: the conflict shows A's value and keeps B's draft.
    await b.page.getByLabel('Reported (UTC)').fill('2026-11-28T11:00');
    await b.page.getByRole('button', { name: 'Save reported date' }).click();
    const conflict = b.page.getByTestId('conflict');
    await conflict.waitFor(LIVE);
    await expect(conflict.getByTestId('conflict-theirs').textContent()).resolves.toBe('2026-11-28 09:30 UTC');
    await expect(conflict.getByTestId('conflict-mine').textContent()).resolves.toBe('2026-11-28 11:00 UTC');
    await conflict.getByRole('button', { name: 'Use theirs' }).click();
    await b.page.getByTestId('date-reportedAt').getByText('2026-11-28 09:30 UTC').waitFor();
    // Reported before Opened is allowed but flagged; clearing removes the warning for everyone.
    await b.page.getByTestId('date-warnings').getByText('Reported is before Opened.').waitFor(LIVE);
    await b.page.screenshot({ path: '/tmp/case-room-dates.png' });
    await a.page.getByRole('button', { name: 'Edit Reported date' }).click();
    await a.page.getByRole('button', { name: 'Clear' }).click();
    await b.page.getByTestId('date-reportedAt').getByText('—').waitFor(LIVE);
    await expect(b.page.getByTestId('date-warnings').count()).resolves.toBe(0);
    // Closed, set by hand, reaches the other browser.
    await a.page.getByRole('button', { name: 'Edit Closed date' }).click();
    await a.page.getByLabel('Closed (UTC)').fill('2026-11-29T17:45');
    await a.page.getByRole('button', { name: 'Save closed date' }).click();
    await b.page.getByTestId('date-closedAt').getByText('2026-11-29 17:45 UTC').waitFor(LIVE);
    expect((await rest('GET', `/incidents/${id}`)).body).toMatchObject({
      reportedAt: null,
      closedAt: '2026-11-29T17:45:00.000Z',
    });
    expect(await notReloaded(b.page)).toBe('no reload');
  });

  it('uploads a 3 MB file with a progress bar, and downloads it intact', async () => {
    await tab(a.page, 'Evidence');
    await tab(b.page, 'Evidence');
    const bytes = crypto.randomBytes(3 * 1024 * 1024);
    await a.page.getByRole('radio', { name: 'File' }).click();
    await a.page
      .getByLabel(/^File \(up to 25\.00 MiB\)/)
      .setInputFiles({ name: 'beacon.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: bytes });
    await a.page.getByRole('button', { name: 'Add evidence' }).click();
    const progress = a.page.getByRole('progressbar', { name: 'Upload progress' });
    await a.page
      .locator('[data-upload-status="done"]')
      .getByText(/^Uploaded beacon\.pcap — 3\.00 MiB of 3\.00 MiB \(100%\)$/)
      .waitFor(LIVE);
    await expect(progress.evaluate((el: HTMLProgressElement) => [el.value, el.max])).resolves.toEqual([
      bytes.length,
      bytes.length,
    ]);
    const item = b.page
      .getByTestId('evidence')
      .locator('[data-evidence-kind="file"]')
      .filter({ hasText: 'beacon.pcap' });
    await item.waitFor(LIVE);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    await item.getByText(sha).waitFor();
    await a.page.screenshot({ path: '/tmp/case-room-upload.png' });
    const [download] = await Promise.all([
      b.page.waitForEvent('download'),
      item.getByRole('link', { name: /^Download 3\.00 MiB/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('beacon.pcap');
    const got = await fs.readFile((await download.path())!);
    expect(crypto.createHash('sha256').update(got).digest('hex')).toBe(sha);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('offers a viewer no IOC actions and no date editing', async () => {
    const v = await signedIn(vera);
    await openRoom(v, id);
    await tab(v.page, 'Indicators');
    await row(v.page, '45.33.32.156')
      .getByTestId('watch-badges')
      .getByText(/^blocked until/)
      .waitFor();
    expect(await v.page.getByRole('button', { name: /^(Block|Add to watchlist)/ }).count()).toBe(0);
    await row(v.page, '45.33.32.156').getByRole('link', { name: 'Search events for 45.33.32.156' }).waitFor();
    await tab(v.page, 'Details');
    await v.page.getByTestId('date-closedAt').getByText('2026-11-29 17:45 UTC').waitFor();
    expect(await v.page.getByRole('button', { name: /^Edit .* date$/ }).count()).toBe(0);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });
});
