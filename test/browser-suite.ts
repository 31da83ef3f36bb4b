// The set-up most browser suites share: a real server with the web UI, Chromium, and the users the
// suite signs in as (created over REST), started once per file and stopped after it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { api } from './alerts-api.ts';
import { launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

export interface BrowserSuite {
  s: TestServer;
  browser: Browser;
  /** The first admin Picket created at start (its password from the data dir). */
  admin: { email: string; password: string };
  /** The directory of `opts.dir`, when given. */
  dir: string;
}

export interface SuiteDir {
  /** The variable the server reads the directory from (e.g. PICKET_PLUGINS_DIR). */
  env: string;
  /** File name → content, written before the server starts. */
  files: Record<string, string>;
}

/**
 * Registers beforeAll/afterAll for the file; the returned object is filled once beforeAll ran.
 * `opts.dir`: a temporary directory of files (plugins, code rules) the server is pointed at.
 */
export function browserSuite(
  users: ReadonlyArray<{ email: string; password: string; role: string }>,
  env: Record<string, string> = {},
  opts: { dir?: SuiteDir } = {},
): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    const serverEnv = { ...env };
    if (opts.dir) {
      suite.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-suite-'));
      for (const [name, content] of Object.entries(opts.dir.files))
        await fs.writeFile(path.join(suite.dir, name), content);
      serverEnv[opts.dir.env] = suite.dir;
    }
    suite.s = await startTestServer(serverEnv, { web: true });
    // Written only when Picket generated the password (none given in the environment).
    const written = await fs.readFile(path.join(suite.s.dataDir, 'admin-password'), 'utf8').catch(() => undefined);
    const [email, password] = written
      ? written.trim().split('\n')
      : [serverEnv.PICKET_ADMIN_EMAIL ?? 'admin@localhost', serverEnv.PICKET_ADMIN_PASSWORD ?? ''];
    suite.admin = { email, password };
    suite.browser = await launchBrowser();
    for (const u of users) expect((await api(suite.s, 'POST', '/users', u)).status).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.s?.stop();
    if (suite.dir) await fs.rm(suite.dir, { recursive: true, force: true });
  });
  return suite;
}
