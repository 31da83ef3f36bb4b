// MozDef's REST API (rest/index.py and its plugins) at MozDef's paths, with MozDef-shaped bodies, on
// a real server and Postgres. Cases ported from MozDef's tests/rest/test_rest_index.py are marked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRule, postEvents, until, uniqueCategory, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let viewer: string;
let analyst: string;

async function tokenFor(role: string, ingestOnly = false): Promise<string> {
  const r = await api(s, 'POST', '/tokens', { name: `mozdef-${role}`, role, ingestOnly });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

/** A request at MozDef's path (no /api/v1), the body sent as given (string) or as JSON. */
async function mz(method: string, path: string, body?: unknown, token: string | null = analyst) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json: json as Json & Json[] };
}

async function auditOf(targetId: string) {
  const { rows } = await s.db.pool.query(
    'SELECT action, actor, actor_type, diff FROM audit_log WHERE target_id = $1 ORDER BY id',
    [targetId],
  );
  return rows as Array<{ action: string; actor: string; actor_type: string; diff: Json }>;
}

async function blockItem(list: string, value: string): Promise<Json | undefined> {
  return ((await api(s, 'GET', `/${list}`)).body.items as Json[]).find((i) => i.value === value);
}

const hoursLeft = (iso: unknown) => (Date.parse(iso as string) - Date.now()) / 3_600_000;

beforeAll(async () => {
  s = await startTestServer();
  viewer = await tokenFor('viewer');
  analyst = await tokenFor('analyst');
});
afterAll(() => s?.stop());

describe('authorisation like /api/v1', () => {
  it('401 without identity, 403 out of role, never 401/403/500 in role; /status stays open', async () => {
    const defs = s.picket.mozdefRest.definitions;
    expect(defs.length).toBeGreaterThanOrEqual(16);
    const tokens = { viewer, analyst, admin: s.adminToken };
    const { PERMISSIONS } = await import('../server/auth/permissions.ts');
    for (const r of defs) {
      const path = r.path.replace(':endpoint', 'blockip');
      const body = r.method === 'GET' ? undefined : '{}';
      const anon = await mz(r.method, path, body, null);
      expect(anon.status, `${r.method} ${path}`).toBe(401);
      expect((anon.json.error as Json).code).toBe('unauthorized');
      for (const [role, token] of Object.entries(tokens)) {
        const res = await mz(r.method, path, body, token);
        if (PERMISSIONS[role as 'viewer'].has(r.permission))
          expect([401, 403, 500], `${role} ${r.method} ${path}`).not.toContain(res.status);
        else expect(res.status, `${role} ${r.method} ${path}`).toBe(403);
      }
    }
    // A refused change is recorded under MozDef's path, not an /api/v1 one.
    const { rows } = await s.db.pool.query(
      `SELECT actor FROM audit_log WHERE action = 'access.denied' AND target_id = 'POST /blockip'`,
    );
    expect(rows.map((r) => r.actor)).toContain('token:mozdef-viewer');
    const status = await mz('GET', '/status', undefined, null);
    expect(status.status).toBe(200);
    expect(status.json).toEqual({ status: 'ok' });
    // A wrong method is a JSON 405, as on /api/v1.
    const wrong = await mz('GET', '/blockip');
    expect(wrong.status).toBe(405);
    expect((wrong.json.error as Json).code).toBe('method_not_allowed');
  });

  it('any body on any POST path is a 2xx or a 4xx JSON error, never a 500', async () => {
    const bodies = [
      'null',
      '[]',
      '[null]',
      '[[]]',
      '{"a": 1}',
      '"x"',
      '123',
      '[{"IPBlockList": true, "FQDNBlockList": true, "WatchList": true}]',
      '{"__proto__": {"status": "acknowledged"}}',
      '['.repeat(5000) + ']'.repeat(5000),
      '\u0000',
    ];
    for (const r of s.picket.mozdefRest.definitions.filter((d) => d.method === 'POST')) {
      for (const body of bodies) {
        const res = await mz('POST', r.path, body, s.adminToken);
        expect(res.status, `${r.path} ${body.slice(0, 40)}`).toBeLessThan(500);
        if (res.status >= 400)
          expect((res.json.error as Json).message, `${r.path} ${body.slice(0, 40)}`).toEqual(expect.any(String));
      }
    }
  });

  // MozDef TestTestRoute: /test and /test/ answer 200 with an empty body (and loginput's /_status).
  it('/test, /test/, /_status: 200 with an empty body', async () => {
    for (const path of ['/test', '/test/', '/_status', '/_status/']) {
      const r = await mz('GET', path, undefined, viewer);
      expect(r.status, path).toBe(200);
      expect(r.text).toBe('');
    }
  });
});

describe('/blockip, /blockfqdn, /watchitem (MozDef form-field bodies)', () => {
  it('blocks with the body MozDef’s block_ip alert action sent; re-blocking renews expiry and comment (audited)', async () => {
    const body = [
      { ipaddress: '45.33.32.10/32' },
      { duration: '1d' },
      { comment: 'Automatic Block' },
      { referenceid: 'bug 1234' },
      { IPBlockList: true },
      { userid: 'MozDef' },
    ];
    const r = await mz('POST', '/blockip', body);
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.headers.get('x-plugin')).toBe('IP Block LIst');
    expect(r.headers.get('x-picket-result')).toBe('created');
    const item = (await blockItem('blockip', '45.33.32.10'))!;
    expect(item).toMatchObject({ type: 'ip', duration: '1d', createdBy: 'token:mozdef-analyst' });
    expect(item.comment).toBe('Automatic Block — reference: bug 1234 — requested by: MozDef');
    expect(hoursLeft(item.expiresAt)).toBeGreaterThan(23.9);
    expect(r.headers.get('x-picket-id')).toBe(item.id);

    const again = await mz('POST', '/blockip/', [
      { blockip: true },
      { ipaddress: '45.33.32.10' },
      { duration: '12hr' },
      { comment: 'shorter' },
    ]);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-picket-result')).toBe('renewed');
    const renewed = (await blockItem('blockip', '45.33.32.10'))!;
    expect(renewed).toMatchObject({ id: item.id, duration: '12h', comment: 'shorter', version: 2 });
    expect(hoursLeft(renewed.expiresAt)).toBeLessThan(12.01);
    expect((await auditOf(item.id as string)).map((a) => a.action)).toEqual(['blockip.create', 'blockip.renew']);

    // MozDef's default duration is one hour; 1w is seven days.
    await mz('POST', '/blockip', [{ ipaddress: '45.33.32.11' }, { IPBlockList: true }]);
    expect(hoursLeft((await blockItem('blockip', '45.33.32.11'))!.expiresAt)).toBeLessThan(1.01);
    await mz('POST', '/blockip', [{ ipaddress: '45.33.32.0/28' }, { duration: '1w' }, { IPBlockList: 'true' }]);
    expect(await blockItem('blockip', '45.33.32.0/28')).toMatchObject({ type: 'cidr', duration: '7d' });
  });

  it('refuses private ranges and bad bodies with 4xx JSON, never 500; an unticked plugin does nothing', async () => {
    for (const ip of ['10.0.0.1', '192.168.1.0/24', '127.0.0.1']) {
      const r = await mz('POST', '/blockip', [{ ipaddress: ip }, { IPBlockList: true }]);
      expect(r.status, ip).toBe(400);
      expect((r.json.error as Json).message).toMatch(/private, loopback, link-local or reserved/);
    }
    const bad: Array<[unknown, RegExp]> = [
      ['{', /invalid JSON/],
      ['', /no data/],
      ['"1.2.3.4"', /list of form fields/],
      ['[1]', /field 0/],
      [[{ IPBlockList: true }], /ipaddress: required/],
      [[{ ipaddress: '8.8.8.8' }], /IPBlockList/],
      [[{ ipaddress: '8.8.8.8' }, { IPBlockList: 'maybe' }], /true or false/],
      [[{ ipaddress: { x: 1 } }, { IPBlockList: true }], /must be text/],
      [[{ ipaddress: '8.8.8.8' }, { IPBlockList: true }, { duration: 'forever' }], /duration/],
      [[{ ipaddress: 'not-an-ip' }, { IPBlockList: true }], /not an IPv4 or IPv6/],
      ['[{"__proto__": {"ipaddress": "8.8.8.8"}}, {"IPBlockList": true}]', /ipaddress: required/],
    ];
    for (const [body, msg] of bad) {
      const r = await mz('POST', '/blockip', typeof body === 'string' ? body : JSON.stringify(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.json.error as Json).message, JSON.stringify(body)).toMatch(msg);
    }
    const skipped = await mz('POST', '/blockip', [{ ipaddress: '45.33.32.12' }, { IPBlockList: false }]);
    expect(skipped.status).toBe(200);
    expect(skipped.headers.get('x-picket-result')).toBe('skipped');
    expect(await blockItem('blockip', '45.33.32.12')).toBeUndefined();
  });

  it('blocks an FQDN (an existing one is left alone, as in MozDef); an invalid FQDN is a 400', async () => {
    const body = [
      { fqdn: 'Evil.Example.com' },
      { duration: '1w' },
      { comment: 'c2' },
      { FQDNBlockList: true },
      { userid: 'analyst@example.com' },
    ];
    const r = await mz('POST', '/blockfqdn', body);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-plugin')).toBe('FQDN Block LIst');
    const item = (await blockItem('blockfqdn', 'evil.example.com'))!;
    expect(item).toMatchObject({ type: 'domain', duration: '7d', version: 1 });
    const again = await mz('POST', '/blockfqdn', [
      { fqdn: 'evil.example.com' },
      { duration: '30d' },
      { blockfqdn: true },
    ]);
    expect(again.headers.get('x-picket-result')).toBe('exists');
    expect(await blockItem('blockfqdn', 'evil.example.com')).toMatchObject({ duration: '7d', version: 1 });
    const invalid = await mz('POST', '/blockfqdn', [{ fqdn: 'not a domain' }, { FQDNBlockList: true }]);
    expect(invalid.status).toBe(400);
    expect((invalid.json.error as Json).message).toMatch(/not a valid domain/);
  });

  it('/watchitem types the term; /getwatchlist lists the active terms newest first', async () => {
    for (const [content, type] of [
      ['198.51.100.23', 'ip'],
      ['phish.example.net', 'domain'],
      ['Mallory', 'username'],
    ] as const) {
      const r = await mz('POST', '/watchitem', [
        { watchcontent: content },
        { duration: '2d' },
        { comment: 'suspicious' },
        { WatchList: true },
        { userid: 'a@b.c' },
      ]);
      expect(r.status, content).toBe(200);
      expect(r.headers.get('x-plugin')).toBe('Watch List');
      expect(await blockItem('watchlist', type === 'username' ? 'mallory' : content)).toMatchObject({
        type,
        duration: '2d',
      });
    }
    expect((await mz('POST', '/watchitem', [{ watchcontent: 'x' }, { WatchList: true }])).status).toBe(400);
    const list = await mz('GET', '/getwatchlist', undefined, viewer);
    expect(list.status).toBe(200);
    expect(list.json.slice(0, 3)).toEqual(['mallory', 'phish.example.net', '198.51.100.23']);
  });

  it('/plugins lists the REST plugins, then the enrichment plugins in run order, in MozDef’s shape', async () => {
    const all = await mz('GET', '/plugins', undefined, viewer);
    expect(all.json[0]).toEqual({
      file: 'plugins.ipblocklist',
      name: 'IPBlockList',
      description: 'IP Block LIst',
      registration: ['blockip'],
      priority: 10,
    });
    expect(all.json.slice(0, 3).map((p: Json) => p.name)).toEqual(['IPBlockList', 'FQDNBlockList', 'WatchList']);
    const enrichment = all.json.slice(3) as Json[];
    expect(enrichment.map((p) => p.priority)).toEqual(
      [...enrichment.map((p) => p.priority as number)].sort((a, b) => a - b),
    );
    expect(enrichment.find((p) => p.name === 'sshd')).toEqual({
      file: 'picket:sshd',
      name: 'sshd',
      description: 'sshd',
      registration: ['*'],
      priority: 15,
    });
    expect((await mz('GET', '/plugins/watchitem', undefined, viewer)).json.map((p: Json) => p.name)).toEqual([
      'WatchList',
    ]);
    expect((await mz('GET', '/plugins/guardduty', undefined, viewer)).json.map((p: Json) => p.name)).toEqual([
      'guardDuty',
      'lower_keys',
    ]);
    expect((await mz('GET', '/plugins/nothing', undefined, viewer)).json).toEqual([]);
  });
});

describe('/alertstatus', () => {
  it('MozDef TestAlertStatus: records the triage answer and status ({"error": null}); errors are 400 JSON', async () => {
    const category = uniqueCategory('mozdef-triage');
    const rule = await createRule(s, {
      name: 'triage me',
      type: 'match',
      query: `category:${category}`,
      category: 'triage',
      summary: 'triage {hostname}',
    });
    await postEvents(s, [{ summary: 'x', category, hostname: 'h1' }]);
    const alert = await until(
      async () => ((await api(s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as Json[])[0],
      'the alert',
    );
    const req = {
      alert: alert.id,
      status: 'acknowledged',
      user: { email: 'tester@testing.com', slack: 'tester' },
      identityConfidence: 'high',
      response: 'yes',
    };
    const r = await mz('POST', '/alertstatus', req);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ error: null });
    const after = (await api(s, 'GET', `/alerts/${alert.id}`, undefined, viewer)).body;
    expect(after.status).toBe('acknowledged');
    expect((after.details as Json).triage).toMatchObject({ user: { slack: 'tester' }, response: 'yes' });
    expect((after.details as Json).identityConfidence).toBe('high');
    expect((await auditOf(alert.id as string)).map((a) => a.action)).toContain('alert.triage');

    expect((await mz('POST', '/alertstatus', { ...req, status: 'manual' })).status).toBe(200);
    expect((await api(s, 'GET', `/alerts/${alert.id}`)).body.status).toBe('new');

    const errors: Array<[unknown, RegExp]> = [
      ['nope', /Missing or invalid request body/],
      [{ ...req, status: 'closed' }, /Status not one of manual or inProgress or acknowledged or escalated/],
      [{ ...req, response: undefined }, /Missing a required field, one of alert, user, response, identityConfidence/],
      [{ ...req, identityConfidence: 'certain' }, /identityConfidence not one of/],
      [{ ...req, alert: 'testid123' }, /Alert not found/],
      [{ ...req, alert: '00000000-0000-7000-8000-000000000000' }, /Alert not found/],
    ];
    for (const [body, msg] of errors) {
      const e = await mz('POST', '/alertstatus', body);
      expect(e.status, JSON.stringify(body)).toBe(400);
      expect((e.json.error as Json).message).toMatch(msg);
    }
    expect((await mz('POST', '/alertstatus', req, viewer)).status).toBe(403);
  });
});

describe('/incident and /veris', () => {
  it('creates an incident from MozDef’s body and /veris counts its tags', async () => {
    const body = {
      summary: 'Credential stuffing on the VPN',
      phase: 'Containment',
      creator: 'tester@mozilla.com',
      description: 'many logins',
      dateOpened: '2015-10-21 2:30 pm',
      dateReported: '2015-10-21 11:05 AM',
      tags: ['action.Hacking.Credential stuffing', 'asset.Network.VPN'],
      references: ['https://bugzilla.example/1'],
    };
    const r = await mz('POST', '/incident', body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'success', message: 'Incident: <Credential stuffing on the VPN> added.' });
    const inc = (await api(s, 'GET', `/incidents/${r.json.id}`, undefined, viewer)).body;
    expect(inc).toMatchObject({
      summary: body.summary,
      phase: 'Containment',
      description: 'many logins',
      openedAt: '2015-10-21T14:30:00.000Z',
      reportedAt: '2015-10-21T11:05:00.000Z',
      veris: body.tags,
      references: body.references,
      contacts: ['tester@mozilla.com'],
    });
    expect((await auditOf(r.json.id as string))[0].action).toBe('incident.create');

    const veris = await mz('GET', '/veris', undefined, viewer);
    expect(veris.status).toBe(200);
    expect(veris.json).toEqual(
      expect.arrayContaining([
        {
          dateOpened: { $date: Date.parse('2015-10-21T14:30:00Z') },
          tags: 'action.Hacking.Credential stuffing',
          phase: 'Containment',
        },
        { dateOpened: { $date: Date.parse('2015-10-21T14:30:00Z') }, tags: 'asset.Network.VPN', phase: 'Containment' },
      ]),
    );
  });

  it('refuses what MozDef refused, with its messages, as 400 {"status": "failed", "error"}', async () => {
    const ok = { summary: 's', phase: 'Identification', creator: 'a@b.org' };
    const cases: Array<[unknown, string]> = [
      ['', 'No data provided'],
      ['{', 'Invalid JSON'],
      [{ summary: 's', phase: 'Identification' }, 'Missing required keys(summary, phase, creator)'],
      [{ ...ok, phase: 'identification' }, 'Invalid incident phase'],
      [{ ...ok, phase: 3 }, 'Invalid incident phase'],
      [{ ...ok, creator: 'not an email' }, 'Invalid creator email'],
      [{ ...ok, dateClosed: '2015/10/21' }, 'Wrong format of date. Please use yyyy-mm-dd hh:mm am/pm'],
      [{ ...ok, dateOpened: '2015-02-30 1:00 pm' }, 'Wrong format of date. Please use yyyy-mm-dd hh:mm am/pm'],
      [{ ...ok, tags: 'action.Hacking' }, 'tags field must be a list'],
      [{ ...ok, references: 'x' }, 'references field must be a list'],
      [{ ...ok, summary: '' }, 'summary'],
      [{ ...ok, tags: [1] }, 'veris'],
    ];
    for (const [body, msg] of cases) {
      const r = await mz('POST', '/incident', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.status).toBe('failed');
      expect((r.json.error as Json).message).toContain(msg);
    }
    expect((await mz('POST', '/incident', ok, viewer)).status).toBe(403);
  });
});

describe('/alertschedules, /syncalertschedules, /updatealertschedules', () => {
  it('lists rules as celery schedules and maps enable and interval back onto the rule (admin, audited)', async () => {
    const list = await mz('GET', '/alertschedules', undefined, viewer);
    expect(list.status).toBe(200);
    const ssh = list.json['SSH brute force'] as Json;
    expect(ssh).toMatchObject({
      name: 'SSH brute force',
      task: 'mozdef.bruteforce_ssh',
      enabled: true,
      _cls: 'PeriodicTask',
      celery_schedule: { every: 120, period: 'seconds' },
      schedule_type: 'interval',
      schedule_str: '120 seconds',
      total_run_count: 0,
      last_run_at: null,
    });
    const ruleId = ssh._id as string;

    const update = {
      'bruteforce_ssh.AlertBruteforceSsh': {
        name: 'bruteforce_ssh.AlertBruteforceSsh',
        enabled: false,
        schedule_type: 'interval',
        celery_schedule: { every: 5, period: 'minutes' },
      },
      'nosuch.Alert': { enabled: true },
    };
    expect((await mz('POST', '/updatealertschedules', update)).status).toBe(403);
    const r = await mz('POST', '/updatealertschedules', update, s.adminToken);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      updated: ['bruteforce_ssh.AlertBruteforceSsh'],
      unchanged: [],
      unknown: ['nosuch.Alert'],
    });
    const rule = (await api(s, 'GET', `/rules/${ruleId}`)).body;
    expect(rule).toMatchObject({ enabled: false, window: '300s' });
    expect((await auditOf(ruleId)).map((a) => a.action)).toContain('rule.update');
    expect(
      ((await mz('GET', '/alertschedules', undefined, viewer)).json['SSH brute force'] as Json).celery_schedule,
    ).toEqual({ every: 300, period: 'seconds' });

    // The same again changes nothing; sync (run counters) never changes a rule.
    expect(
      (await mz('POST', '/updatealertschedules/', { 'SSH brute force': { enabled: false } }, s.adminToken)).json,
    ).toEqual({ updated: [], unchanged: ['SSH brute force'], unknown: [] });
    const sync = await mz(
      'POST',
      '/syncalertschedules',
      { 'SSH brute force': { enabled: true, total_run_count: 3, last_run_at: null } },
      s.adminToken,
    );
    expect(sync.json).toEqual({ updated: [], unchanged: ['SSH brute force'], unknown: [] });
    expect((await api(s, 'GET', `/rules/${ruleId}`)).body.enabled).toBe(false);

    for (const [body, msg] of [
      ['', /no data/],
      ['[]', /object of alert schedules/],
      [{ x: 1 }, /x: must be a schedule object/],
      [{ 'SSH brute force': { enabled: 'no' } }, /enabled: must be true or false/],
      [
        { 'SSH brute force': { schedule_type: 'interval', celery_schedule: { every: -1, period: 'minutes' } } },
        /positive number/,
      ],
      [
        { 'SSH brute force': { schedule_type: 'interval', celery_schedule: { every: 30, period: 'days' } } },
        /between 1 second and 7 days/,
      ],
    ] as const) {
      const e = await mz(
        'POST',
        '/updatealertschedules',
        typeof body === 'string' ? body : JSON.stringify(body),
        s.adminToken,
      );
      expect(e.status, JSON.stringify(body)).toBe(400);
      expect((e.json.error as Json).message).toMatch(msg);
    }
  });
});

describe('/ipwhois and /ipdshieldquery (offline)', () => {
  it('answers whois from the bundled GeoIP data; private addresses get only fqdn, as in MozDef', async () => {
    const r = await mz('POST', '/ipwhois', { ipaddress: '8.8.8.8' }, viewer);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ query: '8.8.8.8', asn: null, asn_country_code: 'US', fqdn: '8.8.8.8' });
    expect((r.json.nets as Json[])[0]).toMatchObject({ country: 'US' });
    expect((await mz('POST', '/ipwhois/', { ipaddress: '10.1.2.3' }, viewer)).json).toEqual({ fqdn: '10.1.2.3' });
    for (const body of [
      '{',
      '{}',
      JSON.stringify({ ipaddress: '2001:db8::1' }),
      JSON.stringify({ ipaddress: 'x.y.z.w' }),
      JSON.stringify({ ipaddress: 5 }),
    ]) {
      const e = await mz('POST', '/ipwhois', body, viewer);
      expect(e.status, body).toBe(400);
    }
  });

  it('/ipdshieldquery is 501 without PICKET_DSHIELD_API_URL (no outbound calls by default)', async () => {
    const r = await mz('POST', '/ipdshieldquery', { ipaddress: '8.8.8.8' }, viewer);
    expect(r.status).toBe(501);
    expect((r.json.error as Json).code).toBe('not_implemented');
    expect((await mz('POST', '/ipdshieldquery', '{', viewer)).status).toBe(400);
  });
});
