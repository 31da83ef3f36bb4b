// GET /api/v1/openapi.json on a real server (no auth, the same document the route tables build),
// the error shape REST and tRPC share for one domain error, and the reference page in Chromium
// under the app's CSP, reached from the nav.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotPath, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const suite = browserSuite([]);

describe('the API reference', () => {
  it('serves the OpenAPI document without authentication', async () => {
    const r = await fetch(`${suite.s.url}/api/v1/openapi.json`);
    expect(r.status).toBe(200);
    const doc = await r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/events'].get['x-permission']).toBe('events:read');
    expect(doc.paths['/blockip'].post).toBeDefined();
    expect(doc.paths['/_bulk'].post).toBeDefined();
    expect(doc.components.schemas.ErrorCode.enum).toContain('version_conflict');
  });

  it('documents only what this server answers: every operation is routed (401 without a token, never 404/405)', async () => {
    const doc = await (await fetch(`${suite.s.url}/api/v1/openapi.json`)).json();
    const concrete = (p: string) =>
      p.replace(/\{[a-zA-Z]+\}/g, (m) => (m === '{application}' ? 'app' : '00000000-0000-7000-8000-000000000000'));
    let checked = 0;
    for (const [p, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown[]; tags: string[] }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        // Ingest from loopback is trusted (PICKET_INGEST_TRUSTED_CIDRS): an empty body is a 400 there.
        const res = await fetch(`${suite.s.url}${concrete(p)}`, {
          method: method.toUpperCase(),
          body: method === 'get' ? undefined : '',
        });
        const open = Array.isArray(op.security) && op.security.length === 0;
        if (open) expect(res.status, `${method} ${p}`).toBe(200);
        else if (op.tags[0] === 'ingest') expect([404, 405], `${method} ${p}`).not.toContain(res.status);
        else expect(res.status, `${method} ${p}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('renders it as a page linked from the nav, with no script or CSP error', async () => {
    const [email, password] = (await fs.readFile(path.join(suite.s.dataDir, 'admin-password'), 'utf8'))
      .trim()
      .split('\n');
    const { context, page, errors } = await signInBrowser(
      suite.browser,
      suite.s.url,
      { email, password },
      { ignoreConsole: /status of 401/ },
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL(`${suite.s.url}/api-reference`);
    await expect.poll(() => page.getByRole('heading', { name: 'API reference' }).count()).toBe(1);
    await expect.poll(() => page.getByText('/api/v1/incidents/{id}', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByLabel('Filter operations').fill('users:admin');
    await expect.poll(() => page.getByText('/api/v1/users', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('/api/v1/events', { exact: true }).count()).toBe(0);
    await page.getByText('/api/v1/users', { exact: true }).first().click();
    await expect.poll(() => page.getByText('request body (application/json)').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('cell', { name: 'version_conflict', exact: true }).count()).toBe(1);
    // A route with a declared answer shows its response schema.
    await page.getByLabel('Filter operations').fill('/api/v1/events/histogram');
    await page.getByText('/api/v1/events/histogram', { exact: true }).first().click();
    await expect.poll(() => page.getByText('response 2XX (application/json)').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('api-reference.png'), fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('one error shape on both APIs', () => {
  it('a stale watchlist delete is version_conflict with details.current on REST, and the same code on tRPC', async () => {
    const auth = { Authorization: `Bearer ${suite.s.adminToken}`, 'Content-Type': 'application/json' };
    const created = await (
      await fetch(`${suite.s.url}/api/v1/watchlist`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'domain', value: 'shape-check.example.com', comment: 'x' }),
      })
    ).json();
    const stale = await fetch(`${suite.s.url}/api/v1/watchlist/${created.id}?version=${created.version + 5}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error).toMatchObject({ code: 'version_conflict', details: { current: { id: created.id } } });
    // Documented since the first release: the record also at the top level.
    expect(body.current.id).toBe(created.id);

    const t = await fetch(`${suite.s.url}/api/trpc/watchlist.remove`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id: created.id, version: created.version + 5 }),
    });
    expect(t.status).toBe(409);
    const tb = await t.json();
    expect(tb.error.data).toMatchObject({ code: 'CONFLICT', appCode: 'version_conflict', current: { id: created.id } });
    expect(tb.error.message).toBe(body.error.message);
  });
});
