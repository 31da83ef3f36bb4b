// Every page of the app, with data, in the light and the dark theme, scanned by axe-core for the
// WCAG 2.0/2.1 A and AA rules: zero violations. One server, one browser, one signed-in context.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInSession, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';
import { asSession, seedA11y, type A11ySeed } from './a11y-seed.ts';

const ana = { email: 'ana@example.org', password: 'ana-a11y-password', role: 'admin' };
const bob = { email: 'bob@example.org', password: 'bob-a11y-password', role: 'analyst' };
const suite = browserSuite([ana, bob]);

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The app's pages: each path and, where the page loads rows, a selector that shows they arrived. */
function pages(seed: A11ySeed): Array<{ path: string; ready?: string }> {
  return [
    { path: '/', ready: 'text=bastion-1' },
    { path: '/alerts', ready: 'tr[data-alert-id]' },
    { path: `/events?q=${encodeURIComponent('hostname:bastion-1')}&from=now-24h&to=now`, ready: '[data-event-id]' },
    { path: '/attackers', ready: 'tr[data-attacker]' },
    { path: `/entity/ip/${seed.attackerIp}`, ready: '[data-testid="entity-count"]' },
    { path: '/watchlist', ready: 'text=198.51.100.0/24' },
    { path: '/incidents', ready: 'text=Business email compromise' },
    { path: `/incidents/${seed.incidentId}`, ready: '[data-live="live"]' },
    { path: '/incidents/veris' },
    { path: '/investigations', ready: 'text=Repeated ssh failures' },
    { path: `/investigations/${seed.investigationId}`, ready: '[data-live="live"]' },
    { path: '/rules', ready: 'table tbody tr' },
    { path: `/rules/${seed.ruleId}` },
    { path: '/rules/new' },
    { path: '/tasks', ready: 'text=Legal: breach notification assessment' },
    { path: '/inbox', ready: 'text=forwarding rule is gone' },
    { path: '/account/tokens', ready: 'text=my laptop' },
    { path: '/api-reference' },
    { path: '/admin', ready: 'text=bob@example.org' },
    { path: '/admin/tokens', ready: 'text=soar' },
    { path: '/admin/audit', ready: 'table tbody tr' },
    { path: '/admin/notifications', ready: 'text=SOC webhook' },
    { path: '/admin/plugins' },
    { path: '/admin/settings' },
    { path: '/admin/templates', ready: 'text=Case templates' },
  ];
}

/** Every page route of the app, as `/incidents/[id]`, from the page.tsx files under app/(app). */
function appRoutes(dir = path.resolve(import.meta.dirname, '../app/(app)'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return appRoutes(path.join(dir, e.name), `${prefix}/${e.name}`);
    return e.name === 'page.tsx' ? [prefix || '/'] : [];
  });
}

async function setTheme(context: BrowserContext, url: string, theme: 'light' | 'dark'): Promise<void> {
  await context.addCookies([{ name: 'picket-theme', value: theme, url }]);
}

/** Waits for the page's data and for loading states to end, then runs axe on the whole document. */
async function scan(page: Page, url: string, ready?: string): Promise<string[]> {
  await page.goto(url);
  // The dashboard shares its answer for a while, so a page loaded before the seed may show none of
  // it: reload (a few times) until the page's rows are there.
  for (let attempt = 1; ready && !(await page.locator(ready).first().isVisible()); attempt++) {
    const shown = await page
      .locator(ready)
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (shown) break;
    if (attempt === 4)
      throw new Error(
        `${url}: ${ready} never showed; the page said: ${(await page.locator('main').textContent())?.slice(0, 500)}`,
      );
    await page.reload();
  }
  return axeViolations(page);
}

/** Runs axe on the whole document as it is now, once loading states have ended. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[role=status],[aria-busy=true]')].some(
        (e) => e.getAttribute('aria-busy') === 'true' || /^(Loading|Searching)/.test(e.textContent ?? ''),
      ),
    null,
    { timeout: 30_000 },
  );
  // Evaluated through the devtools protocol, which the page's CSP does not govern (a script tag would be refused).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<AxeResults> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }))
      .violations;
  }, TAGS);
  return (violations as Result[]).flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} (${v.impact}) ${JSON.stringify(n.target)}: ${v.help}\n    ${(n.failureSummary ?? '').replaceAll('\n', '\n    ')}`,
    ),
  );
}

/**
 * Tabs through the first `stops` focus stops of the open page and lists each focused element that
 * shows no focus indicator (no outline and no box-shadow ring).
 */
async function unmarkedFocus(page: Page, stops: number): Promise<string[]> {
  const found: string[] = [];
  await page.locator('body').focus();
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const miss = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const st = getComputedStyle(el);
      const outlined =
        st.outlineStyle !== 'none' && Number.parseFloat(st.outlineWidth) > 0 && st.outlineColor !== 'rgba(0, 0, 0, 0)';
      if (outlined || st.boxShadow !== 'none') return null;
      return `<${el.tagName.toLowerCase()}> "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" class="${el.className}"`;
    });
    if (miss && !found.includes(miss)) found.push(miss);
  }
  return found;
}

describe('accessibility (axe-core, WCAG 2.1 A/AA): no violation', () => {
  const run = {} as { seed: A11ySeed; signedIn: SignedInSession; signedOut: Page };
  beforeAll(async () => {
    const { s, browser } = suite;
    run.signedIn = await signInBrowser(browser, s.url, ana, { ignoreConsole: /WebSocket connection to/ });
    const b = await signInBrowser(browser, s.url, bob, { ignoreConsole: /WebSocket connection to/ });
    run.seed = await seedA11y(s, [asSession(s, run.signedIn.context), asSession(s, b.context)]);
    await b.context.close();
    run.signedOut = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  }, 120_000);

  it('covers every page route of the app', () => {
    const scanned = pages(run.seed).map((p) => p.path.split('?')[0]!);
    const unscanned = appRoutes().filter(
      (r) => !scanned.some((p) => new RegExp(`^${r.replace(/\[[^/]+\]/g, '[^/]+')}$`).test(p)),
    );
    expect(unscanned, 'pages the scan does not visit: add them to pages()').toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`[${theme}] /login`, async () => {
      await setTheme(run.signedOut.context(), suite.s.url, theme);
      const found = await scan(run.signedOut, `${suite.s.url}/login`);
      expect(found, `${found.length} axe violations:\n${found.join('\n')}`).toEqual([]);
    });
    // The list needs the seed's ids, which exist only once beforeAll ran: one test walks them.
    it(`[${theme}] every signed-in page`, async () => {
      const { s } = suite;
      await setTheme(run.signedIn.context, s.url, theme);
      const found: string[] = [];
      for (const p of pages(run.seed))
        found.push(...(await scan(run.signedIn.page, s.url + p.path, p.ready)).map((v) => `${p.path} ${v}`));
      expect(found, `${found.length} axe violations:\n${found.join('\n')}`).toEqual([]);
      expect(run.signedIn.errors).toEqual([]);
    }, 300_000);
  }

  // Menus, the palette, dialogs and the drawer render outside the page's layout (portals): scanned open.
  it('finds no violation in the open menus, palette, dialogs and drawer, light or dark', async () => {
    const { s } = suite;
    const { page } = run.signedIn;
    const found: string[] = [];
    const check = async (what: string) => found.push(...(await axeViolations(page)).map((v) => `${what} ${v}`));
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(run.signedIn.context, s.url, theme);
      await page.goto(`${s.url}/incidents`);
      await page.getByRole('button', { name: /User menu/ }).click();
      await page.getByRole('menu').waitFor();
      await check(`[${theme}] user menu`);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /^Inbox, 1 unread/ }).click();
      await page.getByRole('menu', { name: 'Inbox' }).getByText('forwarding rule is gone').waitFor();
      await check(`[${theme}] inbox menu`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
      await check(`[${theme}] command palette`);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'New incident' }).click();
      await page.getByRole('dialog', { name: 'New incident' }).waitFor();
      await check(`[${theme}] new incident dialog`);
      await page.keyboard.press('Escape');
      await page.goto(`${s.url}/events?q=${encodeURIComponent('hostname:bastion-1')}&from=now-24h&to=now`);
      await page.locator('[data-event-id]').first().click();
      await page.getByRole('dialog', { name: 'Event details' }).waitFor();
      await check(`[${theme}] event drawer`);
    }
    expect(found, `${found.length} axe violations:\n${found.join('\n')}`).toEqual([]);
  }, 300_000);

  it('shows where keyboard focus is, on every page', async () => {
    const { s } = suite;
    const found: string[] = [];
    await run.signedOut.goto(`${s.url}/login`);
    found.push(...(await unmarkedFocus(run.signedOut, 8)).map((v) => `/login ${v}`));
    for (const p of pages(run.seed)) {
      await run.signedIn.page.goto(s.url + p.path);
      if (p.ready) await run.signedIn.page.locator(p.ready).first().waitFor();
      found.push(...(await unmarkedFocus(run.signedIn.page, 30)).map((v) => `${p.path} ${v}`));
    }
    expect(found, `focus without a visible indicator:\n${found.join('\n')}`).toEqual([]);
  }, 300_000);
});
