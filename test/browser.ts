import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

// Debian's chromium: nothing is downloaded; the flags keep it off this closed network.
export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    // Said once per browser suite, instead of playwright's long "executable doesn't exist" trace.
    return Promise.reject(
      new Error(
        `The browser tests drive Debian's Chromium at ${CHROMIUM}, which is not installed. Install it with: sudo apt-get install -y chromium`,
      ),
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Where a test saves a picture of a screen. Into docs/screenshots only for `npm run screenshots`
 * (which sets PICKET_DOCS_SCREENSHOTS=1), so `npm test` leaves the working tree clean.
 */
export function screenshotPath(name: string): string {
  const dir =
    process.env.PICKET_DOCS_SCREENSHOTS === '1'
      ? path.resolve(import.meta.dirname, '../docs/screenshots')
      : path.join(os.tmpdir(), 'picket-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export interface SignedInSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, and console errors not matched by `ignoreConsole`. */
  errors: string[];
  /** Browser dialogs (alert/confirm), dismissed; a page that shows one is usually a bug. */
  dialogs: string[];
}

/** A fresh browser context signed in through /login, landing on the dashboard. */
export async function signInBrowser(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
  opts: { viewport?: { width: number; height: number }; ignoreConsole?: RegExp; acceptDownloads?: boolean } = {},
): Promise<SignedInSession> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: opts.acceptDownloads,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (opts.ignoreConsole) {
    const ignore = opts.ignoreConsole;
    page.on(
      'console',
      (m) => m.type() === 'error' && !ignore.test(m.text()) && errors.push(`${m.text()} ${m.location().url}`),
    );
  }
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(baseUrl + '/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(baseUrl + '/');
  return { context, page, errors, dialogs };
}

/**
 * The REST calls (/api/v1) a page makes while it shows an admin screen, as "METHOD /path?query".
 * The UI reads and writes through tRPC; REST is for scripts and file transfer, so anything listed
 * here should be a download.
 */
export function recordAdminRestCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/v1')) return;
    let from = '';
    try {
      from = new URL(r.frame().url()).pathname;
    } catch {
      // A request without a frame (e.g. a service worker's) is not the admin screen's.
    }
    if (from.startsWith('/admin')) calls.push(`${r.method()} ${url.pathname}${url.search}`);
  });
  return calls;
}
