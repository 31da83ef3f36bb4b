// Writes docs/screenshots/alerts.png, rules.png and rule-editor-test.png (1280x800) from a real
// server: a few rules of our own next to the shipped catalogue, and a dozen alerts of varied
// severity raised by POSTing events that trip them. Run with `npm run screenshots`.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { launchBrowser } from '../test/browser.ts';
import { startTestServer, type TestServer } from '../test/server-harness.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const ADMIN = { email: 'admin@example.org', password: 'correct-horse-admin-2026' };
const ANA = { email: 'ana.lopez@example.org', password: 'a-long-demo-password', name: 'Ana López' };

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer({ PICKET_ADMIN_EMAIL: ADMIN.email, PICKET_ADMIN_PASSWORD: ADMIN.password }, { web: true });
  browser = await launchBrowser();
  await fs.mkdir(OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** Same-origin request from a signed-in page, so records show that person as their owner. */
function inPage(page: Page, method: string, url: string, body?: unknown): Promise<any> {
  return page.evaluate(
    async ([m, u, b]) =>
      (
        await fetch(u as string, {
          method: m as string,
          headers: { 'Content-Type': 'application/json' },
          body: b === undefined ? undefined : JSON.stringify(b),
        })
      ).json(),
    [method, url, body] as const,
  );
}

async function rest(method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(s.url + '/api/v1' + p, {
    method,
    headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}
async function ingest(events: object[]): Promise<void> {
  await fetch(s.url + '/events', { method: 'POST', body: JSON.stringify(events) });
}
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const MIN = 60_000;

async function pageAs(u: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addCookies([{ name: 'picket-theme', value: 'light', url: s.url }]);
  const page = await context.newPage();
  await page.goto(s.url + '/login');
  await page.getByLabel('Email').fill(u.email);
  await page.getByLabel('Password').fill(u.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(s.url + '/');
  return page;
}

const webFailures = (ip: string, n: number, at: number) =>
  Array.from({ length: n }, (_, i) => ({
    utctimestamp: ago(at - i * 2000),
    category: 'webauth',
    hostname: 'sso.example.org',
    summary: `login failed for jdoe from ${ip}`,
    details: { success: false, sourceipaddress: ip, username: 'jdoe', useragent: 'python-requests/2.31' },
  }));
const sshFailures = (ip: string, n: number, at: number) =>
  Array.from({ length: n }, (_, i) => ({
    utctimestamp: ago(at - i * 1000),
    category: 'authentication',
    hostname: 'bastion1.example.org',
    processname: 'sshd',
    summary: `Failed password for root from ${ip} port ${40000 + i} ssh2`,
    details: { success: false, sourceipaddress: ip, username: 'root' },
  }));

async function seed(admin: Page): Promise<void> {
  const rule = (r: object) => inPage(admin, 'POST', '/api/v1/rules', r);
  await rest('POST', '/users', { ...ANA, role: 'analyst' });
  await rest('POST', '/users', {
    email: 'priya.natarajan@example.org',
    name: 'Priya Natarajan',
    password: ANA.password,
    role: 'analyst',
  });
  await rule({
    name: 'Web login failures',
    type: 'threshold',
    query: 'category:webauth AND details.success:false',
    groupBy: ['details.sourceipaddress'],
    threshold: 5,
    window: '5m',
    severity: 'WARNING',
    category: 'webbruteforce',
    tags: ['web', 'auth'],
    summary: '{count} failed SSO logins from {details.sourceipaddress} ({values:details.username})',
  });
  await rule({
    name: 'Admin console reached from the internet',
    type: 'match',
    query: 'category:webaccess AND details.path:\\/admin* AND NOT details.sourceipaddress:10.0.0.0/8',
    severity: 'CRITICAL',
    category: 'exposure',
    tags: ['web'],
    summary: 'Admin console {details.path} reached from {details.sourceipaddress}',
  });
  await rule({
    name: 'EDR: malware detected',
    type: 'match',
    query: 'source:edr AND details.verdict:malicious',
    groupBy: ['hostname'],
    suppress: '30m',
    severity: 'ERROR',
    category: 'malware',
    tags: ['edr'],
    summary: 'Malware {details.threat} on {hostname}',
  });
  await rule({
    name: 'VPN login after failures',
    type: 'sequence',
    query: 'category:vpn',
    groupBy: ['details.username'],
    window: '10m',
    steps: [{ query: 'details.success:false' }, { query: 'details.success:true' }],
    severity: 'WARNING',
    category: 'authentication',
    tags: ['vpn'],
    summary: '{details.username}: VPN login succeeded after failures',
    enabled: false,
  });
  // Past activity for the back-test screenshot, then the events that raise today's alerts.
  await ingest([...webFailures('198.51.100.23', 6, 50 * MIN), ...webFailures('198.51.100.61', 3, 45 * MIN)]);
  await ingest([
    ...sshFailures('203.0.113.50', 10, 20 * MIN),
    ...sshFailures('203.0.113.77', 12, 14 * MIN),
    ...sshFailures('192.0.2.14', 10, 3 * MIN),
  ]);
  await ingest([...webFailures('198.51.100.7', 5, 9 * MIN), ...webFailures('203.0.113.9', 7, 2 * MIN)]);
  await ingest(
    [
      ['198.51.100.200', '/admin/users', 18],
      ['203.0.113.145', '/admin/settings', 6],
      ['192.0.2.88', '/admin/', 1],
    ].map(([ip, p, m]) => ({
      utctimestamp: ago((m as number) * MIN),
      category: 'webaccess',
      hostname: 'portal.example.org',
      summary: `GET ${p} 200`,
      details: { path: p, sourceipaddress: ip, status: 200 },
    })),
  );
  await ingest(
    [
      ['ws-fin-042.example.org', 'Trojan:Win32/Emotet', 25],
      ['build-07.example.org', 'Linux/Mirai.B', 4],
    ].map(([h, t, m]) => ({
      utctimestamp: ago((m as number) * MIN),
      source: 'edr',
      category: 'endpoint',
      hostname: h,
      summary: `threat ${t} quarantined`,
      details: { verdict: 'malicious', threat: t },
    })),
  );
  await ingest([
    {
      utctimestamp: ago(11 * MIN),
      category: 'cloudtrail',
      hostname: 'aws',
      summary: 'StopLogging',
      details: {
        eventname: 'StopLogging',
        requestparameters: { name: 'org-trail' },
        useridentity: { arn: 'arn:aws:iam::123456789012:user/ci-deployer' },
      },
    },
  ]);
  await ingest(
    Array.from({ length: 55 }, (_, i) => ({
      utctimestamp: ago(7 * MIN - i * 200),
      category: 'firewall',
      hostname: 'fw1.example.org',
      summary: 'connection refused',
      details: { sourceipaddress: '198.51.100.99', destinationport: 1000 + i },
    })),
  );
  // Wait for the engine, then work a few of them.
  let alerts: any[] = [];
  for (let i = 0; i < 100 && alerts.length < 12; i++) {
    await new Promise((r) => setTimeout(r, 100));
    alerts = (await rest('GET', '/alerts?size=100')).alerts;
  }
  const by = (text: string) => alerts.find((a) => a.summary.includes(text));
  await rest('POST', '/incidents', { summary: 'Credential stuffing against SSO', severity: 'high' });
  await rest('POST', `/alerts/${by('203.0.113.50').id}/status`, { status: 'acknowledged' });
  await rest('POST', `/alerts/${by('Emotet').id}/status`, { status: 'escalated' });
  await rest('POST', `/alerts/${by('198.51.100.7').id}/status`, { status: 'acknowledged' });
}

it('writes the alerts and rules screenshots', async () => {
  const admin = await pageAs(ADMIN);
  await seed(admin);
  const ana = await pageAs(ANA);
  await ana.goto(s.url + '/alerts');
  await ana.locator('section[data-live="live"]').waitFor();
  await ana.locator('tr[data-alert-id]').nth(10).waitFor();
  await ana.getByLabel(/^Assignee of .*203\.0\.113\.9/).selectOption(ANA.email);
  await ana.getByLabel(/^Assignee of CloudTrail/).selectOption(ANA.email);
  await ana.getByLabel(/^Assignee of Malware Trojan/).selectOption('priya.natarajan@example.org');
  for (let i = 0; i < 100; i++) {
    if ((await rest('GET', '/alerts?size=100')).alerts.filter((a: any) => a.assignee).length === 3) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await ana
    .locator('tr[data-alert-id]', { hasText: '/admin/ reached from 192.0.2.88' })
    .getByRole('button', { name: 'Show events' })
    .click();
  await ana.getByTestId('alert-events').waitFor();
  await ana.evaluate(() => window.scrollTo(0, 0));
  await ana.screenshot({ path: path.join(OUT, 'alerts.png') });
  // Dialogs, for looking at (not committed).
  const web = ana.locator('tr[data-alert-id]', { hasText: '203.0.113.9' });
  await web.getByRole('button', { name: 'False positive' }).click();
  await ana.getByLabel('Never alert when (Lucene query)').waitFor();
  await ana.waitForFunction(() => (document.getElementById('fp-query') as HTMLInputElement | null)?.value !== '');
  await ana.screenshot({ path: '/tmp/alerts-false-positive.png' });
  await ana.keyboard.press('Escape');
  await web.getByRole('button', { name: 'Escalate' }).click();
  await ana.getByLabel('Into').selectOption('existing');
  await ana.screenshot({ path: '/tmp/alerts-escalate-existing.png' });
  await ana.keyboard.press('Escape');
  await ana.keyboard.press('?');
  await ana.screenshot({ path: '/tmp/alerts-help.png' });
  await ana.keyboard.press('Escape');

  await admin.goto(s.url + '/rules');
  await admin.locator('tr[data-rule-name]').nth(8).waitFor();
  await admin.screenshot({ path: path.join(OUT, 'rules.png') });

  await admin.getByRole('link', { name: 'Web login failures' }).click();
  await admin.getByRole('heading', { name: /History/ }).waitFor();
  await admin.getByLabel('Threshold (events)').fill('3');
  await admin.getByRole('button', { name: 'Last 24 h' }).click();
  await admin.getByRole('button', { name: 'Run test' }).click();
  await admin.getByTestId('test-result').waitFor();
  await admin.getByTestId('would-be-alert').first().getByRole('button').click();
  await admin.getByRole('heading', { name: 'Test before saving' }).scrollIntoViewIfNeeded();
  await admin.evaluate(() => document.getElementById('test-heading')?.scrollIntoView({ block: 'start' }));
  await admin.evaluate(() => window.scrollBy(0, -260));
  await admin.screenshot({ path: path.join(OUT, 'rule-editor-test.png') });
  await admin.evaluate(() => window.scrollTo(0, 0));
  await admin.screenshot({ path: '/tmp/rule-editor-top.png' });
  await admin.getByRole('tab', { name: 'JSON' }).click();
  await admin.screenshot({ path: '/tmp/rule-editor-json.png' });
  for (const p of [ana, admin]) await p.context().close();
});
