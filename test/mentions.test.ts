// @mentions in case notes and the per-user inbox, against a real server and Postgres: who gets
// notified (resolution, ambiguity, self, disabled users), dedup, edits, permissions, live topics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxTopic, recordMentions, tasksTopic } from '../server/inbox/mention-writer.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { callerFor as callerOn, createPeople, heard as heardOn, type Person } from './trpc-caller.ts';

let s: TestServer;
let people: Record<string, Person>;

beforeAll(async () => {
  s = await startTestServer();
  people = await createPeople(s, [
    ['ana', 'ana@example.org', 'analyst'],
    ['bob', 'bob@example.org', 'analyst'],
    ['vera', 'vera@example.org', 'viewer'],
    ['dupA', 'dup@a.example', 'analyst'],
    ['dupB', 'dup@b.example', 'analyst'],
    ['gone', 'gone@example.org', 'analyst'],
  ]);
  await s.db.pool.query('UPDATE users SET disabled_at = now() WHERE id = $1', [people.gone.id]);
});
afterAll(() => s?.stop());

const inbox = (who: string) => people[who].caller.inbox.list({ unreadOnly: false, limit: 50 });
const count = async (who: string) => (await people[who].caller.inbox.unreadCount()).count;

const heard = (topic: string, fn: () => Promise<unknown>) => heardOn(s, topic, fn);
const callerFor = (identity: Parameters<typeof callerOn>[1]) => callerOn(s, identity);

describe('@mentions', () => {
  it('notifies each mentioned active user once, never the author, and only unambiguous handles', async () => {
    const { ana, bob } = people;
    const inc = await ana.caller.cases.create({ kind: 'incident', summary: 'phish wave' });
    const text =
      'Blocked the sender. @Bob please check mail logs, @bob again; cc @vera, @ana (me), @gone, @nobody, @dup and @dup@b.example.\n`@dupA in code`';
    let entryId = '';
    const toBob = await heard(inboxTopic(bob.id), async () => {
      entryId = (await ana.caller.cases.addTimelineEntry({ caseId: inc.id, text, kind: 'note' })).id;
    });
    expect(toBob).toHaveLength(1);
    expect(await count('bob')).toBe(1);
    expect(await count('vera')).toBe(1);
    expect(await count('dupB')).toBe(1);
    for (const nobody of ['ana', 'gone', 'dupA']) expect(await count(nobody)).toBe(0);
    const [n] = (await inbox('bob')).items;
    expect(n).toMatchObject({
      id: toBob[0].id,
      kind: 'mention',
      caseId: inc.id,
      caseKind: 'incident',
      caseSummary: 'phish wave',
      entryType: 'timeline',
      entryId,
      actorName: 'ana@example.org',
      readAt: null,
    });
    expect(n.excerpt).toContain('@Bob please check mail logs');
    const { rows } = await s.db.pool.query(
      `SELECT diff FROM audit_log WHERE action = 'incident.timeline.add' AND target_id = $1`,
      [inc.id],
    );
    expect(new Set(rows[0].diff.mentioned)).toEqual(new Set([bob.id, people.vera.id, people.dupB.id]));
  });

  it('never notifies twice for the same note, even when the write is replayed', async () => {
    const { ana, bob } = people;
    const inc = await ana.caller.cases.create({ kind: 'investigation', summary: 'dedup' });
    const entry = await ana.caller.cases.addTimelineEntry({ caseId: inc.id, text: 'ping @bob', kind: 'note' });
    const before = await count('bob');
    const src = {
      caseId: inc.id,
      entryType: 'timeline' as const,
      entryId: entry.id,
      sourceKey: `timeline:${entry.id}`,
      text: entry.text,
      actor: { label: 'user:ana@example.org', userId: ana.id },
    };
    expect(await recordMentions(s.picket.db.orm, src)).toEqual([]);
    expect(await count('bob')).toBe(before);
  });

  it('an edit of a Markdown field notifies only mentions it adds', async () => {
    const { ana, bob } = people;
    const inc = await ana.caller.cases.create({
      kind: 'incident',
      summary: 'fields',
      description: 'first look by @bob',
    });
    expect((await inbox('bob')).items[0]).toMatchObject({ caseId: inc.id, entryType: 'description', entryId: inc.id });
    const bobBefore = await count('bob');
    const veraBefore = await count('vera');
    const r = await ana.caller.cases.update({
      id: inc.id,
      version: inc.version,
      description: 'first look by @bob, then @vera',
    });
    expect(r.status).toBe('updated');
    expect(await count('bob')).toBe(bobBefore);
    expect(await count('vera')).toBe(veraBefore + 1);
    // REST goes through the same service.
    const res = await fetch(`${s.url}/api/v1/incidents/${inc.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ version: 2, lessonsLearned: 'ask @bob sooner' }),
    });
    expect(res.status).toBe(200);
    expect(await count('bob')).toBe(bobBefore + 1);
    expect((await inbox('bob')).items[0]).toMatchObject({
      entryType: 'lessonsLearned',
      actorName: expect.stringContaining('PICKET_ADMIN_TOKEN'),
    });
  });

  it('hypothesis comments mention too', async () => {
    const { ana, bob } = people;
    const inc = await ana.caller.cases.create({ kind: 'incident', summary: 'hyp' });
    const h = await ana.caller.cases.addHypothesis({
      caseId: inc.id,
      statement: 'reused creds',
      confidence: 50,
      supportingEvidence: [],
      refutingEvidence: [],
    });
    const c = await ana.caller.cases.addHypothesisComment({ hypothesisId: h.id, text: '@bob do you agree?' });
    expect((await inbox('bob')).items[0]).toMatchObject({
      entryType: 'comment',
      entryId: c.id,
      caseId: inc.id,
      excerpt: '@bob do you agree?',
    });
  });

  it('each user reads and marks only their own notifications', async () => {
    const { ana, bob, vera } = people;
    const inc = await ana.caller.cases.create({ kind: 'incident', summary: 'perm' });
    await ana.caller.cases.addTimelineEntry({ caseId: inc.id, text: '@bob and @vera', kind: 'note' });
    const bobs = (await inbox('bob')).items.map((i) => i.id);
    expect((await inbox('vera')).items.some((i) => bobs.includes(i.id))).toBe(false);
    // Vera naming Bob's notifications marks nothing.
    expect(await vera.caller.inbox.markRead({ ids: bobs })).toEqual({ marked: 0 });
    const unread = await count('bob');
    expect(unread).toBeGreaterThan(1);
    const heardRead = await heard(inboxTopic(bob.id), () => bob.caller.inbox.markRead({ ids: [bobs[0]] }));
    expect(heardRead).toHaveLength(1);
    expect(await count('bob')).toBe(unread - 1);
    expect(await bob.caller.inbox.markAllRead()).toEqual({ marked: unread - 1 });
    expect(await count('bob')).toBe(0);
    expect(await count('vera')).toBeGreaterThan(0);
    const { rows } = await s.db.pool.query(
      `SELECT actor, target_id, diff FROM audit_log WHERE action = 'inbox.read' ORDER BY id`,
    );
    expect(rows.map((r) => [r.actor, r.target_id, r.diff.ids.length])).toEqual([
      ['user:bob@example.org', bob.id, 1],
      ['user:bob@example.org', bob.id, unread - 1],
    ]);
    // API tokens are nobody's inbox.
    const token = callerFor({ kind: 'token', id: 't', name: 'automation', role: 'admin', ingestOnly: false });
    expect(await token.inbox.list({ unreadOnly: false, limit: 10 })).toEqual({ items: [], nextCursor: null });
    await expect(token.inbox.markAllRead()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(bob.caller.inbox.list({ unreadOnly: false, limit: 10, cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('offers mentionable users with unambiguous handles', async () => {
    const list = await people.vera.caller.inbox.mentionable();
    const handles = Object.fromEntries(list.map((u) => [u.email, u.handle]));
    expect(handles).toMatchObject({
      'ana@example.org': 'ana',
      'dup@a.example': 'dup@a.example',
      'dup@b.example': 'dup@b.example',
    });
    expect(handles['gone@example.org']).toBeUndefined();
  });
});

describe('my tasks', () => {
  it('lists open or done tasks assigned to me across cases and tells me live when one changes', async () => {
    const { ana, bob } = people;
    const inc = await ana.caller.cases.create({ kind: 'incident', summary: 'tasks inc' });
    const inv = await ana.caller.cases.create({ kind: 'investigation', summary: 'tasks inv' });
    let taskId = '';
    const created = await heard(tasksTopic(bob.id), async () => {
      taskId = (
        await ana.caller.cases.addTask({
          caseId: inc.id,
          title: 'rotate keys',
          assigneeId: bob.id,
          dueAt: '2026-01-01T00:00:00Z',
        })
      ).id;
      await ana.caller.cases.addTask({ caseId: inv.id, title: 'pull logs', assigneeId: bob.id, dueAt: null });
    });
    expect(created.map((c) => c.version)).toEqual([1, 1]);
    expect((await bob.caller.cases.myTasks()).map((t) => [t.title, t.caseKind])).toEqual([
      ['rotate keys', 'incident'],
      ['pull logs', 'investigation'],
    ]);
    const done = await heard(tasksTopic(bob.id), () =>
      bob.caller.cases.updateTask({ id: taskId, version: 1, status: 'done' }),
    );
    expect(done).toEqual([expect.objectContaining({ id: taskId, version: 2 })]);
    expect((await bob.caller.cases.myTasksByStatus({ status: 'done' })).map((t) => t.title)).toEqual(['rotate keys']);
    expect((await bob.caller.cases.myTasksByStatus({ status: 'all' })).length).toBe(2);
    const stale = await bob.caller.cases.updateTask({ id: taskId, version: 1, status: 'in_progress' });
    expect(stale).toMatchObject({ status: 'conflict', current: { status: 'done', version: 2 } });
    // Reassigning away tells the previous assignee as well.
    const away = await heard(tasksTopic(bob.id), () =>
      ana.caller.cases.updateTask({ id: taskId, version: 2, assigneeId: ana.id }),
    );
    expect(away).toHaveLength(1);
  });
});
