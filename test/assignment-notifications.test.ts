// Assigning an alert or a task notifies the assignee in their inbox (bell count, list, live topic),
// through both tRPC and REST, never when people assign themselves; against a real server and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxTopic } from '../server/inbox/mention-writer.ts';
import { api } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { callerFor, createPeople, heard as heardOn, type Person } from './trpc-caller.ts';

let s: TestServer;
let people: Record<string, Person>;

beforeAll(async () => {
  s = await startTestServer();
  people = await createPeople(s, [
    ['ana', 'ana@example.org', 'analyst'],
    ['bob', 'Bob@Example.org', 'analyst'],
  ]);
});
afterAll(() => s?.stop());

const count = async (who: string) => (await people[who].caller.inbox.unreadCount()).count;
const latest = async (who: string) => (await people[who].caller.inbox.list({ unreadOnly: false, limit: 1 })).items[0];

async function newAlert(summary: string, severity = 'CRITICAL'): Promise<string> {
  const { rows } = await s.db.pool.query<{ id: string }>(
    `INSERT INTO alerts (utctimestamp, severity, summary, category) VALUES (now(), $1, $2, 'test') RETURNING id`,
    [severity, summary],
  );
  return rows[0].id;
}

const heard = (topic: string, fn: () => Promise<unknown>) => heardOn(s, topic, fn);

describe('alert assignment', () => {
  it('tRPC: the assignee gets one inbox entry linked to the alert, announced on their inbox topic', async () => {
    const { ana, bob } = people;
    const id = await newAlert('=cmd| ssh brute force on bastion-1');
    const before = await count('bob');
    const topic = await heard(inboxTopic(bob.id), () =>
      ana.caller.alerts.assign({ id, assignee: 'bob@example.org', version: 1 }),
    );
    expect(topic).toHaveLength(1);
    expect(await count('bob')).toBe(before + 1);
    expect(await latest('bob')).toMatchObject({
      id: topic[0].id,
      kind: 'assignment',
      entryType: 'alert',
      alertId: id,
      caseId: null,
      actorName: 'ana@example.org',
      excerpt: '=cmd| ssh brute force on bastion-1',
      readAt: null,
    });
    // The same assignment again is no change, so no second notification.
    const again = await ana.caller.alerts.get({ id });
    await ana.caller.alerts.assign({ id, assignee: 'bob@example.org', version: again.version });
    expect(await count('bob')).toBe(before + 1);
  });

  it('never when you assign yourself, nor for an assignee who is not a user', async () => {
    const { ana } = people;
    const id = await newAlert('self');
    const before = await count('ana');
    await ana.caller.alerts.assign({ id, assignee: 'ana@example.org', version: 1 });
    await ana.caller.alerts.assign({ id, assignee: 'nobody@example.org', version: 2 });
    expect(await count('ana')).toBe(before);
    const { rows } = await s.db.pool.query(`SELECT count(*)::int AS n FROM inbox_notifications WHERE alert_id = $1`, [
      id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('REST POST /api/v1/alerts/:id/assign notifies too, checks the version and refuses a viewer', async () => {
    const id = await newAlert('rest assigned', 'HIGH');
    const before = await count('bob');
    const stale = await api(s, 'POST', `/alerts/${id}/assign`, { assignee: 'bob@example.org', version: 7 });
    expect(stale.status).toBe(409);
    const ok = await api(s, 'POST', `/alerts/${id}/assign`, { assignee: 'bob@example.org', version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, assignee: 'bob@example.org', version: 2 });
    expect(await count('bob')).toBe(before + 1);
    expect(await latest('bob')).toMatchObject({ kind: 'assignment', alertId: id, actorName: 'PICKET_ADMIN_TOKEN' });
    const bad = await api(s, 'POST', `/alerts/${id}/assign`, { assignee: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('error.code', 'bad_request');
    const { token } = await s.picket.tokens.create({ name: 'viewer', role: 'viewer', actor: 'system' });
    const refused = await api(s, 'POST', `/alerts/${id}/assign`, { assignee: null }, token);
    expect(refused.status).toBe(403);
    // Unassigning notifies nobody.
    await api(s, 'POST', `/alerts/${id}/assign`, { assignee: null });
    expect(await count('bob')).toBe(before + 1);
  });
});

describe('task assignment', () => {
  it('a task created for someone, or reassigned to them, notifies them; the bell counts it', async () => {
    const { ana, bob } = people;
    const inc = await ana.caller.cases.create({ kind: 'incident', summary: 'phish wave' });
    const before = await count('bob');
    const task = await ana.caller.cases.addTask({ caseId: inc.id, title: 'pull mail logs', assigneeId: bob.id });
    expect(await count('bob')).toBe(before + 1);
    expect(await latest('bob')).toMatchObject({
      kind: 'assignment',
      entryType: 'task',
      entryId: task.id,
      caseId: inc.id,
      caseKind: 'incident',
      caseSummary: 'phish wave',
      excerpt: 'pull mail logs',
    });
    // A title edit is no assignment; handing it to ana (by ana) notifies nobody; back to bob does.
    const updated = async (patch: Parameters<typeof ana.caller.cases.updateTask>[0]) => {
      const r = await ana.caller.cases.updateTask(patch);
      if (r.status !== 'updated') throw new Error(`task update: ${r.status}`);
      return r.record;
    };
    const t2 = await updated({ id: task.id, version: task.version, title: 'pull mail logs (all)' });
    expect(await count('bob')).toBe(before + 1);
    const t3 = await updated({ id: task.id, version: t2.version, assigneeId: ana.id });
    expect(await count('ana')).toBe(0);
    await bob.caller.inbox.markAllRead();
    const topic = await heard(inboxTopic(bob.id), () =>
      updated({ id: task.id, version: t3.version, assigneeId: bob.id }),
    );
    expect(topic).toHaveLength(1);
    expect(await count('bob')).toBe(1);
    expect(await latest('bob')).toMatchObject({ id: topic[0].id, excerpt: 'pull mail logs (all)' });
  });

  it('REST: a task added with an assignee notifies them', async () => {
    const { bob } = people;
    const inc = await api(s, 'POST', '/investigations', { summary: 'odd logins' });
    expect(inc.status).toBe(201);
    const before = await count('bob');
    const t = await api(s, 'POST', `/investigations/${inc.body.id}/tasks`, { title: 'check VPN', assigneeId: bob.id });
    expect(t.status).toBe(201);
    expect(await count('bob')).toBe(before + 1);
    expect(await latest('bob')).toMatchObject({
      kind: 'assignment',
      entryType: 'task',
      entryId: t.body.id,
      caseKind: 'investigation',
      caseSummary: 'odd logins',
    });
  });
});

describe('dashboard.needsAttention and dashboard.navCounts', () => {
  it('lists open unassigned CRITICAL/HIGH alerts oldest first with their wait, my alerts and my tasks; the nav counts agree', async () => {
    const { ana, bob } = people;
    // The earlier tests left alerts behind: count relative to what is there now.
    const base = await bob.caller.dashboard.needsAttention();
    const baseCounts = await bob.caller.dashboard.navCounts();
    expect(baseCounts).toEqual({ alerts: base.alerts!.unassignedCount, tasks: base.tasks!.mineCount });
    const old = await newAlert('oldest urgent', 'HIGH');
    await s.db.pool.query(`UPDATE alerts SET utctimestamp = now() - interval '30 days' WHERE id = $1`, [old]);
    await newAlert('low, not urgent', 'LOW');
    const closed = await newAlert('closed critical');
    await s.db.pool.query(`UPDATE alerts SET status = 'closed' WHERE id = $1`, [closed]);
    const mine = await newAlert('mine now');
    await ana.caller.alerts.assign({ id: mine, assignee: 'bob@example.org', version: 1 });
    const now = await bob.caller.dashboard.needsAttention();
    expect(now.alerts!.unassignedCount).toBe(base.alerts!.unassignedCount + 1);
    expect(now.alerts!.unassigned[0]).toMatchObject({
      id: old,
      summary: 'oldest urgent',
      severity: 'HIGH',
      href: `/alerts?status=any&id=${old}`,
    });
    expect(Date.parse(now.alerts!.oldestUnassignedAt!)).toBeLessThan(Date.now() - 29 * 86_400_000);
    expect(now.alerts!.mine.map((a) => a.id)).toContain(mine);
    expect(now.alerts!.mineCount).toBe(base.alerts!.mineCount + 1);
    expect(
      now.tasks!.mine.every((t) =>
        t.href.startsWith(`/${t.caseKind === 'incident' ? 'incidents' : 'investigations'}/${t.caseId}?entry=task-`),
      ),
    ).toBe(true);
    expect(await bob.caller.dashboard.navCounts()).toEqual({
      alerts: now.alerts!.unassignedCount,
      tasks: now.tasks!.mineCount,
    });
    // ana holds no task: her count is her own.
    expect((await ana.caller.dashboard.navCounts()).tasks).toBe(0);
  });

  it('leaves out what the caller may not read: a token has no tasks', async () => {
    const token = callerFor(s, { kind: 'token', id: 't', name: 'script', role: 'viewer', ingestOnly: false }, 'token');
    const n = await token.dashboard.needsAttention();
    expect(n.tasks).toBeUndefined();
    expect(n.alerts?.mineCount).toBe(0);
    expect((await token.dashboard.navCounts()).tasks).toBeNull();
  });
});
