// The set-up most browser suites share: a real server with the web UI, Chromium, and the users the
// suite signs in as (created over REST), started once per file and stopped after it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { api } from './alerts-api.ts';
import { launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

export interface BrowserSuite {
  s: TestServer;
  browser: Browser;
}

/** Registers beforeAll/afterAll for the file; the returned object is filled once beforeAll ran. */
export function browserSuite(users: ReadonlyArray<{ email: string; password: string; role: string }>, env: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.s = await startTestServer(env, { web: true });
    suite.browser = await launchBrowser();
    for (const u of users) expect((await api(suite.s, 'POST', '/users', u)).status).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.s?.stop();
  });
  return suite;
}
