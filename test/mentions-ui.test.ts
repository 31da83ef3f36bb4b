import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

// Two signed-in responders in real browsers: A @mentions B in a note (picked from the composer's
// autocomplete, by keyboard) and assigns B a task; B's bell and /tasks update live without a
// reload, B opens the notification and lands on the note, and completes the task inline.

const ana = { email: 'ana@example.org', password: 'ana-mention-password', role: 'analyst' };
const bob = { email: 'bob@example.org', password: 'bob-mention-password', role: 'analyst' };
const LIVE = { timeout: 5000 };

const suite = browserSuite([ana, bob]);

async function rest(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${suite.s.url}/api/v1${p}`, {
    method,
    headers: { Authorization: `Bearer ${suite.s.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

function signedIn(user: {
  email: string;
  password: string;
}): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  return signInBrowser(suite.browser, suite.s.url, user, { ignoreConsole: /WebSocket connection to/ });
}

const mark = (p: Page) => p.evaluate(() => ((window as unknown as { mark: string }).mark = 'no reload'));
const notReloaded = (p: Page) => p.evaluate(() => (window as unknown as { mark?: string }).mark);

describe('mentions, inbox and my tasks', () => {
  it('A mentions B and assigns B a task; B hears both live, opens the note and completes the task', async () => {
    const inc = await rest('POST', '/incidents', { summary: 'Phishing wave against finance', severity: 'high' });
    expect(inc.status).toBe(201);
    const a = await signedIn(ana);
    const b = await signedIn(bob);

    // B waits on /tasks (empty) with the bell in the header saying nothing is unread.
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tasks' }).click();
    await b.page.getByText('No open tasks assigned to you').waitFor();
    await b.page.getByRole('button', { name: 'Inbox, nothing unread' }).waitFor();
    await mark(b.page);

    // A assigns B an overdue task in the room.
    await a.page.goto(`${suite.s.url}/incidents/${inc.body.id}`);
    await a.page.locator('[data-live="live"]').waitFor();
    await a.page.getByRole('tab', { name: /^Tasks/ }).click();
    await a.page.getByLabel('New task').fill('Pull mail gateway logs');
    await a.page.getByLabel('Assignee').selectOption({ label: bob.email });
    await a.page.getByLabel('Due').fill('2026-01-05T09:00');
    await a.page.getByRole('button', { name: 'Add task' }).click();

    const row = b.page.locator('tr[data-task="Pull mail gateway logs"]');
    await b.page
      .getByRole('region', { name: 'Overdue' })
      .locator('tr[data-task="Pull mail gateway logs"]')
      .waitFor(LIVE);
    await expect(row.getAttribute('data-overdue')).resolves.toBe('true');
    await row.getByText('Phishing wave against finance').waitFor();

    // A writes a note; "@" offers people, keyboard picks one, Esc closes the list.
    await a.page.getByRole('tab', { name: /^Timeline/ }).click();
    const box = a.page.getByLabel('New timeline entry');
    await box.click();
    await box.pressSequentially('Seen <b>raw</b> html? @');
    const list = a.page.getByRole('listbox', { name: 'People to mention' });
    await list.getByRole('option', { name: /@bob/ }).waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'hidden' });
    await box.pressSequentially('b');
    await list.getByRole('option', { name: /@bob/ }).waitFor();
    await box.press('ArrowDown');
    await box.press('ArrowUp');
    await box.press('Enter');
    await expect(box.inputValue()).resolves.toBe('Seen <b>raw</b> html? @bob ');
    await box.pressSequentially('please check the gateway');
    await a.page.getByRole('button', { name: 'Add entry' }).click();
    const note = a.page.getByTestId('timeline').locator('li', { hasText: 'please check the gateway' });
    await note.locator('[data-mention="bob"]').waitFor();
    await note.getByText('<b>raw</b>').waitFor();

    // B's bell counts it without a reload (with the task assignment before it).
    const bell = b.page.getByRole('button', { name: 'Inbox, 2 unread' });
    await bell.waitFor(LIVE);
    await expect(b.page.getByTestId('inbox-count').textContent()).resolves.toBe('2');

    // B completes the task inline: it leaves the open list and shows under Done.
    await b.page.getByLabel('Status of Pull mail gateway logs').selectOption('done');
    await row.waitFor({ state: 'detached', ...LIVE });
    await b.page.getByText('No open tasks assigned to you').waitFor();
    await b.page.getByRole('radio', { name: 'Done' }).click();
    await b.page.getByRole('region', { name: 'Finished' }).locator('tr[data-task="Pull mail gateway logs"]').waitFor();
    await expect(notReloaded(b.page)).resolves.toBe('no reload');
    // A's room shows the task done, live.
    await a.page.getByRole('tab', { name: /^Tasks/ }).click();
    await expect(a.page.getByLabel('Status of Pull mail gateway logs').inputValue()).resolves.toBe('done');

    // B opens the notification from the bell and lands on the note in the case.
    await bell.click();
    const item = b.page.getByRole('menuitem', {
      name: /ana@example\.org mentioned you in a timeline note of Phishing wave against finance/,
    });
    await item.getByText('Seen <b>raw</b> html? @bob please check the gateway').waitFor();
    await b.page.screenshot({ path: screenshotPath('inbox-bell.png') });
    await item.click();
    await b.page.waitForURL(new RegExp(`/incidents/${inc.body.id}\\?entry=timeline-`));
    const anchored = b.page.locator('[data-anchored="true"]');
    await anchored.getByText('please check the gateway').waitFor();
    await b.page.getByRole('button', { name: 'Inbox, 1 unread' }).waitFor(LIVE);

    // The inbox page lists it as read; the task assignment is still unread.
    await b.page.goto(`${suite.s.url}/inbox`);
    await b.page.getByRole('list', { name: 'Notifications' }).getByText('please check the gateway').waitFor();
    await expect(b.page.locator('li[data-unread="true"]').count()).resolves.toBe(1);
    await b.page
      .locator('li[data-unread="true"]')
      .getByText('ana@example.org assigned you a task in Phishing wave against finance')
      .waitFor();

    for (const sess of [a, b]) {
      expect(sess.errors).toEqual([]);
      expect(sess.dialogs).toEqual([]);
    }
  }, 120_000);
});
