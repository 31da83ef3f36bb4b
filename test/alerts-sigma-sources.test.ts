// Sigma logsources through the real pipeline (POST /events, enrichment, engine): CloudTrail rules
// fire on a raw camelCase record (the cloudtrail_record and lower_keys plugins lower its keys) and
// on a MozDef-shaped one; a logsource Picket does not map is a 400 naming it; correlation aliases
// group events of different rules by different fields; the specification's chained example fires;
// |expand reads the placeholders file named by PICKET_SIGMA_PLACEHOLDERS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let placeholderDir: string;
beforeAll(async () => {
  // The deployment's Sigma placeholders file, read at start.
  placeholderDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picket-placeholders-'));
  const file = path.join(placeholderDir, 'placeholders.yml');
  fs.writeFileSync(file, 'Administrators: [root, "adm-*"]\nServers: "srv*"\n');
  s = await startTestServer({ PICKET_ALERT_TICK_MS: '100', PICKET_SIGMA_PLACEHOLDERS: file });
});
afterAll(async () => {
  await s?.stop();
  fs.rmSync(placeholderDir, { recursive: true, force: true });
});

const settle = () => s.picket.alerting.engine.idle();
const sigma = (yaml: string) => createRule(s, { type: 'sigma', yaml });

describe('Sigma CloudTrail rules', () => {
  it('fire on raw CloudTrail records and on MozDef-shaped ones, whatever the key case', async () => {
    const marker = uniqueCategory('ct');
    const rule = await sigma(`title: Login profile changed for another user
level: high
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: UpdateLoginProfile
    requestParameters.marker: ${marker}
  filter_self:
    userIdentity.userName|fieldref: requestParameters.userName
  filter_failed:
    errorCode|exists: true
  condition: selection and not filter_self and not filter_failed
`);
    // As AWS writes it: the record is recognized, then lower_keys lowers every details key.
    const raw = (actor: string, target: string, errorCode?: string) => ({
      eventVersion: '1.08',
      eventSource: 'iam.amazonaws.com',
      eventName: 'UpdateLoginProfile',
      eventType: 'AwsApiCall',
      eventTime: new Date().toISOString(),
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.4',
      userIdentity: { type: 'IAMUser', userName: actor, arn: `arn:aws:iam::111122223333:user/${actor}` },
      requestParameters: { userName: target, marker },
      ...(errorCode ? { errorCode } : {}),
    });
    // As MozDef stored CloudTrail: lower-case keys under details, category cloudtrail.
    const mozdef = (actor: string, target: string) => ({
      category: 'cloudtrail',
      source: 'cloudtrail',
      hostname: 'iam.amazonaws.com',
      summary: 'UpdateLoginProfile',
      details: {
        eventsource: 'iam.amazonaws.com',
        eventname: 'UpdateLoginProfile',
        useridentity: { username: actor },
        requestparameters: { username: target, marker },
      },
    });
    await postEvents(s, [
      raw('alice', 'bob'),
      raw('bob', 'bob'),
      raw('carol', 'bob', 'AccessDenied'),
      mozdef('dave', 'erin'),
      mozdef('erin', 'ERIN'),
    ]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(2);
    const stored = await s.db.pool.query<{ details: Json }>(`SELECT details FROM events WHERE id = ANY($1::uuid[])`, [
      alerts.flatMap((a) => a.eventIds as string[]),
    ]);
    const actors = stored.rows.map((r) => (r.details.useridentity as Json).username).sort();
    expect(actors).toEqual(['alice', 'dave']);
    // The raw record really went through lower_keys: its stored keys are lower case.
    expect(stored.rows.some((r) => 'eventname' in r.details && !('eventName' in r.details))).toBe(true);
  });
});

describe('Sigma logsources Picket does not map', () => {
  it('are a 400 naming the logsource, so a web-server rule never runs on syslog lines', async () => {
    const r = await api(s, 'POST', '/rules', {
      type: 'sigma',
      yaml: 'title: w\nlogsource:\n  category: webserver\ndetection:\n  sel:\n    cs-method: POST\n  condition: sel\n',
    });
    expect(r.status).toBe(400);
    expect((r.body.error as Json).message).toContain('logsource "category: webserver" has no mapping in Picket');
  });
});

describe('Sigma correlation aliases', () => {
  it('group the events of different rules by different fields (server error, then the same address connects out)', async () => {
    const cat = uniqueCategory('sigma-alias');
    const rule = await sigma(`title: Internal error
name: internal_error
detection:
  s:
    category: ${cat}
    status: 500
  condition: s
---
title: New connection
name: new_connection
detection:
  s:
    category: ${cat}
    kind: connection
  condition: s
---
title: Error then connection from the same address
correlation:
  type: temporal
  rules: [internal_error, new_connection]
  group-by: [internal_ip]
  timespan: 5m
  aliases:
    internal_ip:
      internal_error: destination.ip
      new_connection: source.ip
`);
    const err = (dst: string) => ({
      category: cat,
      details: { status: 500, destination: { ip: dst }, source: { ip: '203.0.113.1' } },
    });
    const conn = (src: string) => ({
      category: cat,
      details: { kind: 'connection', source: { ip: src }, destination: { ip: '198.51.100.9' } },
    });
    // 10.0.0.7 errs and 10.0.0.8 connects: no pair by the aliased fields.
    await postEvents(s, [err('10.0.0.7'), conn('10.0.0.8')]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(s, [conn('10.0.0.7')]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ eventCount: 2, groupKey: '10.0.0.7' });
  });

  it('a count with an upper bound alerts when the bucket closes: {gte: 2, lte: 3} per host', async () => {
    const cat = uniqueCategory('sigma-bounded');
    const rule = await sigma(
      `title: f\nname: f\ndetection:\n  s:\n    category: ${cat}\n  condition: s\n---\ntitle: Two or three\ncorrelation:\n  type: event_count\n  rules: [f]\n  group-by: [ComputerName]\n  timespan: 1m\n  condition: {gte: 2, lte: 3}\n`,
    );
    // Ten minutes ago, inside one 1-minute bucket that has long closed: the engine's timer judges it.
    const start = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
    const at = (i: number) => new Date(start + 1000 * (i + 1)).toISOString();
    const ev = (hostname: string, i: number) => ({ category: cat, hostname, utctimestamp: at(i), summary: 'x' });
    await postEvents(s, [ev('two', 0), ev('two', 1), ev('one', 0), ...[0, 1, 2, 3].map((i) => ev('four', i))]);
    await until(async () => ((await alertsOf(s, rule.id as string)).length > 0 ? true : null), 'the bucket alert');
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => [a.groupKey, a.eventCount])).toEqual([['two', 2]]);
  });

  it("the spec's chained example (temporal_ordered over an event_count) imports unchanged and fires on nxlog Security events", async () => {
    const rule = await sigma(
      fs.readFileSync(new URL('./fixtures/sigma/spec-chained-correlation.yml', import.meta.url), 'utf8'),
    );
    const user = uniqueCategory('user');
    const t0 = Date.now() - 5 * 60_000;
    // What nxlog's im_msvistalog sends to /nxlog for the Security channel.
    const logon = (id: number, who: string, i: number) => ({
      EventTime: new Date(t0 + i * 1000).toISOString(),
      Hostname: 'dc1',
      SourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security',
      EventID: id,
      User: who,
    });
    await postEvents(s, [...Array.from({ length: 9 }, (_, i) => logon(4625, user, i)), logon(4624, user, 20)]);
    await settle();
    expect(await alertsOf(s, rule.id as string)).toHaveLength(0);
    await postEvents(
      s,
      Array.from({ length: 10 }, (_, i) => logon(4625, user, 30 + i)),
    );
    await settle();
    // A reload rebuilds the windows from the store (the inner correlation's too) before the success arrives.
    await s.picket.alerting.engine.reload(rule.id as string);
    await postEvents(s, [logon(4624, user, 60)]);
    await settle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts.map((a) => [a.groupKey, a.eventCount])).toEqual([[user, 11]]);
  });
});

describe('Sigma |expand placeholders', () => {
  it('expand to the values of the placeholders file; tRPC lists them; an undefined one is a 400 naming it', async () => {
    const res = await fetch(`${s.url}/api/trpc/rules.sigmaPlaceholders`, {
      headers: { Authorization: `Bearer ${s.adminToken}` },
    });
    expect(((await res.json()) as { result: { data: Json } }).result.data).toEqual({
      placeholders: [
        { name: 'Administrators', values: ['root', 'adm-*'] },
        { name: 'Servers', values: ['srv*'] },
      ],
    });
    const cat = uniqueCategory('sigma-expand');
    const yaml = `title: Admin activity on a server\ndetection:\n  s:\n    category: ${cat}\n    User|expand: '%Administrators%'\n    ComputerName|expand: '%Servers%'\n  condition: s\n`;
    const rule = await sigma(yaml);
    const ev = (username: string, hostname: string) => ({
      category: cat,
      hostname,
      summary: 'x',
      details: { username },
    });
    await postEvents(s, [ev('root', 'srv-1'), ev('adm-jo', 'srv-2'), ev('bob', 'srv-1'), ev('root', 'laptop')]);
    await settle();
    expect((await alertsOf(s, rule.id as string)).map((a) => a.eventCount)).toEqual([1, 1]);
    const bad = await api(s, 'POST', '/rules', { type: 'sigma', yaml: yaml.replace('%Servers%', '%Workstations%') });
    expect(bad.status).toBe(400);
    expect((bad.body.error as Json).message).toContain(
      'the placeholder %Workstations% in "ComputerName|expand" is not defined (defined: Administrators, Servers)',
    );
  });
});
