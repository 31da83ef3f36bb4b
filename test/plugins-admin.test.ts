// Admin enrichment plugins and drop filters end to end: a real plugins directory (the shipped
// example, a throwing plugin, a broken file), events through ingest, Admin → Plugins in Chromium
// (counts, last error, load error, Reload after an edit), /plugins, and a drop filter added in the
// UI that keeps matching events out of the store. Every change is in the audit log.
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, postEvents, uniqueCategory, type Json } from './alerts-api.ts';
import { signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../plugins-examples/tag-service-accounts.ts');
const ADMIN = { email: 'plugins-admin@example.org', password: 'a-long-admin-password' };
const THROWER = `import { definePlugin } from 'picket/plugin';
export default definePlugin({ name: 'flaky', priority: 60, registration: ['flaky'], onEvent(e) { if (e.details.flaky === 'boom') throw new Error('flaky broke on ' + e.summary); return e; } });
`;
const suite = browserSuite(
  [{ ...ADMIN, role: 'admin' }],
  {},
  {
    dir: {
      env: 'PICKET_PLUGINS_DIR',
      files: {
        'tag-service-accounts.ts': readFileSync(EXAMPLE, 'utf8'),
        'flaky.ts': THROWER,
        'broken.ts': 'export default definePlugin({ name: ',
      },
    },
  },
);

async function search(q: string): Promise<Json[]> {
  const r = await api(
    suite.s,
    'GET',
    `/events?q=${encodeURIComponent(q)}&from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.events as Json[];
}

const signIn = () => signInBrowser(suite.browser, suite.s.url, ADMIN, { viewport: { width: 1280, height: 900 } });
const auditOf = async (action: string) => (await api(suite.s, 'GET', `/audit?action=${action}`)).body.entries as Json[];

describe('admin plugins', () => {
  it('run on ingest: the example tags, a throwing plugin rejects nothing, a broken file does not stop the others', async () => {
    const category = uniqueCategory('plugins');
    await postEvents(suite.s, [
      { category, summary: 'svc login', details: { username: 'svc-backup' } },
      { category, summary: 'human login', details: { username: 'alice' } },
      // The username comes from the sshd built-in (priority 15), which runs before the example (50).
      { category, program: 'sshd', summary: 'Accepted publickey for svc-deploy from 198.51.100.7 port 22 ssh2' },
      { category, summary: 'e-boom', details: { flaky: 'boom' } },
      { category, summary: 'e-fine', details: { flaky: 'fine' } },
    ]);
    const events = await search(`category:${category}`);
    expect(events).toHaveLength(5);
    const by = (summary: string) => events.find((e) => e.summary === summary)!;
    expect(by('svc login').tags).toEqual(['service-account']);
    expect(by('human login').tags).toEqual([]);
    expect(by('Accepted publickey for svc-deploy from 198.51.100.7 port 22 ssh2')).toMatchObject({
      tags: ['service-account'],
      details: { username: 'svc-deploy' },
    });
    expect(by('e-boom').details).toMatchObject({ flaky: 'boom' });

    const plugins = await fetch(`${suite.s.url}/plugins`, {
      headers: { Authorization: `Bearer ${suite.s.adminToken}` },
    }).then((r) => r.json() as Promise<Json[]>);
    expect(plugins.find((p) => p.name === 'tag-service-accounts')).toEqual({
      file: 'tag-service-accounts.ts',
      name: 'tag-service-accounts',
      description: 'tags events whose details.username is a service account',
      registration: ['*'],
      priority: 50,
    });
    expect(plugins.map((p) => p.name)).not.toContain('broken');
  });

  it('Admin → Plugins shows counts, the last error and the broken file; Reload picks up an edit and is audited', async () => {
    const { page, errors } = await signIn();
    await page.goto(suite.s.url + '/admin/plugins');
    await page.getByRole('heading', { name: 'Enrichment plugins' }).waitFor();
    const here = page.getByTestId('plugin-process').first();
    await here.getByTestId('plugin-sshd').waitFor();
    await expect(here.getByTestId('plugin-flaky').getByTestId('plugin-errors').textContent()).resolves.toBe('1');
    await expect(here.getByTestId('plugin-flaky').getByTestId('plugin-last-error').textContent()).resolves.toBe(
      'flaky broke on e-boom',
    );
    await here
      .getByRole('alert')
      .filter({ hasText: 'broken.ts' })
      .getByText(/does not compile/)
      .waitFor();
    // Built-ins first by priority; the admin plugins where their priority puts them.
    const names = await here.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(names.indexOf('plugin-tag-service-accounts')).toBeGreaterThan(names.indexOf('plugin-watchlist-tags'));
    expect(names.indexOf('plugin-tag-service-accounts')).toBeLessThan(names.indexOf('plugin-flaky'));

    // Fix the broken file, change the example's priority, and reload from the page.
    await fs.writeFile(
      path.join(suite.dir, 'broken.ts'),
      `import { definePlugin } from 'picket/plugin';\nexport default definePlugin({ name: 'fixed-now', registration: ['fixed'], onEvent: (e) => e });\n`,
    );
    await fs.writeFile(
      path.join(suite.dir, 'tag-service-accounts.ts'),
      (await fs.readFile(EXAMPLE, 'utf8')).replace('priority: 50', 'priority: 0'),
    );
    await page.getByRole('button', { name: 'Reload plugins' }).click();
    await here.getByTestId('plugin-fixed-now').waitFor();
    await expect(here.getByRole('alert').filter({ hasText: 'broken.ts' }).count()).resolves.toBe(0);
    const after = await here.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(after[0]).toBe('plugin-tag-service-accounts');
    const [entry] = await auditOf('plugins.reload');
    expect(entry).toMatchObject({ actor: `user:${ADMIN.email}`, targetType: 'plugins', diff: { failed: [] } });
    expect((entry.diff as { loaded: string[] }).loaded).toContain('fixed-now (broken.ts)');
    expect(errors).toEqual([]);
  });

  it('a drop filter added in the UI keeps matching events out of the store, and is audited', async () => {
    const { page } = await signIn();
    await page.goto(suite.s.url + '/admin/plugins');
    // MozDef's one hard-coded case ships as an editable filter.
    await page.getByTestId('drop-filter').filter({ hasText: 'ELB-HealthChecker/1.0' }).waitFor();
    await page.getByRole('button', { name: 'Add drop filter' }).click();
    const form = page.getByRole('form', { name: 'Drop filter' });
    await form.getByLabel('Name').fill('noisy probe');
    await form.getByLabel('Query').fill('details.noise:"yes please"');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('drop-filter').filter({ hasText: 'noisy probe' }).waitFor();

    const category = uniqueCategory('dropped');
    await postEvents(suite.s, [
      { category, summary: 'dropped', details: { noise: 'yes please' } },
      { category, summary: 'kept', details: { noise: 'no' } },
      { category, summary: 'health', details: { http_user_agent: 'ELB-HealthChecker/1.0' } },
    ]);
    expect((await search(`category:${category}`)).map((e) => e.summary)).toEqual(['kept']);
    const [created] = await auditOf('dropFilter.create');
    expect(created).toMatchObject({
      actor: `user:${ADMIN.email}`,
      diff: { name: 'noisy probe', query: 'details.noise:"yes please"', enabled: true },
    });

    // A bad query is refused with the reason, and nothing is saved.
    await page.getByRole('button', { name: 'Add drop filter' }).click();
    await form.getByLabel('Name').fill('bad');
    await form.getByLabel('Query').fill('details.x:(');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByText(/query:/).waitFor();
    expect((await suite.s.picket.plugins.dropFilters.list()).map((f) => f.name).sort()).toEqual([
      'AWS ELB health checks (MozDef dropMessage)',
      'noisy probe',
    ]);
  });
});
