import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let browser: Browser;

// The same process serves Next pages next to the ingest/REST fast paths (builds the app if needed).
beforeAll(async () => {
  s = await startTestServer({}, { web: true });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('web app served by the custom server', () => {
  it('renders the home page in a real browser with no console errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const res = await page.goto(s.url + '/');
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toContain('Picket');
    await expect(page.getByRole('link', { name: '/api/health' }).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    // API routes still answer JSON next to the pages.
    const api = await page.request.get(s.url + '/api/v1/events');
    expect(api.status()).toBe(401);
    expect((await api.json()).error.code).toBe('unauthorized');
  });
});
