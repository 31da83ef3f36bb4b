// Triage at scale over tRPC: the console's filters, the severity sort, "N matching", bulk actions
// over a filter (one audit entry), bulk escalation, who acknowledged/assigned, expiring exceptions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcError, trpcHttp } from './trpc-http-client.ts';

let s: TestServer;
let t: ReturnType<typeof trpcHttp>;
beforeAll(async () => {
  s = await startTestServer();
  t = trpcHttp(s.url, s.adminToken);
});
afterAll(() => s?.stop());

const settle = () => s.picket.alerting.engine.idle();
const summaries = (list: ReadonlyArray<{ summary: string }>) => list.map((a) => a.summary);

describe('alert triage over tRPC', () => {
  it('filters by text, entity (whole token), assignee me/none; sorts by severity; counts and bulk-changes all matching with one audit entry', async () => {
    const cat = uniqueCategory('triage');
    const mk = (severity: string) =>
      createRule(s, {
        name: `triage ${severity}`,
        type: 'match',
        query: `category:${cat} AND details.sev:${severity}`,
        category: 'test',
        severity,
        summary: `${severity} from {details.ip}`,
      });
    const [notice, critical] = [await mk('NOTICE'), await mk('CRITICAL')];
    const ev = (sev: string, ip: string) => ({ category: cat, details: { sev, ip } });
    // The CRITICAL first: the oldest alert, last by time.
    await postEvents(s, [ev('CRITICAL', '10.0.0.9')]);
    await settle();
    await postEvents(s, [
      ev('NOTICE', '10.0.0.1'),
      ev('NOTICE', '10.0.0.12'),
      ev('NOTICE', '10.0.0.1'),
      ev('NOTICE', '10.0.0.1'),
    ]);
    await settle();
    const noticeId = notice.id as string;
    expect((await alertsOf(s, noticeId)).length + (await alertsOf(s, critical.id as string)).length).toBe(5);

    // Newest first puts the CRITICAL last; by severity it leads.
    const byTime = await t.alerts.list.query({ text: 'from 10.0.0.', sort: 'time' });
    expect(summaries(byTime)).toHaveLength(5);
    expect(summaries(byTime)[4]).toBe('CRITICAL from 10.0.0.9');
    const bySeverity = await t.alerts.list.query({ text: 'FROM 10.0.0.', sort: 'severity' });
    expect(summaries(bySeverity)).toEqual([
      'CRITICAL from 10.0.0.9',
      ...summaries(byTime).filter((x) => !x.startsWith('CRITICAL')),
    ]);

    // The entity filter takes the IP as a whole token: 10.0.0.1 is not 10.0.0.12.
    const ip = await t.alerts.list.query({ entity: '10.0.0.1', ruleId: noticeId });
    expect(summaries(ip)).toEqual(['NOTICE from 10.0.0.1', 'NOTICE from 10.0.0.1', 'NOTICE from 10.0.0.1']);
    // Free text is literal: a % is not a wildcard.
    expect(await t.alerts.list.query({ text: '10.0.0.%', ruleId: noticeId })).toEqual([]);
    expect(await t.alerts.count.query({ entity: '10.0.0.1', ruleId: noticeId })).toEqual({ count: 3, capped: false });

    // Acknowledge all 3 matching on the server: one audit entry with the filter and the count.
    const acked = await t.alerts.bulkAction.mutate({
      scope: { filter: { entity: '10.0.0.1', ruleId: noticeId } },
      change: { status: 'acknowledged' },
    });
    expect(acked).toEqual({ matched: 3, changed: 3 });
    const audit = ((await api(s, 'GET', '/audit?action=alert.bulk')).body.entries as Json[]).filter((e) =>
      JSON.stringify(e.diff).includes(noticeId),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].diff).toMatchObject({
      change: { status: 'acknowledged' },
      matched: 3,
      changed: 3,
      filter: { entity: '10.0.0.1', ruleId: noticeId },
    });
    const ackedRows = await t.alerts.list.query({ ruleId: noticeId, status: ['acknowledged'] });
    expect(ackedRows).toHaveLength(3);
    const who = ackedRows[0].acknowledgedBy!;
    expect(who).toBeTruthy();
    expect(Date.parse(ackedRows[0].acknowledgedAt as string)).toBeGreaterThan(Date.now() - 60_000);

    // Assign two by hand-picked ids to "me" (the caller's name); mine and unassigned filter them apart.
    const two = ackedRows.slice(0, 2).map((a) => a.id);
    expect(await t.alerts.bulkAction.mutate({ scope: { ids: two }, change: { assignee: who } })).toEqual({
      matched: 2,
      changed: 2,
    });
    const mine = await t.alerts.list.query({ assignee: 'me', ruleId: noticeId });
    expect(mine.map((a) => a.id).sort()).toEqual([...two].sort());
    expect(mine[0]).toMatchObject({ assignedBy: who });
    expect(await t.alerts.count.query({ assignee: 'none', ruleId: noticeId })).toEqual({ count: 2, capped: false });
    const unassigned = await t.alerts.list.query({
      assignee: 'none',
      status: ['new', 'acknowledged', 'escalated'],
      sort: 'severity',
      size: 200,
    });
    expect(unassigned.filter((a) => a.ruleId === noticeId)).toHaveLength(2);

    // REST takes the same filters: text, entity as a whole token, assignee me/none, the severity sort.
    const rest = async (qs: string) => (await api(s, 'GET', `/alerts?${qs}`)).body.alerts as Json[];
    const restSummaries = (list: Json[]) => list.map((a) => a.summary as string);
    expect(restSummaries(await rest('text=FROM%2010.0.0.&sort=severity'))).toEqual(summaries(bySeverity));
    expect(restSummaries(await rest(`entity=10.0.0.1&ruleId=${noticeId}`))).toEqual(summaries(ip));
    expect(await rest(`text=${encodeURIComponent('10.0.0.%')}&ruleId=${noticeId}`)).toEqual([]);
    expect((await rest(`assignee=${encodeURIComponent(who)}&ruleId=${noticeId}`)).map((a) => a.id).sort()).toEqual(
      [...two].sort(),
    );
    expect((await rest(`assignee=me&ruleId=${noticeId}`)).map((a) => a.id).sort()).toEqual([...two].sort());
    expect(await rest(`assignee=none&ruleId=${noticeId}`)).toHaveLength(2);
    const bad = await api(s, 'GET', '/alerts?sort=loudest');
    expect(bad.status).toBe(400);
  });

  it('bulk-escalates every matching alert into a new incident with their events as evidence', async () => {
    const cat = uniqueCategory('triage-esc');
    const rule = await createRule(s, {
      name: 'triage esc',
      type: 'match',
      query: `category:${cat}`,
      category: 'test',
      severity: 'ERROR',
      summary: 'esc {details.n}',
    });
    await postEvents(
      s,
      [1, 2, 3, 4].map((n) => ({ category: cat, details: { n } })),
    );
    await settle();
    const ruleId = rule.id as string;
    const r = await t.alerts.bulkEscalate.mutate({
      scope: { filter: { ruleId } },
      target: { mode: 'new', kind: 'incident', summary: 'four at once' },
    });
    expect(r).toMatchObject({ kind: 'incident', summary: 'four at once', matched: 4, escalated: 4, evidence: 4 });
    const incident = (await api(s, 'GET', `/incidents/${r.caseId}`)).body;
    expect(incident.severity).toBe('high');
    expect((incident.evidence as Json[]).length).toBe(4);
    expect((await alertsOf(s, ruleId)).map((a) => a.status)).toEqual([
      'escalated',
      'escalated',
      'escalated',
      'escalated',
    ]);
    // Into the same incident again: nothing left to escalate, the incident stays as it was.
    // A viewer may neither bulk-change nor escalate; refused calls change nothing.
    const viewer = trpcHttp(s.url, await tokenFor(s.url, s.adminToken, 'viewer'));
    expect(
      (
        await trpcError(
          viewer.alerts.bulkAction.mutate({ scope: { filter: { ruleId } }, change: { status: 'closed' } }),
        )
      ).data?.code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await trpcError(
          viewer.alerts.bulkEscalate.mutate({
            scope: { filter: { ruleId } },
            target: { mode: 'new', kind: 'incident', summary: 'no' },
          }),
        )
      ).data?.code,
    ).toBe('FORBIDDEN');
    const again = await t.alerts.bulkEscalate.mutate({
      scope: { filter: { ruleId, status: ['new'] } },
      target: { mode: 'existing', kind: 'incident', caseId: r.caseId },
    });
    expect(again).toMatchObject({ matched: 0, escalated: 0 });
  });

  it('exceptions expire: default 30 days, "never" on request, and an expired one stops applying', async () => {
    const cat = uniqueCategory('triage-exc');
    const rule = await createRule(s, {
      name: 'triage exc',
      type: 'match',
      query: `category:${cat}`,
      category: 'test',
      summary: 'exc {details.ip}',
    });
    const ruleId = rule.id as string;
    const def = await t.rules.addException.mutate({ ruleId, query: 'details.ip:192.0.2.1' });
    const days = (Date.parse(def.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const never = await t.rules.addException.mutate({ ruleId, query: 'details.ip:192.0.2.2', expiresAt: null });
    expect(never.expiresAt).toBeNull();
    const past = await trpcError(
      t.rules.addException.mutate({
        ruleId,
        query: 'details.ip:192.0.2.3',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      }),
    );
    expect(past.data?.httpStatus).toBe(400);
    const soon = new Date(Date.now() + 1500).toISOString();
    await t.rules.addException.mutate({ ruleId, query: 'details.ip:192.0.2.3', expiresAt: soon });
    const listed = (await t.rules.get.query({ id: ruleId })).exceptions;
    expect(listed.map((x) => [x.query, x.expiresAt === null])).toEqual([
      ['details.ip:192.0.2.1', false],
      ['details.ip:192.0.2.2', true],
      ['details.ip:192.0.2.3', false],
    ]);

    await postEvents(
      s,
      ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((ip) => ({ category: cat, details: { ip } })),
    );
    await settle();
    expect(await alertsOf(s, ruleId)).toEqual([]);
    // Past its expiry, the third no longer applies (the compiled rule was not reloaded meanwhile).
    await until(async () => Date.now() > Date.parse(soon) + 50, 'the exception to expire');
    await postEvents(
      s,
      ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((ip) => ({ category: cat, details: { ip } })),
    );
    await settle();
    expect((await alertsOf(s, ruleId)).map((a) => a.summary)).toEqual(['exc 192.0.2.3']);
  });
});
