// The shipped catalogue on a real server: rules that ship off say why (REST, tRPC, MozDef's
// /alertschedules, the rules list and the rule page in Chromium), and a catalogue code rule runs from
// the module shipped with Picket, with no file in the operator's code rules directory.
import { describe, expect, it } from 'vitest';
import { alertsOf, api, postEvents, until, type Json } from './alerts-api.ts';
import { screenshotPath, signInBrowser } from './browser.ts';
import { browserSuite } from './browser-suite.ts';

const ADMIN = { email: 'catalogue-admin@example.org', password: 'a-long-admin-password' };

const suite = browserSuite([{ ...ADMIN, role: 'admin' }], { PICKET_ALERT_TICK_MS: '200' });

async function shipped(key: string): Promise<Json> {
  const list = await api(suite.s, 'GET', '/rules');
  expect(list.status).toBe(200);
  const rules = (Array.isArray(list.body) ? list.body : (list.body.rules as Json[])) as Json[];
  const rule = rules.find((r) => r.catalogueKey === key);
  expect(rule, key).toBeDefined();
  return rule!;
}

const TRIAGE_BOT = /^Reads the answers of MozDef's triage bot/;

describe('rules that ship disabled', () => {
  it('carry their reason in the REST and tRPC rule shapes and in /alertschedules; enabled rules carry none', async () => {
    const tb = await shipped('mozdef.triagebot_escalation');
    expect(tb).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(TRIAGE_BOT) });
    const one = await api(suite.s, 'GET', `/rules/${tb.id}`);
    expect(one.body.disabledReason).toMatch(TRIAGE_BOT);
    const trpc = await fetch(`${suite.s.url}/api/trpc/rules.list`, {
      headers: { Authorization: `Bearer ${suite.s.adminToken}` },
    });
    const listed = ((await trpc.json()) as { result: { data: Json[] } }).result.data;
    expect(listed.find((r) => r.catalogueKey === 'mozdef.triagebot_escalation')?.disabledReason).toMatch(TRIAGE_BOT);

    const res = await fetch(`${suite.s.url}/alertschedules`, {
      headers: { Authorization: `Bearer ${suite.s.adminToken}` },
    });
    const schedules = (await res.json()) as Record<string, Json>;
    expect((schedules['TriageBot escalation'].picket as Json).disabledReason).toMatch(TRIAGE_BOT);
    expect(schedules['TriageBot escalation'].enabled).toBe(false);
    expect((schedules['Proxy dropped an executable download'].picket as Json).disabledReason).toBeNull();

    // MozDef's task names still find their rules, get_watchlist included (now the watchlist rule).
    const update = await fetch(`${suite.s.url}/updatealertschedules`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${suite.s.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        'get_watchlist.AlertWatchList': { enabled: false },
        'promisc_kernel.PromiscKernel': { enabled: true },
      }),
    });
    expect(await update.json()).toEqual({
      updated: ['get_watchlist.AlertWatchList'],
      unchanged: ['promisc_kernel.PromiscKernel'],
      unknown: [],
    });
    expect((await shipped('mozdef.watchlist')).enabled).toBe(false);
  });

  it('show the reason in the rules list and on the rule page; enabling the rule takes it away', async () => {
    const { page, errors } = await signInBrowser(suite.browser, suite.s.url, ADMIN, {
      ignoreConsole: /status of (401|409)/,
    });
    await page.goto(suite.s.url + '/rules');
    const row = page.locator('tr[data-rule-name="TriageBot escalation"]');
    await expect
      .poll(() => row.getByTestId('disabled-reason').textContent())
      .toMatch(/^Off: Reads the answers of MozDef's triage bot/);
    await expect
      .poll(() =>
        page
          .locator('tr[data-rule-name="Proxy dropped an executable download"]')
          .getByTestId('disabled-reason')
          .count(),
      )
      .toBe(0);
    // The switch is described by the reason, for screen readers.
    const toggle = row.getByRole('switch');
    expect(await toggle.getAttribute('aria-describedby')).toBe(
      await row.getByTestId('disabled-reason').getAttribute('id'),
    );

    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('rules-disabled-reason.png') });
    await row.getByRole('link', { name: 'TriageBot escalation' }).click();
    await page.getByRole('heading', { name: /TriageBot escalation/ }).waitFor();
    await expect
      .poll(() => page.getByTestId('rule-disabled-reason').textContent())
      .toMatch(/^Off: Reads the answers of MozDef's triage bot/);

    await page.goto(suite.s.url + '/rules');
    // A controlled switch: it turns on once the server answered, so click rather than check().
    await row.getByRole('switch').click();
    await expect.poll(() => row.getByRole('switch').isChecked()).toBe(true);
    await expect.poll(() => row.getByTestId('disabled-reason').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('a catalogue code rule', () => {
  it('runs from the module shipped with Picket: MozDef write_audit over posted auditd events', async () => {
    const rule = await shipped('mozdef.write_audit');
    expect(rule).toMatchObject({ type: 'code', module: 'mozdef-write-audit.ts', enabled: true });
    const write = (path: string) => ({
      category: 'write',
      hostname: 'db7',
      summary: `Write: ${path}`,
      details: { auditkey: 'audit', processname: 'vi', originaluser: 'carol', user: 'root' },
    });
    await postEvents(suite.s, [write('/etc/audit/audit.rules'), write('/etc/audit/auditd.conf')]);
    const alerts = await until(async () => {
      const a = await alertsOf(suite.s, rule.id as string);
      return a.length ? a : null;
    }, 'the write_audit alert');
    expect(alerts[0]).toMatchObject({
      summary:
        '2 Filesystem write(s) to an auditd path (/etc/audit/audit.rules, /etc/audit/auditd.conf) by root (carol)',
      severity: 'WARNING',
      category: 'write',
      tags: ['audit'],
    });
  });
});
