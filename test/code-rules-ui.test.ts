// Code rules in the rules UI: listed with the others, shown read-only (module name and source as
// text, no save), enabled/disabled from the editor, and back-tested from the test panel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, createRule, isoAgo, postEvents } from './alerts-api.ts';
import { signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../rules-examples/impossible-travel.ts');
const ADMIN = { email: 'code-admin@example.org', password: 'a-long-admin-password' };
const suite = browserSuite(
  [{ ...ADMIN, role: 'admin' }],
  {},
  { dir: { env: 'PICKET_CODE_RULES_DIR', files: { 'impossible-travel.ts': readFileSync(EXAMPLE, 'utf8') } } },
);

describe('code rules in the rules UI', () => {
  it('lists a code rule, shows it read-only with its source, toggles it and tests it', async () => {
    const { s } = suite;
    const rule = await createRule(s, { type: 'code', module: 'impossible-travel.ts' });
    const geo = (lat: number, lon: number, country: string) => ({
      latitude: lat,
      longitude: lon,
      country_code: country,
    });
    await postEvents(s, [
      {
        category: 'authentication',
        utctimestamp: isoAgo(40 * 60_000),
        details: { username: 'eve', success: true, sourceipgeolocation: geo(48.85, 2.35, 'FR') },
      },
      {
        category: 'authentication',
        utctimestamp: isoAgo(10 * 60_000),
        details: { username: 'eve', success: true, sourceipgeolocation: geo(-33.87, 151.21, 'AU') },
      },
    ]);

    const { page, errors } = await signInBrowser(suite.browser, s.url, ADMIN);

    await page.goto(s.url + '/rules');
    const row = page.getByRole('row').filter({ hasText: 'Impossible travel' });
    await row.getByText('code', { exact: true }).waitFor();
    await row.getByRole('link', { name: 'Impossible travel' }).click();
    await page.waitForURL(`${s.url}/rules/${rule.id as string}`);

    await page.getByRole('heading', { name: /Code rule/ }).waitFor();
    const source = page.getByLabel('Module source');
    await expect(source.textContent()).resolves.toContain('defineCodeRule({');
    await expect(page.getByRole('button', { name: /Save/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('tab', { name: 'Form' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Last 1 h' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByTestId('test-result').waitFor();
    await expect(page.getByTestId('would-alert-count').textContent()).resolves.toBe('1');
    await page
      .getByTestId('would-be-alert')
      .getByText(/eve: impossible travel FR → AU/)
      .waitFor();

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await api(s, 'GET', `/rules/${rule.id as string}`)).body.enabled).toBe(false);
    expect(errors).toEqual([]);
  });
});
