import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

// Debian's chromium: nothing is downloaded; the flags keep it off this closed network.
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Where a test saves a picture of a screen. Into docs/screenshots only for `npm run screenshots`
 * (which sets PICKET_DOCS_SCREENSHOTS=1), so `npm test` leaves the working tree clean.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.PICKET_DOCS_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../docs/screenshots') : path.join(os.tmpdir(), 'picket-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
