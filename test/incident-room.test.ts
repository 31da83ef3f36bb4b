import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, signInBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// The live incident room in a real browser against a real server: two responders on one incident,
// a viewer, REST automation, and hostile stored text. Waits are locator timeouts; nothing is timed.

let s: TestServer;
let browser: Browser;
const ana = { email: 'ana@example.org', password: 'ana-incident-password', role: 'analyst' };
const bob = { email: 'bob@example.org', password: 'bob-incident-password', role: 'analyst' };
const vera = { email: 'vera@example.org', password: 'vera-incident-password', role: 'viewer' };
const LIVE = { timeout: 5000 };

beforeAll(async () => {
  s = await startTestServer({}, { web: true });
  browser = await launchBrowser();
  for (const u of [ana, bob, vera]) {
    const res = await rest('POST', '/users', u);
    expect(res.status).toBe(201);
  }
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

/** REST as a signed-in browser session (its cookie, same origin), for attributed seed data. */
function asSession(sess: Session) {
  return async (method: string, p: string, body?: unknown) => {
    const res = await sess.context.request.fetch(`${s.url}/api/v1${p}`, {
      method,
      headers: { Origin: s.url, 'Content-Type': 'application/json' },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status(), body: await res.json().catch(() => null) };
  };
}
function asToken(token: string) {
  return async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${s.url}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
}

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  dialogs: string[];
}

/** A signed-in 1280x800 page that records script errors and any dialog (an XSS would open one). */
function signedIn(user: { email: string; password: string }): Promise<Session> {
  return signInBrowser(browser, s.url, user, { ignoreConsole: /WebSocket connection to|status of 403/ });
}

/** Opens a room and marks the window: the mark surviving proves later changes came without a reload. */
async function openRoom(sess: Session, id: string): Promise<void> {
  await sess.page.goto(`${s.url}/incidents/${id}`);
  await sess.page.locator('[data-live="live"]').waitFor();
  await sess.page.evaluate(() => ((window as unknown as { mark: string }).mark = 'no reload'));
}
const notReloaded = (p: Page) => p.evaluate(() => (window as unknown as { mark?: string }).mark);
const tab = (p: Page, name: string) => p.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
const timeline = (p: Page) => p.getByTestId('timeline');

describe('the incident room', () => {
  let incidentId = '';

  it('lets two responders work one incident live, without losing either one’s text', async () => {
    const a = await signedIn(ana);
    const b = await signedIn(bob);

    // A opens a new incident from the list; it lands in the room.
    await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await a.page.getByRole('button', { name: 'New incident' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'New incident' });
    await dialog.getByLabel('Summary').fill('Credential stuffing against the VPN portal');
    await dialog.getByLabel('Severity').selectOption('high');
    await dialog.getByRole('button', { name: 'Create incident' }).click();
    await a.page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    incidentId = a.page.url().split('/').pop()!;
    await a.page.locator('[data-live="live"]').waitFor();
    await a.page.evaluate(() => ((window as unknown as { mark: string }).mark = 'no reload'));
    await openRoom(b, incidentId);

    // Presence: each sees the other in this room.
    await a.page.getByTestId('room-presence').getByText(bob.email).waitFor(LIVE);
    await b.page.getByTestId('room-presence').getByText(ana.email).waitFor(LIVE);

    // Timeline: B sees A typing, then the entry.
    await a.page.getByLabel('New timeline entry').fill('Blocked 203.0.113.9 at the edge firewall');
    await b.page
      .getByTestId('typing')
      .filter({ hasText: `${ana.email} is typing in Timeline` })
      .waitFor(LIVE);
    await a.page.getByLabel('Kind', { exact: true }).selectOption('action');
    await a.page.getByRole('button', { name: 'Add entry' }).click();
    await timeline(b.page).getByText('Blocked 203.0.113.9 at the edge firewall').waitFor(LIVE);
    await expect(timeline(b.page).locator('[data-entry-kind="action"]').count()).resolves.toBe(1);

    // Evidence: a text artifact, and an event ingested through POST /events, added by id.
    await tab(a.page, 'Evidence');
    await tab(b.page, 'Evidence');
    await a.page.getByLabel('Title').fill('VPN auth log excerpt');
    await a.page
      .getByLabel('Text', { exact: true })
      .fill('Nov 30 05:40:01 vpn1 auth failed user=alice src=203.0.113.9');
    await a.page.getByRole('button', { name: 'Add evidence' }).click();
    await b.page.getByTestId('evidence').getByText('VPN auth log excerpt').waitFor(LIVE);
    await b.page
      .getByTestId('evidence')
      .getByText(/auth failed user=alice/)
      .waitFor();

    const eventTime = new Date(Date.now() - 3_600_000);
    const ingest = await fetch(s.url + '/events', {
      method: 'POST',
      body: JSON.stringify({
        summary: 'Failed password for alice from 203.0.113.9 port 4242 ssh2',
        hostname: 'vpn-room-test',
        category: 'authentication',
        timestamp: eventTime.toISOString(),
      }),
    });
    expect(ingest.status).toBe(200);
    let eventId = '';
    await expect
      .poll(async () => {
        const found = await rest(
          'GET',
          `/events?${new URLSearchParams({ q: 'hostname:vpn-room-test', from: 'now-1d' })}`,
        );
        eventId = found.body?.events?.[0]?.id ?? '';
        return eventId;
      })
      .not.toBe('');
    await a.page.getByRole('radio', { name: 'Events by id' }).click();
    await a.page.getByLabel(/Event ids/).fill(eventId);
    await a.page.getByRole('button', { name: 'Add evidence' }).click();
    const eventEvidence = b.page.getByTestId('evidence').locator('[data-evidence-kind="event"]');
    await eventEvidence.waitFor(LIVE);
    await eventEvidence.getByText('Event fields').click();
    await eventEvidence.getByTestId('event-fields').getByText('vpn-room-test', { exact: true }).waitFor();
    // The event is on the timeline at its own time (before the note written just now; newest first).
    await tab(b.page, 'Timeline');
    const kinds = await timeline(b.page)
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-kind')));
    expect(kinds).toEqual(['action', 'finding']);

    // A hypothesis linked to the text artifact.
    await tab(a.page, 'Hypotheses');
    await tab(b.page, 'Hypotheses');
    await a.page.getByLabel('New hypothesis').fill('Credentials from the October phishing wave are being replayed');
    await a.page.getByLabel('Link VPN auth log excerpt').selectOption('supporting');
    await a.page.getByRole('button', { name: 'Add hypothesis' }).click();
    const hyp = b.page.getByTestId('hypotheses').locator('li[data-hypothesis]');
    await hyp.getByText('Credentials from the October phishing wave are being replayed').waitFor(LIVE);
    await hyp.getByRole('link', { name: 'VPN auth log excerpt' }).waitFor();

    // Both edit the summary from the same version: A saves first, B gets the conflict with both texts.
    await a.page.getByRole('button', { name: 'Edit Summary' }).click();
    await b.page.getByRole('button', { name: 'Edit Summary' }).click();
    await a.page
      .getByRole('textbox', { name: 'Summary' })
      .fill('Credential stuffing on VPN — source botnet identified');
    await b.page.getByRole('textbox', { name: 'Summary' }).fill('VPN credential stuffing, 40 accounts affected');
    await a.page.getByRole('button', { name: 'Save summary' }).click();
    await b.page.getByRole('button', { name: 'Save summary' }).click();
    const conflict = b.page.getByTestId('conflict');
    await conflict.waitFor(LIVE);
    await expect(conflict.getByTestId('conflict-theirs').textContent()).resolves.toBe(
      'Credential stuffing on VPN — source botnet identified',
    );
    await expect(conflict.getByTestId('conflict-mine').textContent()).resolves.toBe(
      'VPN credential stuffing, 40 accounts affected',
    );
    // B's draft is still in the editor, untouched.
    await expect(b.page.getByRole('textbox', { name: 'Summary' }).inputValue()).resolves.toBe(
      'VPN credential stuffing, 40 accounts affected',
    );
    await b.page.screenshot({ path: '/tmp/incident-room-conflict.png' });
    await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
    await a.page
      .locator('h1 [data-field="summary"]')
      .getByText('VPN credential stuffing, 40 accounts affected')
      .waitFor(LIVE);
    // A's text is not lost either: the audit log holds it as the value B replaced.
    const audit = await rest('GET', `/audit?action=incident.update`);
    const diffs = (audit.body.entries as Array<{ targetId: string; diff: { summary?: [string, string] } }>)
      .filter((e) => e.targetId === incidentId && e.diff.summary)
      .map((e) => e.diff.summary);
    expect(diffs).toContainEqual([
      'Credential stuffing on VPN — source botnet identified',
      'VPN credential stuffing, 40 accounts affected',
    ]);

    // B moves the phase; A sees it and when it changed.
    await b.page.getByLabel('Phase', { exact: true }).selectOption('Containment');
    await a.page.getByTestId('phase-badge').filter({ hasText: 'Containment' }).waitFor(LIVE);
    await expect(a.page.locator('[data-phase="Containment"]').getAttribute('title')).resolves.toMatch(
      /^Containment since .+ by bob@example\.org$/,
    );

    // SOAR automation appends through REST: both rooms show it.
    await tab(a.page, 'Timeline');
    await tab(b.page, 'Timeline');
    const soar = await rest('POST', `/incidents/${incidentId}/timeline`, {
      text: 'SOAR: disabled 40 VPN accounts',
      kind: 'action',
    });
    expect(soar.status).toBe(201);
    for (const p of [a.page, b.page]) await timeline(p).getByText('SOAR: disabled 40 VPN accounts').waitFor(LIVE);

    expect(await notReloaded(a.page)).toBe('no reload');
    expect(await notReloaded(b.page)).toBe('no reload');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('renders stored markup and javascript: URLs as inert text', async () => {
    const a = await signedIn(ana);
    await openRoom(a, incidentId);
    const img = '<img src=x onerror=alert(1)>';
    // Timeline text is Markdown: raw HTML stays text, a javascript: link loses its target, an http(s) link is kept and opens safely.
    const text = `${img} and [click me](javascript:alert(1)) and **bold** [runbook](https://example.org/rb)`;
    expect((await rest('POST', `/incidents/${incidentId}/timeline`, { text })).status).toBe(201);
    expect(
      (await rest('POST', `/incidents/${incidentId}/indicators`, { type: 'url', value: 'javascript:alert(1)' })).status,
    ).toBe(201);
    const note = timeline(a.page).locator('[data-markdown]').filter({ hasText: img });
    await note.waitFor(LIVE);
    await expect(note.textContent()).resolves.toBe(`${img} and click me and bold runbook`);
    await note.locator('strong').getByText('bold').waitFor();
    const link = note.getByRole('link', { name: 'runbook' });
    await expect(
      link.evaluate((el) => [el.getAttribute('href'), el.getAttribute('rel'), el.getAttribute('target')]),
    ).resolves.toEqual(['https://example.org/rb', 'noopener noreferrer', '_blank']);
    expect(await note.getByRole('link', { name: 'click me' }).count()).toBe(0);
    await tab(a.page, 'Indicators');
    const row = a.page.getByTestId('indicators').locator('tr[data-indicator="javascript:alert(1)"]');
    await row.getByText('javascript:alert(1)', { exact: true }).waitFor(LIVE);
    // The explorer link quotes the value inside the query, on our own /events page.
    const href = await row.getByRole('link', { name: 'Search events for javascript:alert(1)' }).getAttribute('href');
    expect(new URL(href!, s.url).pathname).toBe('/events');
    expect(new URL(href!, s.url).searchParams.get('q')).toBe('details.url:"javascript:alert(1)"');
    const dom = await a.page.evaluate(() => ({
      imgs: document.querySelectorAll('main img').length,
      js: [...document.querySelectorAll('a[href]')].filter((el) =>
        /^\s*javascript:/i.test(el.getAttribute('href') ?? ''),
      ).length,
    }));
    expect(dom).toEqual({ imgs: 0, js: 0 });
    expect(a.dialogs).toEqual([]);
    expect(a.errors).toEqual([]);
    await a.context.close();
  });

  it('lets a viewer read the room but offers no write control, and refuses a forged mutation', async () => {
    const v = await signedIn(vera);
    await openRoom(v, incidentId);
    await v.page
      .locator('h1 [data-field="summary"]')
      .getByText('VPN credential stuffing, 40 accounts affected')
      .waitFor();
    await timeline(v.page).getByText('SOAR: disabled 40 VPN accounts').waitFor();
    await v.page.getByText('Read only: your role (viewer) can follow this case but not change it.').waitFor();
    expect(await v.page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await v.page.getByRole('form', { name: 'Add timeline entry' }).count()).toBe(0);
    expect(await v.page.getByLabel('Phase', { exact: true }).isDisabled()).toBe(true);
    for (const t of ['Evidence', 'Hypotheses', 'Indicators', 'Tasks']) {
      await tab(v.page, t);
      await v.page.getByTestId('read-only').first().waitFor();
      expect(await v.page.locator('main form').count()).toBe(0);
    }
    await tab(v.page, 'Details');
    expect(await v.page.getByRole('button', { name: /^(Edit|Add|Remove)/ }).count()).toBe(0);

    // The server refuses anyway: a mutation forged from the viewer's own page (session cookie, same origin).
    const forged = await v.page.evaluate(async (caseId) => {
      const res = await fetch('/api/trpc/cases.addTimelineEntry', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ caseId, text: 'forged' }),
      });
      return res.status;
    }, incidentId);
    expect(forged).toBe(403);
    const got = await rest('GET', `/incidents/${incidentId}`);
    expect(got.body.timeline.some((e: { text: string }) => e.text === 'forged')).toBe(false);

    // The list: no "New incident" for a viewer, the incident is there.
    await v.page.goto(s.url + '/incidents');
    await v.page.getByTestId('case-list').getByText('VPN credential stuffing, 40 accounts affected').waitFor();
    expect(await v.page.getByRole('button', { name: 'New incident' }).count()).toBe(0);
    expect(v.errors).toEqual([]);
    await v.context.close();
  });

  it('lists and boards incidents live, with filters and a versioned phase move', async () => {
    const a = await signedIn(ana);
    await a.page.goto(s.url + '/incidents');
    const list = a.page.getByTestId('case-list');
    await list.getByText('VPN credential stuffing, 40 accounts affected').waitFor();
    await a.page.getByTestId('metrics').getByText('Open').waitFor();

    // Created elsewhere (REST), it appears here without a reload.
    expect(
      (await rest('POST', '/incidents', { summary: 'Phishing wave against finance', severity: 'medium' })).status,
    ).toBe(201);
    await list.getByText('Phishing wave against finance').waitFor(LIVE);

    // Filters.
    await a.page.getByLabel('Severity').selectOption('high');
    await list.getByText('Phishing wave against finance').waitFor({ state: 'detached' });
    await a.page.getByLabel('Severity').selectOption('');
    await a.page.getByLabel('Search', { exact: true }).fill('phishing');
    await expect.poll(() => list.locator('tr[data-case]').count()).toBe(1);
    await a.page.getByLabel('Search', { exact: true }).fill('');
    await a.page.getByLabel('Phase').selectOption('Containment');
    await expect
      .poll(() => list.locator('tr[data-case]').allTextContents())
      .toEqual([expect.stringContaining('VPN credential stuffing')]);
    await a.page.getByLabel('Phase').selectOption('');

    // Board: move a card with its phase menu.
    await a.page.getByRole('button', { name: 'Board' }).click();
    const board = a.page.getByTestId('board');
    await board.locator('[data-column="Identification"] [data-card="Phishing wave against finance"]').waitFor();
    await board.getByLabel('Move Phishing wave against finance').selectOption('Eradication');
    await board.locator('[data-column="Eradication"] [data-card="Phishing wave against finance"]').waitFor(LIVE);
    const got = (await rest('GET', '/incidents?q=Phishing')).body.incidents[0];
    expect(got).toMatchObject({ phase: 'Eradication', version: 2 });

    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});

describe('investigations', () => {
  it('promotes an investigation to an incident that keeps its content', async () => {
    const inv = await rest('POST', '/investigations', { summary: 'Odd admin logins at night', severity: 'medium' });
    expect(inv.status).toBe(201);
    expect(
      (
        await rest('POST', `/investigations/${inv.body.id}/timeline`, {
          text: 'Three admin logins between 02:00 and 03:00',
        })
      ).status,
    ).toBe(201);
    const a = await signedIn(ana);
    await a.page.goto(s.url + '/investigations');
    await a.page.getByTestId('case-list').getByRole('link', { name: 'Odd admin logins at night' }).click();
    await a.page.waitForURL(`${s.url}/investigations/${inv.body.id}`);
    await a.page.locator('h1 [data-field="summary"]').getByText('Odd admin logins at night').waitFor();
    await expect(a.page.getByLabel('Phase', { exact: true }).locator('option').allTextContents()).resolves.toEqual([
      'Identification',
      'Evidence',
      'Holding',
      'Escalation',
      'Closed',
    ]);
    await a.page.getByRole('button', { name: 'Promote to incident' }).click();
    await a.page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    await a.page.locator('h1 [data-field="summary"]').getByText('Odd admin logins at night').waitFor();
    await timeline(a.page).getByText('Three admin logins between 02:00 and 03:00').waitFor();
    await a.page.getByRole('link', { name: '← From investigation' }).waitFor();
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});

describe('investigation list paging', () => {
  it('shows pages of 25 and fetches the rest with "Load more"', async () => {
    // Investigations, so the incident screenshots below stay uncluttered.
    for (let i = 0; i < 25; i++)
      expect((await rest('POST', '/investigations', { summary: `Bulk investigation ${i}` })).status).toBe(201);
    const total = (await rest('GET', '/investigations?limit=200')).body.investigations.length as number;
    expect(total).toBeGreaterThan(25);
    const a = await signedIn(ana);
    await a.page.goto(s.url + '/investigations');
    const list = a.page.getByTestId('case-list');
    await expect.poll(() => list.locator('tr[data-case]').count()).toBe(25);
    await a.page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => list.locator('tr[data-case]').count()).toBe(total);
    await expect(a.page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});

// Screenshots of a busy room for the docs: generated here so they always show the current UI.
describe('screenshots', () => {
  it('captures a busy incident room, the list and the board', async () => {
    const { seedBusyIncident } = await import('./incident-seed.ts');
    const a = await signedIn(ana);
    const b = await signedIn(bob);
    const soarToken = (await rest('POST', '/tokens', { name: 'SOAR playbook', role: 'analyst' })).body.token as string;
    const id = await seedBusyIncident(rest, [asSession(a), asSession(b)], asToken(soarToken));
    await openRoom(b, id);
    await openRoom(a, id);
    await a.page.getByTestId('room-presence').getByText(bob.email).waitFor(LIVE);
    await b.page.getByLabel('New timeline entry').fill('Finance confirms the wire transfer request was');
    await a.page.getByTestId('typing').waitFor(LIVE);
    await a.page.screenshot({ path: screenshotPath('incident-room.png') });
    // The other sections, for review (not kept in docs).
    for (const t of ['Evidence', 'Hypotheses', 'Indicators', 'Tasks', 'Details']) {
      await tab(a.page, t);
      await a.page.screenshot({ path: `/tmp/incident-room-${t.toLowerCase()}.png`, fullPage: true });
    }
    await a.page.goto(s.url + '/incidents');
    await a.page.getByTestId('case-list').waitFor();
    await a.page.getByTestId('metrics').getByText('Median time to contain').waitFor();
    await a.page.screenshot({ path: screenshotPath('incidents-list.png') });
    await a.page.goto(s.url + '/incidents?view=board');
    await a.page.getByTestId('board').waitFor();
    await a.page.screenshot({ path: screenshotPath('incidents-board.png') });
    expect(a.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
