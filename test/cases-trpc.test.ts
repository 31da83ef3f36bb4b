// The cases tRPC router over HTTP (as the UI calls it) and through a caller with a user identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../server/auth/permissions.ts';
import { eventId } from '../server/ingest/event-id.ts';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import { callerFor } from './trpc-caller.ts';
import type { AppRouter } from '../server/trpc/router.ts';
import type { ChangeRecord } from '../server/trpc/routers/changes/changes.types.ts';
import { appRouter } from '../server/trpc/router.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let analyst: string;
let viewer: string;
beforeAll(async () => {
  s = await startTestServer();
  analyst = await tokenFor('analyst');
  viewer = await tokenFor('viewer');
});
afterAll(() => s?.stop());

async function tokenFor(role: string): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.adminToken}` },
    body: JSON.stringify({ name: `trpc-${role}`, role }),
  });
  return (await res.json()).token;
}

type Proc = { _def: { type: string } };
const caseProcedures = () =>
  Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>).filter(([p]) => p.startsWith('cases.'));

/** Calls a query (GET) or mutation (POST) the way @trpc/client's httpLink does. */
async function call(path: string, input: unknown, token = analyst): Promise<{ status: number; data: any; error: any }> {
  const type = (appRouter._def.procedures as unknown as Record<string, Proc>)[path]._def.type;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const res =
    type === 'query'
      ? await fetch(`${s.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(`${s.url}/api/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = await res.json();
  return { status: res.status, data: body.result?.data, error: body.error };
}

describe('cases over tRPC', () => {
  it('creates, gets, lists and updates; a conflicting edit returns the current record', async () => {
    const created = await call('cases.create', { kind: 'investigation', summary: 'odd logins', attack: ['T1078'] });
    expect(created.status).toBe(200);
    expect(created.data).toMatchObject({
      kind: 'investigation',
      phase: 'Identification',
      version: 1,
      attack: ['T1078'],
    });
    const id = created.data.id;
    expect((await call('cases.get', { id }, viewer)).data).toMatchObject({
      id,
      timeline: [],
      phaseHistory: [expect.objectContaining({ phase: 'Identification' })],
    });
    expect(
      (await call('cases.list', { kind: 'investigation', q: 'odd' }, viewer)).data.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([id]);
    const a = await call('cases.update', { id, version: 1, summary: 'odd logins from TOR' });
    expect(a.data).toMatchObject({
      status: 'updated',
      merged: false,
      record: { summary: 'odd logins from TOR', version: 2 },
    });
    const b = await call('cases.update', { id, version: 1, summary: 'mine' });
    expect(b.data).toMatchObject({
      status: 'conflict',
      conflictingFields: ['summary'],
      current: { summary: 'odd logins from TOR', version: 2 },
    });
    const c = await call('cases.update', { id, version: 1, veris: ['action.Hacking'] });
    expect(c.data).toMatchObject({
      status: 'updated',
      merged: true,
      record: { summary: 'odd logins from TOR', veris: ['action.Hacking'], version: 3 },
    });
  });

  it('answers bad input with 400 and unknown ids with 404', async () => {
    expect((await call('cases.create', { kind: 'incident' })).status).toBe(400);
    expect((await call('cases.create', { kind: 'case', summary: 'x' })).status).toBe(400);
    expect((await call('cases.get', { id: 'nope' })).status).toBe(400);
    const missing = await call('cases.get', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.error.data.code).toBe('NOT_FOUND');
    expect(
      (await call('cases.setPhase', { id: '00000000-0000-4000-8000-000000000000', phase: 'Closed', version: 1 }))
        .status,
    ).toBe(404);
  });

  it('setPhase records each phase with its time; an investigation refuses incident phases', async () => {
    const inc = (await call('cases.create', { kind: 'incident', summary: 'phase walk' })).data;
    let version = 1;
    for (const phase of ['Containment', 'Eradication', 'Recovery', 'Lessons Learned', 'Closed']) {
      const closing = phase === 'Closed' ? { resolution: 'benign', resolutionSummary: 'walked through' } : {};
      const r = await call('cases.setPhase', { id: inc.id, phase, version, ...closing });
      expect(r.data.status, phase).toBe('updated');
      version = r.data.record.version;
    }
    const got = (await call('cases.get', { id: inc.id })).data;
    expect(got.phaseHistory.map((p: { phase: string }) => p.phase)).toEqual([
      'Identification',
      'Containment',
      'Eradication',
      'Recovery',
      'Lessons Learned',
      'Closed',
    ]);
    const times = got.phaseHistory.map((p: { at: string }) => Date.parse(p.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // Clicked through in a moment: only the phase reached keeps its date (Recovery's mitigatedAt was left at once too).
    for (const k of ['verifiedAt', 'containedAt', 'mitigatedAt']) expect(got[k], k).toBeNull();
    expect(got.closedAt).not.toBeNull();
    expect(got.resolution).toBe('benign');
    const inv = (await call('cases.create', { kind: 'investigation', summary: 'x' })).data;
    expect((await call('cases.setPhase', { id: inv.id, phase: 'Eradication', version: 1 })).status).toBe(400);
  });

  it('refuses every cases mutation to a viewer with 403 and lets it run every query', async () => {
    const inc = (await call('cases.create', { kind: 'incident', summary: 'viewer' })).data;
    for (const [path, p] of caseProcedures()) {
      const r = await call(
        path,
        { id: inc.id, caseId: inc.id, kind: 'incident', format: 'md', catalog: 'attack' },
        viewer,
      );
      if (p._def.type === 'mutation') expect(r.status, path).toBe(403);
      else expect(r.status, path).toBe(200);
    }
    expect((await call('cases.get', { id: inc.id })).data.version).toBe(1);
  });

  it('adds events by id as snapshots and timeline findings; updates hypotheses and tasks by version', async () => {
    const at = Date.now() - 5_000;
    const ev = {
      id: eventId(at),
      utctimestamp: new Date(at).toISOString(),
      receivedtimestamp: new Date().toISOString(),
      category: 'c',
      source: 's',
      hostname: 'h',
      processname: 'p',
      processid: '1',
      severity: 'INFO',
      summary: 'picked in the explorer',
      tags: [],
      details: {},
    };
    await s.picket.store.write([ev]);
    const inc = (await call('cases.create', { kind: 'incident', summary: 'children' })).data;
    const added = await call('cases.addEvents', { caseId: inc.id, eventIds: [ev.id] });
    expect(added.data).toEqual([expect.objectContaining({ kind: 'event', eventId: ev.id, eventSnapshot: ev })]);
    const h = (
      await call('cases.addHypothesis', {
        caseId: inc.id,
        statement: 'insider',
        supportingEvidence: [added.data[0].id],
      })
    ).data;
    const h1 = await call('cases.updateHypothesis', { id: h.id, version: 1, status: 'supported' });
    expect(h1.data).toMatchObject({ status: 'updated', record: { status: 'supported', version: 2 } });
    const h2 = await call('cases.updateHypothesis', { id: h.id, version: 1, status: 'refuted' });
    expect(h2.data).toMatchObject({ status: 'conflict', current: { status: 'supported' } });
    expect((await call('cases.updateHypothesis', { id: h.id, version: 1, confidence: 90 })).data).toMatchObject({
      status: 'updated',
      record: { status: 'supported', confidence: 90, version: 3 },
    });
    expect((await call('cases.addHypothesisComment', { hypothesisId: h.id, text: 'why?' })).data).toMatchObject({
      text: 'why?',
    });
    const t = (await call('cases.addTask', { caseId: inc.id, title: 'image the disk' })).data;
    expect((await call('cases.updateTask', { id: t.id, version: 1, status: 'done' })).data).toMatchObject({
      status: 'updated',
      record: { status: 'done', version: 2 },
    });
    expect((await call('cases.updateTask', { id: t.id, version: 1, status: 'cancelled' })).data.status).toBe(
      'conflict',
    );
    expect(
      (
        await call('cases.addIndicator', {
          caseId: inc.id,
          indicator: { type: 'hash', value: 'D41D8CD98F00B204E9800998ECF8427E' },
        })
      ).data.value,
    ).toBe('d41d8cd98f00b204e9800998ecf8427e');
    const got = (await call('cases.get', { id: inc.id })).data;
    expect(got.timeline).toEqual([
      expect.objectContaining({ kind: 'finding', occurredAt: ev.utctimestamp, eventId: ev.id }),
    ]);
    const actions = (
      await s.db.pool.query('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id', [inc.id])
    ).rows.map((r) => r.action);
    expect(actions).toEqual([
      'incident.create',
      'incident.evidence.add',
      'incident.hypothesis.add',
      'incident.hypothesis.update',
      'incident.hypothesis.update',
      'incident.hypothesis.comment',
      'incident.task.add',
      'incident.task.update',
      'incident.indicator.add',
    ]);
  });

  it('returns only what changed since a version the client holds (sinceVersion)', async () => {
    const inc = (await call('cases.create', { kind: 'incident', summary: 'deltas' })).data;
    await call('cases.addTimelineEntry', { caseId: inc.id, text: 'old entry' }); // v2
    const h = (await call('cases.addHypothesis', { caseId: inc.id, statement: 'h' })).data; // v3
    const t = (await call('cases.addTask', { caseId: inc.id, title: 'task' })).data; // v4
    await call('cases.addHypothesisComment', { hypothesisId: h.id, text: 'new comment' }); // v5
    await call('cases.updateTask', { id: t.id, version: 1, status: 'in_progress' }); // v6
    const delta = (await call('cases.get', { id: inc.id, sinceVersion: 4 })).data;
    expect(delta).toMatchObject({ version: 6, sinceVersion: 4, timeline: [], evidence: [], indicators: [] });
    expect(delta.hypotheses).toEqual([
      expect.objectContaining({
        id: h.id,
        comments: [expect.objectContaining({ text: 'new comment', caseVersion: 5 })],
      }),
    ]);
    expect(delta.tasks).toEqual([expect.objectContaining({ id: t.id, status: 'in_progress', caseVersion: 6 })]);
    expect(delta.phaseHistory).toHaveLength(1);
    const none = (await call('cases.get', { id: inc.id, sinceVersion: 6 })).data;
    expect([none.timeline, none.hypotheses, none.tasks]).toEqual([[], [], []]);
    const full = await fetch(`${s.url}/api/v1/incidents/${inc.id}?sinceVersion=0`, {
      headers: { Authorization: `Bearer ${viewer}` },
    }).then((r) => r.json());
    expect(full.timeline.map((e: { text: string; caseVersion: number }) => [e.text, e.caseVersion])).toEqual([
      ['old entry', 2],
    ]);
    const rest = await fetch(`${s.url}/api/v1/incidents/${inc.id}?sinceVersion=2`, {
      headers: { Authorization: `Bearer ${viewer}` },
    }).then((r) => r.json());
    expect(rest.timeline).toEqual([]);
    expect(rest.hypotheses).toHaveLength(1);
  });

  it('promotes an investigation to an incident keeping all its content, audited', async () => {
    const inv = (
      await call('cases.create', {
        kind: 'investigation',
        summary: 'suspicious VPN logins',
        severity: 'high',
        veris: ['action.Hacking'],
      })
    ).data;
    await call('cases.addTimelineEntry', { caseId: inv.id, text: 'first look', kind: 'finding' });
    const ev = (
      await call('cases.addEvidence', {
        caseId: inv.id,
        evidence: { kind: 'text', title: 'vpn log', text: 'alice from 198.51.100.7' },
      })
    ).data;
    const hyp = (
      await call('cases.addHypothesis', { caseId: inv.id, statement: 'stolen creds', supportingEvidence: [ev.id] })
    ).data;
    await call('cases.addIndicator', { caseId: inv.id, indicator: { type: 'ip', value: '198.51.100.7' } });
    await call('cases.addTask', { caseId: inv.id, title: 'call alice' });
    const incident = await call('cases.promote', { id: inv.id });
    expect(incident.status).toBe(200);
    expect(incident.data).toMatchObject({
      kind: 'incident',
      summary: 'suspicious VPN logins',
      severity: 'high',
      veris: ['action.Hacking'],
      promotedFromId: inv.id,
      phase: 'Identification',
    });
    const got = (await call('cases.get', { id: incident.data.id, kind: 'incident' })).data;
    expect(got.timeline.map((t: { text: string }) => t.text)).toEqual([
      'first look',
      `Promoted from investigation ${inv.id}: suspicious VPN logins`,
    ]);
    expect(got.evidence.map((e: { id: string; sha256: string }) => [e.id, e.sha256])).toEqual([[ev.id, ev.sha256]]);
    expect(got.hypotheses).toEqual([expect.objectContaining({ id: hyp.id, supportingEvidence: [ev.id] })]);
    expect(got.indicators).toHaveLength(1);
    expect(got.tasks).toHaveLength(1);
    const old = (await call('cases.get', { id: inv.id })).data;
    expect(old).toMatchObject({ phase: 'Closed', promotedToId: incident.data.id, timeline: [], evidence: [] });
    expect((await call('cases.promote', { id: inv.id })).status).toBe(409);
    expect((await call('cases.promote', { id: incident.data.id })).status).toBe(404);
    const audit = (
      await s.db.pool.query(
        'SELECT action, target_id, diff FROM audit_log WHERE action IN ($1, $2) AND (target_id = $3 OR target_id = $4)',
        ['investigation.promote', 'incident.create', inv.id, incident.data.id],
      )
    ).rows;
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'investigation.promote',
        target_id: inv.id,
        diff: expect.objectContaining({
          promotedToId: [null, incident.data.id],
          moved: { timeline: 1, evidence: 1, hypotheses: 1, indicators: 1, tasks: 1 },
        }),
      }),
      expect.objectContaining({ action: 'incident.create', target_id: incident.data.id }),
    ]);
  });

  it('exports Markdown with user text escaped, and JSON with timeline, evidence hashes, hypotheses, IOCs and phase times', async () => {
    const evil = '# Owned\n<img src=x onerror=alert(1)> [click](javascript:alert(1)) | cell ![i](http://x/y.png)\n---';
    const inc = (
      await call('cases.create', { kind: 'incident', summary: '<b>bold</b> [link](http://evil)', description: evil })
    ).data;
    await call('cases.addTimelineEntry', { caseId: inc.id, text: evil, occurredAt: '2026-03-01T10:00:00Z' });
    const ev = (
      await call('cases.addEvidence', {
        caseId: inc.id,
        evidence: { kind: 'text', title: 'note | with pipe', text: 'x' },
      })
    ).data;
    await call('cases.addHypothesis', { caseId: inc.id, statement: 'phishing', confidence: 80 });
    await call('cases.addIndicator', { caseId: inc.id, indicator: { type: 'url', value: 'http://evil.example/a_b' } });
    const { version } = (await call('cases.get', { id: inc.id })).data;
    expect((await call('cases.setPhase', { id: inc.id, phase: 'Eradication', version })).data.status).toBe('updated');

    const md = (await call('cases.export', { id: inc.id, format: 'md' }, viewer)).data;
    expect(md).toMatchObject({ fileName: `incident-${inc.id}.md`, contentType: 'text/markdown; charset=utf-8' });
    const body: string = md.body;
    expect(body.split('\n')[0]).toBe('# Incident: &lt;b&gt;bold&lt;/b&gt; \\[link\\](http://evil)');
    expect(body).not.toMatch(/<img|<b>|(?<!\\)\]\(javascript|^# Owned|!\[i\]|^---$/m);
    expect(body).toContain('\\# Owned');
    expect(body).toContain(ev.sha256);
    expect(body).toContain('note \\| with pipe');
    expect(body).toContain('**open** (confidence 80%)');
    // Readable: only what Markdown would read as syntax is escaped (server/cases/case-export.test.ts).
    expect(body).toContain('http://evil.example/a_b');
    expect(body).toMatch(/\| Eradication \| \d{4}-\d\d-\d\d /);

    const res = await fetch(`${s.url}/api/v1/incidents/${inc.id}/export?format=json`, {
      headers: { Authorization: `Bearer ${viewer}` },
    });
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="incident-${inc.id}.json"; filename*=UTF-8''incident-${inc.id}.json`,
    );
    const doc = await res.json();
    expect(doc.case.timeline[0]).toMatchObject({ text: evil, occurredAt: '2026-03-01T10:00:00.000Z' });
    expect(doc.case.evidence[0]).toMatchObject({ title: 'note | with pipe', sha256: ev.sha256 });
    expect(doc.case.hypotheses[0]).toMatchObject({ statement: 'phishing', confidence: 80 });
    expect(doc.case.indicators[0]).toMatchObject({ type: 'url', value: 'http://evil.example/a_b' });
    expect(doc.case.phaseHistory.map((p: { phase: string }) => p.phase)).toEqual(['Identification', 'Eradication']);
    expect(doc.metrics.timeToContainMs).toBeGreaterThanOrEqual(0);
    const mdRes = await fetch(`${s.url}/api/v1/incidents/${inc.id}/export?format=md`, {
      headers: { Authorization: `Bearer ${viewer}` },
    });
    expect(mdRes.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const withoutStamp = (t: string) => t.replace(/- Exported: .*/, '');
    expect(withoutStamp(await mdRes.text())).toBe(withoutStamp(body));
    expect(
      (
        await fetch(`${s.url}/api/v1/incidents/${inc.id}/export?format=pdf`, {
          headers: { Authorization: `Bearer ${viewer}` },
        })
      ).status,
    ).toBe(400);
  });

  it('lists my open tasks across cases for a signed-in user, and searches the pick lists', async () => {
    const { user } = await s.picket.users.create({ email: 'responder@example.com', role: 'analyst' }, 'system');
    const me: Identity = { kind: 'user', id: user.id, name: user.email, role: 'analyst', ingestOnly: false };
    const caller = callerFor(s, me);
    const a = await caller.cases.create({ kind: 'incident', summary: 'mine' });
    expect(a.ownerId).toBe(user.id);
    const b = await caller.cases.create({ kind: 'investigation', summary: 'also mine', ownerId: null });
    await caller.cases.addTask({ caseId: a.id, title: 'later', dueAt: '2027-01-01T00:00:00Z', assigneeId: user.id });
    await caller.cases.addTask({ caseId: b.id, title: 'sooner', dueAt: '2026-12-01T00:00:00Z', assigneeId: user.id });
    const done = await caller.cases.addTask({ caseId: b.id, title: 'finished', assigneeId: user.id });
    await caller.cases.updateTask({ id: done.id, version: 1, status: 'done' });
    await caller.cases.addTask({ caseId: b.id, title: 'someone else' });
    expect((await caller.cases.myTasks()).map((t) => [t.title, t.caseSummary])).toEqual([
      ['sooner', 'also mine'],
      ['later', 'mine'],
    ]);
    expect((await caller.cases.list({ kind: 'incident', owner: 'me', limit: 50 })).items.map((c) => c.id)).toEqual([
      a.id,
    ]);
    expect((await call('cases.myTasks', undefined)).data).toEqual([]);
    expect((await call('cases.catalog', { catalog: 'attack', q: 'T1566' }, viewer)).data[0]).toMatchObject({
      id: 'T1566',
      name: 'Phishing',
      group: 'Initial Access',
    });
    expect(
      (await call('cases.catalog', { catalog: 'veris', q: 'ransomware' }, viewer)).data.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual(['action.Malware.Ransomware']);
  });

  it('delivers a REST change to a viewer subscribed over /api/ws, who refetches the new entry', async () => {
    class AuthedWebSocket extends WebSocket {
      constructor(url: string | URL) {
        super(url, { headers: { Authorization: `Bearer ${viewer}` } });
      }
    }
    const ws = createWSClient({
      url: `${s.url.replace('http://', 'ws://')}/api/ws`,
      WebSocket: AuthedWebSocket as unknown as typeof globalThis.WebSocket,
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
    try {
      const inc = (await call('cases.create', { kind: 'incident', summary: 'live' })).data;
      const seen: ChangeRecord[] = [];
      let wake: () => void = () => undefined;
      await new Promise<void>((resolve) => {
        client.changes.onTopic.subscribe(
          { topic: 'incidents' },
          { onStarted: () => resolve(), onData: (v) => (seen.push(v.data), wake()) },
        );
      });
      const res = await fetch(`${s.url}/api/v1/incidents/${inc.id}/timeline`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${analyst}` },
        body: JSON.stringify({ text: 'from the SOAR' }),
      });
      expect(res.status).toBe(201);
      while (!seen.some((c) => c.id === inc.id)) await new Promise<void>((r) => (wake = r));
      expect(seen.find((c) => c.id === inc.id)).toEqual({ topic: 'incidents', id: inc.id, version: 2 });
      const fresh = await client.cases.get.query({ id: inc.id });
      expect(fresh.version).toBe(2);
      expect(fresh.timeline.map((t) => t.text)).toEqual(['from the SOAR']);
    } finally {
      void ws.close();
    }
  });

  it('counts cases per phase and times to contain and close; lists assignable users', async () => {
    const before = await call('cases.metrics', { kind: 'incident' }, viewer);
    expect(Object.keys(before.data.byPhase)).toEqual([
      'Identification',
      'Containment',
      'Eradication',
      'Recovery',
      'Lessons Learned',
      'Closed',
    ]);
    const inc = (
      await call('cases.create', {
        kind: 'incident',
        summary: 'metrics',
        openedAt: '2026-11-01T00:00:00Z',
        containedAt: '2026-11-01T02:00:00Z',
        closedAt: '2026-11-02T00:00:00Z',
        phase: 'Closed',
      })
    ).data;
    expect(inc.closedAt).toBe('2026-11-02T00:00:00.000Z');
    const after = (await call('cases.metrics', { kind: 'incident' }, viewer)).data;
    expect(after.byPhase.Closed).toBe(before.data.byPhase.Closed + 1);
    expect(after.timeToContain.n).toBe(before.data.timeToContain.n + 1);
    expect(after.timeToClose.n).toBeGreaterThanOrEqual(1);
    await s.picket.users.create({ email: 'picker@example.com', role: 'analyst' }, 'system');
    await s.picket.users.create({ email: 'onlooker@example.com', role: 'viewer' }, 'system');
    const emails = (await call('cases.assignees', undefined, viewer)).data.map((p: { email: string }) => p.email);
    expect(emails).toContain('picker@example.com');
    expect(emails).toContain('admin@localhost');
    expect(emails).not.toContain('onlooker@example.com');
  });

  it('left no case change in the audit log without a diff', async () => {
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE diff IS NULL)::int AS missing FROM audit_log WHERE target_type IN ('incident', 'investigation')`,
    );
    expect(rows[0].n).toBeGreaterThan(30);
    expect(rows[0].missing).toBe(0);
  });
});
