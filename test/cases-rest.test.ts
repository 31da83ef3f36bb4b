// Incidents and investigations over /api/v1, against a real server and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../server/realtime/bus.ts';
import { eventId } from '../server/ingest/event-id.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let analyst: string;
let viewer: string;
beforeAll(async () => {
  s = await startTestServer();
  analyst = await tokenFor('analyst', 'soar');
  viewer = await tokenFor('viewer', 'reader');
});
afterAll(() => s?.stop());

async function tokenFor(role: string, name: string): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.adminToken}` },
    body: JSON.stringify({ name, role }),
  });
  return (await res.json()).token;
}

async function api(method: string, path: string, body?: unknown, token = analyst) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: /^[[{]/.test(text) ? JSON.parse(text) : null };
}

async function auditFor(id: string) {
  const { rows } = await s.db.pool.query('SELECT action, actor, diff FROM audit_log WHERE target_id = $1 ORDER BY id', [
    id,
  ]);
  return rows as Array<{ action: string; actor: string; diff: Record<string, unknown> }>;
}

describe('incidents over REST', () => {
  it('creates (201 with id), reads (200 with children) and lists with filters and cursors', async () => {
    const created = await api('POST', '/incidents', {
      summary: 'SSH brute force on bastion',
      severity: 'high',
      attack: ['T1110'],
      veris: ['action.Hacking.Brute force'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'incident',
      summary: 'SSH brute force on bastion',
      phase: 'Identification',
      severity: 'high',
      version: 1,
      createdBy: 'token:soar',
    });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await api('GET', `/incidents/${created.body.id}`, undefined, viewer);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: created.body.id,
      timeline: [],
      evidence: [],
      hypotheses: [],
      indicators: [],
      tasks: [],
    });
    expect(got.body.phaseHistory).toEqual([
      expect.objectContaining({ fromPhase: null, phase: 'Identification', actor: 'token:soar' }),
    ]);

    for (let i = 0; i < 3; i++) await api('POST', '/incidents', { summary: `page item ${i} 100%`, severity: 'low' });
    const filtered = await api('GET', '/incidents?severity=low&limit=2', undefined, viewer);
    expect(filtered.status).toBe(200);
    expect(filtered.body.incidents.map((c: { summary: string }) => c.summary)).toEqual([
      'page item 2 100%',
      'page item 1 100%',
    ]);
    const next = await api(
      'GET',
      `/incidents?severity=low&limit=2&cursor=${filtered.body.nextCursor}`,
      undefined,
      viewer,
    );
    expect(next.body.incidents.map((c: { summary: string }) => c.summary)).toEqual(['page item 0 100%']);
    expect(next.body.nextCursor).toBeNull();
    expect((await api('GET', '/incidents?q=bastion')).body.incidents).toHaveLength(1);
    // LIKE wildcards in q are literal text.
    expect((await api('GET', '/incidents?q=item%20_%20100')).body.incidents).toEqual([]);
    expect(
      (await api('GET', '/incidents?q=0 100%25')).body.incidents.map((c: { summary: string }) => c.summary),
    ).toEqual(['page item 0 100%']);
    expect((await api('GET', '/incidents?phase=Identification')).body.incidents).toHaveLength(4);
    expect((await api('GET', '/incidents?owner=none')).body.incidents).toHaveLength(4);
    expect((await api('GET', '/investigations')).body.investigations).toEqual([]);
    // An incident is not an investigation.
    expect((await api('GET', `/investigations/${created.body.id}`)).status).toBe(404);
  });

  it('answers bad input with 400 JSON and unknown ids with 404', async () => {
    for (const [path, body] of [
      ['/incidents', {}],
      ['/incidents', { summary: 'x', severity: 'apocalyptic' }],
      ['/incidents', { summary: 'x', attack: ['not-an-id'] }],
      ['/incidents', { summary: 'x', phase: 'Evidence' }],
      ['/incidents', 'not json'],
      ['/incidents', { summary: 'x', unknownField: 1 }],
    ] as const) {
      const r = await api('POST', path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
    }
    const inc = (await api('POST', '/incidents', { summary: 'bad input target' })).body;
    expect((await api('PATCH', `/incidents/${inc.id}`, { summary: 'no version' })).status).toBe(400);
    expect((await api('POST', `/incidents/${inc.id}/timeline`, { text: '' })).status).toBe(400);
    expect((await api('POST', `/incidents/${inc.id}/timeline`, { text: 'x', occurredAt: 'yesterday' })).status).toBe(
      400,
    );
    expect((await api('POST', `/incidents/${inc.id}/evidence`, { kind: 'weird' })).status).toBe(400);
    expect((await api('POST', `/incidents/${inc.id}/hypotheses`, { statement: 'x', confidence: 101 })).status).toBe(
      400,
    );
    expect(
      (
        await api('POST', `/incidents/${inc.id}/hypotheses`, {
          statement: 'x',
          supportingEvidence: ['00000000-0000-4000-8000-000000000000'],
        })
      ).status,
    ).toBe(400);
    expect((await api('POST', `/incidents/${inc.id}/indicators`, { type: 'ip', value: '999.1.1.1' })).status).toBe(400);
    expect((await api('GET', '/incidents?cursor=garbage')).status).toBe(400);
    const nul = await api('POST', `/incidents/${inc.id}/timeline`, { text: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/NUL/);
    expect((await api('GET', '/incidents/not-a-uuid')).status).toBe(404);
    expect((await api('GET', '/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('POST', '/incidents/00000000-0000-4000-8000-000000000000/timeline', { text: 'x' })).status).toBe(
      404,
    );
    expect(
      (await api('POST', '/incidents', { summary: 'x', ownerId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(400);
  });

  it('refuses an overlapping stale edit with 409 and the current record, merges a non-overlapping one', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'original', description: 'd0' })).body;
    const a = await api('PATCH', `/incidents/${inc.id}`, { version: 1, summary: 'edited by A' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ summary: 'edited by A', version: 2, merged: false });
    // B read version 1 too and edits the same field: refused, with the fresh value.
    const b = await api('PATCH', `/incidents/${inc.id}`, { version: 1, summary: 'edited by B' });
    expect(b.status).toBe(409);
    expect(b.body.error.code).toBe('version_conflict');
    expect(b.body.current).toMatchObject({ summary: 'edited by A', version: 2 });
    expect(b.body.conflictingFields).toEqual(['summary']);
    // C read version 1 and edits another field: merged, nobody's text lost.
    const c = await api('PATCH', `/incidents/${inc.id}`, { version: 1, description: 'edited by C' });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ summary: 'edited by A', description: 'edited by C', version: 3, merged: true });
    // Appends bump the version but never make a field edit conflict.
    await api('POST', `/incidents/${inc.id}/timeline`, { text: 'note' });
    const d = await api('PATCH', `/incidents/${inc.id}`, { version: 3, severity: 'critical' });
    expect(d.body).toMatchObject({ severity: 'critical', version: 5, merged: true });
    // Dates compare as instants: the same due date written another way is no change.
    await api('PATCH', `/incidents/${inc.id}`, { version: 5, reportedAt: '2026-11-01T10:00:00+01:00' });
    const same = await api('PATCH', `/incidents/${inc.id}`, { version: 5, reportedAt: '2026-11-01T09:00:00.000Z' });
    expect(same.body).toMatchObject({ reportedAt: '2026-11-01T09:00:00.000Z', version: 6 });
    // A future version was never read from us.
    expect((await api('PATCH', `/incidents/${inc.id}`, { version: 99, severity: 'low' })).status).toBe(409);
  });

  it('applies concurrent edits of different fields from the same base version', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'concurrent' })).body;
    const results = await Promise.all([
      api('PATCH', `/incidents/${inc.id}`, { version: 1, summary: 'new summary' }),
      api('PATCH', `/incidents/${inc.id}`, { version: 1, description: 'new description' }),
      api('PATCH', `/incidents/${inc.id}`, { version: 1, mitigations: 'blocked the ip' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = (await api('GET', `/incidents/${inc.id}`)).body;
    expect(after).toMatchObject({
      summary: 'new summary',
      description: 'new description',
      mitigations: 'blocked the ip',
      version: 4,
    });
    const updates = (await auditFor(inc.id)).filter((e) => e.action === 'incident.update');
    expect(updates).toHaveLength(3);
  });

  it('lands two concurrent timeline appends, each attributed, at their occurred time', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'appends' })).body;
    const [x, y] = await Promise.all([
      api('POST', `/incidents/${inc.id}/timeline`, {
        text: 'from A',
        occurredAt: '2026-01-02T03:04:05Z',
        kind: 'action',
      }),
      api('POST', `/incidents/${inc.id}/timeline`, { text: 'from B' }),
    ]);
    expect([x.status, y.status]).toEqual([201, 201]);
    expect(x.body).toMatchObject({
      text: 'from A',
      occurredAt: '2026-01-02T03:04:05.000Z',
      kind: 'action',
      author: 'token:soar',
    });
    expect(y.body.kind).toBe('note');
    const tl = (await api('GET', `/incidents/${inc.id}`)).body.timeline;
    expect(tl.map((t: { text: string }) => t.text)).toEqual(['from A', 'from B']);
  });

  it('records phase changes with their time and fills the MozDef dates', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'phases' })).body;
    const before = Date.now();
    const r = await api('PATCH', `/incidents/${inc.id}`, { version: 1, phase: 'Eradication' });
    expect(r.status).toBe(200);
    expect(Date.parse(r.body.containedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect((await api('PATCH', `/incidents/${inc.id}`, { version: 2, phase: 'Holding' })).status).toBe(400);
    // Closing needs how it ended (test/case-lifecycle.test.ts covers the refusals).
    await api('PATCH', `/incidents/${inc.id}`, {
      version: 2,
      phase: 'Closed',
      resolution: 'truepositive',
      resolutionSummary: 'done',
    });
    const got = (await api('GET', `/incidents/${inc.id}`)).body;
    expect(got.phaseHistory.map((p: { phase: string }) => p.phase)).toEqual([
      'Identification',
      'Eradication',
      'Closed',
    ]);
    expect(got.phaseHistory[2]).toMatchObject({ fromPhase: 'Eradication', actor: 'token:soar' });
    expect(got.closedAt).not.toBeNull();
    const audit = (await auditFor(inc.id)).filter((e) => e.action === 'incident.update');
    expect(audit[0].diff).toMatchObject({
      phase: ['Identification', 'Eradication'],
      containedAt: [null, r.body.containedAt],
    });
    // Left for Closed at once: Eradication was passed through, so its date is withdrawn (audited too).
    expect(got.containedAt).toBeNull();
    expect(audit[1].diff).toMatchObject({ phase: ['Eradication', 'Closed'], containedAt: [r.body.containedAt, null] });
  });

  it('snapshots event evidence that survives deleting the original; files keep sha256 and download as bytes', async () => {
    const at = Date.now() - 60_000;
    const id = eventId(at);
    const event = {
      id,
      utctimestamp: new Date(at).toISOString(),
      receivedtimestamp: new Date().toISOString(),
      category: 'authentication',
      source: 'sshd',
      hostname: 'bastion1',
      processname: 'sshd',
      processid: '42',
      severity: 'NOTICE',
      summary: 'Failed password for root from 203.0.113.9',
      tags: ['ssh'],
      details: { sourceipaddress: '203.0.113.9', nested: { deep: [1, 2] } },
    };
    await s.picket.store.write([event]);
    const inc = (await api('POST', '/incidents', { summary: 'evidence' })).body;
    const ev = await api('POST', `/incidents/${inc.id}/evidence`, { kind: 'event', eventId: id });
    expect(ev.status).toBe(201);
    expect(ev.body).toMatchObject({ kind: 'event', eventId: id, title: event.summary, addedBy: 'token:soar' });
    expect(ev.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    await s.db.pool.query('DELETE FROM events WHERE id = $1', [id]);
    expect(await s.picket.store.get(id)).toBeNull();
    const got = (await api('GET', `/incidents/${inc.id}`)).body;
    expect(got.evidence[0].eventSnapshot).toEqual(event);
    // The event also lands on the timeline at its own time.
    expect(got.timeline[0]).toMatchObject({
      kind: 'finding',
      occurredAt: event.utctimestamp,
      eventId: id,
      evidenceId: ev.body.id,
    });
    expect((await api('POST', `/incidents/${inc.id}/evidence`, { kind: 'event', eventId: id })).status).toBe(404);
    const snap = await fetch(`${s.url}/api/v1/incidents/${inc.id}/evidence/${ev.body.id}/content`, {
      headers: { Authorization: `Bearer ${viewer}` },
    });
    const snapBytes = Buffer.from(await snap.arrayBuffer());
    expect(JSON.parse(snapBytes.toString())).toEqual(event);
    expect((await import('node:crypto')).createHash('sha256').update(snapBytes).digest('hex')).toBe(ev.body.sha256);

    const bytes = Buffer.from('<script>alert(1)</script>\u0000binary');
    const file = await api('POST', `/incidents/${inc.id}/evidence`, {
      kind: 'file',
      fileName: 'x.html',
      contentType: 'text/html',
      contentBase64: bytes.toString('base64'),
    });
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ kind: 'file', fileName: 'x.html', sizeBytes: bytes.length });
    expect(file.body.sha256).toBe((await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'));
    const dl = await fetch(`${s.url}/api/v1/incidents/${inc.id}/evidence/${file.body.id}/content`, {
      headers: { Authorization: `Bearer ${viewer}` },
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="x.html"/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(bytes);
    const text = await api('POST', `/incidents/${inc.id}/evidence`, {
      kind: 'text',
      title: 'attacker note',
      text: 'ransom note text',
    });
    expect(text.body).toMatchObject({ kind: 'text', textContent: 'ransom note text', sizeBytes: 16 });
    const big = await api('POST', `/incidents/${inc.id}/evidence`, {
      kind: 'file',
      fileName: 'big.bin',
      contentBase64: Buffer.alloc(1024 * 1024 + 1).toString('base64'),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });

  it('adds hypotheses linked to evidence, indicators (deduplicated) and tasks', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'hypotheses' })).body;
    const ev = (await api('POST', `/incidents/${inc.id}/evidence`, { kind: 'text', title: 'log excerpt', text: 'x' }))
      .body;
    const h = await api('POST', `/incidents/${inc.id}/hypotheses`, {
      statement: 'Credential stuffing from a botnet',
      confidence: 70,
      supportingEvidence: [ev.id],
    });
    expect(h.status).toBe(201);
    expect(h.body).toMatchObject({
      statement: 'Credential stuffing from a botnet',
      status: 'open',
      confidence: 70,
      supportingEvidence: [ev.id],
      version: 1,
      comments: [],
    });
    const c = await api('POST', `/incidents/${inc.id}/hypotheses/${h.body.id}/comments`, { text: 'agree' });
    expect(c.status).toBe(201);
    const ioc = await api('POST', `/incidents/${inc.id}/indicators`, { type: 'domain', value: 'Evil.Example' });
    expect(ioc.body).toMatchObject({ type: 'domain', value: 'evil.example' });
    const again = await api('POST', `/incidents/${inc.id}/indicators`, { type: 'domain', value: 'evil.example' });
    expect(again.body.id).toBe(ioc.body.id);
    const task = await api('POST', `/incidents/${inc.id}/tasks`, {
      title: 'Reset passwords',
      dueAt: '2026-12-01T00:00:00Z',
    });
    expect(task.status).toBe(201);
    const got = (await api('GET', `/incidents/${inc.id}`)).body;
    expect(got.hypotheses[0].comments).toEqual([expect.objectContaining({ text: 'agree', author: 'token:soar' })]);
    expect(got.indicators).toHaveLength(1);
    expect(got.tasks).toEqual([expect.objectContaining({ title: 'Reset passwords', status: 'open', version: 1 })]);
  });

  it('lets a viewer read but refuses every write with 403', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'viewer target' })).body;
    expect((await api('GET', `/incidents/${inc.id}`, undefined, viewer)).status).toBe(200);
    expect((await api('GET', `/incidents/${inc.id}/export?format=json`, undefined, viewer)).status).toBe(200);
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/incidents', { summary: 'x' }],
      ['PATCH', `/incidents/${inc.id}`, { version: 1, summary: 'x' }],
      ['POST', `/incidents/${inc.id}/timeline`, { text: 'x' }],
      ['POST', `/incidents/${inc.id}/evidence`, { kind: 'text', title: 't', text: 'x' }],
      ['POST', `/incidents/${inc.id}/hypotheses`, { statement: 'x' }],
      ['POST', `/incidents/${inc.id}/indicators`, { type: 'ip', value: '192.0.2.1' }],
      ['POST', `/incidents/${inc.id}/tasks`, { title: 'x' }],
      ['POST', '/investigations', { summary: 'x' }],
    ];
    for (const [method, path, body] of writes) {
      const r = await api(method, path, body, viewer);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await api('GET', `/incidents/${inc.id}`)).body.version).toBe(1);
  });

  it('audits every mutation with a diff and publishes {topic, id, version} after commit', async () => {
    const seen: Change[] = [];
    const unsubscribe = s.picket.bus.subscribe('incidents', (c) =>
      seen.push({ topic: c.topic, id: c.id, version: c.version }),
    );
    try {
      const inc = (await api('POST', '/incidents', { summary: 'audited' })).body;
      await api('PATCH', `/incidents/${inc.id}`, { version: 1, summary: 'audited!' });
      await api('POST', `/incidents/${inc.id}/timeline`, { text: 'a note' });
      const ev = (await api('POST', `/incidents/${inc.id}/evidence`, { kind: 'text', title: 't', text: 'x' })).body;
      await api('POST', `/incidents/${inc.id}/hypotheses`, { statement: 'h', supportingEvidence: [ev.id] });
      await api('POST', `/incidents/${inc.id}/indicators`, { type: 'ip', value: '192.0.2.1' });
      await api('POST', `/incidents/${inc.id}/tasks`, { title: 't' });
      const audit = await auditFor(inc.id);
      expect(audit.map((e) => e.action)).toEqual([
        'incident.create',
        'incident.update',
        'incident.timeline.add',
        'incident.evidence.add',
        'incident.hypothesis.add',
        'incident.indicator.add',
        'incident.task.add',
      ]);
      for (const e of audit) {
        expect(e.actor).toBe('token:soar');
        expect(e.diff).toBeTruthy();
      }
      expect(audit[1].diff).toEqual({ summary: ['audited', 'audited!'] });
      expect(audit[2].diff).toMatchObject({ timeline: [null, { text: 'a note' }] });
      expect(audit[3].diff).toMatchObject({ evidence: [null, { sha256: ev.sha256 }] });
      const mine = seen.filter((c) => c.id === inc.id);
      expect(mine).toEqual([1, 2, 3, 4, 5, 6, 7].map((version) => ({ topic: 'incidents', id: inc.id, version })));
      // Published after commit: by the time a listener hears of a version, the database has it.
      const { rows } = await s.db.pool.query('SELECT version FROM cases WHERE id = $1', [inc.id]);
      expect(rows[0].version).toBe(7);
    } finally {
      unsubscribe();
    }
  });

  it('sees the committed version from inside a bus listener', async () => {
    const versions: number[] = [];
    const done: Promise<void>[] = [];
    const unsubscribe = s.picket.bus.subscribe('investigations', (c) => {
      done.push(
        s.db.pool
          .query('SELECT version FROM cases WHERE id = $1', [c.id])
          .then((r) => void versions.push(r.rows[0]?.version ?? -1)),
      );
    });
    try {
      const inv = (await api('POST', '/investigations', { summary: 'listener' })).body;
      // With the Redis bus the change may arrive after the answer: let the first listener read finish
      // before version 2 is written, or it could (correctly) read 2.
      await expect.poll(() => versions.length).toBe(1);
      await api('POST', `/investigations/${inv.id}/timeline`, { text: 'x' });
      await Promise.all(done);
      expect(versions).toEqual([1, 2]);
    } finally {
      unsubscribe();
    }
  });
});
