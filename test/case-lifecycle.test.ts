// Alert ↔ incident lifecycle and the room's marks over REST and tRPC, against a real server: alerts
// raised by a real rule are escalated (one timeline entry, events as evidence, the alert linked),
// closing needs a resolution and resolves the alerts, phase dates are only kept for phases really
// reached, indicators are suggested from evidence and unblocked from the case, templates, TLP/PAP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api as rest, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcError, trpcHttp } from './trpc-http-client.ts';

let s: TestServer;
let analyst: string;
let viewer: string;
let cat: string;
beforeAll(async () => {
  s = await startTestServer();
  analyst = await tokenFor(s.url, s.adminToken, 'analyst', 'responder');
  viewer = await tokenFor(s.url, s.adminToken, 'viewer', 'watcher');
  cat = uniqueCategory('lifecycle');
  await createRule(s, {
    name: 'lifecycle brute force',
    type: 'threshold',
    groupBy: ['details.user'],
    threshold: 10,
    window: '5m',
    severity: 'WARNING',
    category: 'test',
    tags: ['t'],
    summary: '{count} failures for {details.user}',
    query: `category:${cat}`,
  });
});
afterAll(() => s?.stop());

const api = (method: string, path: string, body?: unknown, token = analyst) => rest(s, method, path, body, token);

/** Ten failures for `user` from `ip` on web-1.example.com: one alert of the test's rule. */
async function alertFor(user: string, ip: string): Promise<Json> {
  await postEvents(
    s,
    Array.from({ length: 10 }, (_, i) => ({
      category: cat,
      hostname: 'web-1.example.com',
      summary: `login failed ${i}`,
      details: { user, sourceipaddress: ip, sourceport: 40000 + i },
    })),
  );
  return until(
    async () =>
      (
        (await api('GET', `/alerts?q=${encodeURIComponent(`details.groupKey:${user}`)}&size=50`)).body.alerts as Json[]
      ).find((a) => a.groupKey === user),
    `alert for ${user}`,
  );
}

async function auditActions(targetId: string): Promise<Array<{ action: string; diff: Json }>> {
  const { rows } = await s.db.pool.query('SELECT action, diff FROM audit_log WHERE target_id = $1 ORDER BY id', [
    targetId,
  ]);
  return rows;
}

describe('escalating alerts', () => {
  it('POST /alerts/{id}/escalate opens an incident with the events as evidence, ONE timeline entry, and links the alert', async () => {
    const alert = await alertFor('mallory', '203.0.113.50');
    expect(alert.incidentId).toBeNull();
    const r = await api('POST', `/alerts/${alert.id}/escalate`, { summary: 'Brute force on web-1' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const incidentId = r.body.incidentId as string;
    expect(r.body).toMatchObject({ incidentId: expect.any(String), kind: 'incident', created: true, eventsAdded: 10 });
    const inc = (await api('GET', `/incidents/${incidentId}`)).body;
    expect(inc).toMatchObject({ summary: 'Brute force on web-1', severity: 'medium' });
    expect(inc.evidence).toHaveLength(10);
    expect(inc.timeline).toEqual([
      expect.objectContaining({
        kind: 'finding',
        text: `10 events added from alert "${alert.summary}"`,
        author: 'token:responder',
      }),
    ]);
    expect(inc.alerts).toEqual([expect.objectContaining({ id: alert.id, status: 'escalated', eventCount: 10 })]);
    // The alert shape links back for the console.
    expect((await api('GET', `/alerts/${alert.id}`)).body).toMatchObject({
      status: 'escalated',
      incidentId,
      incidentKind: 'incident',
    });
    expect((await auditActions(alert.id as string)).map((a) => a.action)).toContain('alert.escalate');
    expect((await auditActions(incidentId)).map((a) => a.action)).toEqual(['incident.create', 'incident.escalate']);
    // Again into the same case: nothing new; into another case: refused, the link stays.
    const again = await api('POST', `/alerts/${alert.id}/escalate`, { incidentId });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ incidentId, eventsAdded: 0 });
    const other = (await api('POST', '/incidents', { summary: 'other' })).body;
    const refused = await api('POST', `/alerts/${alert.id}/escalate`, { incidentId: other.id });
    expect(refused.status).toBe(409);
    expect((await api('GET', `/incidents/${incidentId}`)).body.timeline).toHaveLength(1);
  });

  it('escalates several alerts into an existing case over tRPC, one entry each; refuses bad input, unknown alerts and viewers', async () => {
    const a = await alertFor('trudy', '198.51.100.61');
    const b = await alertFor('oscar', '198.51.100.62');
    const inc = (await api('POST', '/incidents', { summary: 'credential stuffing wave' })).body;
    await api('POST', `/incidents/${inc.id}/timeline`, { text: 'my own note' });
    const r = await trpcHttp(s.url, analyst).cases.escalateAlerts.mutate({
      alertIds: [a.id as string, b.id as string],
      incidentId: inc.id as string,
    });
    expect(r).toMatchObject({ incidentId: inc.id, created: false, eventsAdded: 20, escalated: [a.id, b.id] });
    const got = (await api('GET', `/incidents/${inc.id}`)).body as { timeline: Json[]; alerts: Json[] };
    expect(got.timeline.map((t: Json) => t.text).sort()).toEqual([
      '10 events added from alert "10 failures for oscar"',
      '10 events added from alert "10 failures for trudy"',
      'my own note',
    ]);
    expect(got.alerts.map((x: Json) => x.id).sort()).toEqual([a.id, b.id].sort());

    expect((await api('POST', `/alerts/${a.id}/escalate`, { incidentId: 'nope' })).status).toBe(400);
    expect((await api('POST', `/alerts/${a.id}/escalate`, { extra: 1 })).status).toBe(400);
    expect((await api('POST', '/alerts/00000000-0000-4000-8000-000000000000/escalate', {})).status).toBe(404);
    expect((await api('POST', `/alerts/${a.id}/escalate`, {}, viewer)).status).toBe(403);
    expect(
      (await trpcError(trpcHttp(s.url, viewer).cases.escalateAlerts.mutate({ alertIds: [a.id as string] }))).data?.code,
    ).toBe('FORBIDDEN');
  });
});

describe('closing', () => {
  it('needs a resolution and a summary (400 without), then resolves the open alerts with the case resolution', async () => {
    const alert = await alertFor('eve', '203.0.113.70');
    const { incidentId } = (await api('POST', `/alerts/${alert.id}/escalate`, {})).body as { incidentId: string };
    const v = (await api('GET', `/incidents/${incidentId}`)).body.version;
    for (const body of [
      { version: v, phase: 'Closed' },
      { version: v, phase: 'Closed', resolution: 'truepositive' },
      { version: v, phase: 'Closed', resolution: 'truepositive', resolutionSummary: '  ' },
      { version: v, phase: 'Closed', resolution: 'maybe', resolutionSummary: 'x' },
    ]) {
      const r = await api('PATCH', `/incidents/${incidentId}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.body.error as Json).code).toBe('bad_request');
    }
    const closed = await api('PATCH', `/incidents/${incidentId}`, {
      version: v,
      phase: 'Closed',
      resolution: 'falsepositive',
      resolutionSummary: 'Pen test from the red team',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      phase: 'Closed',
      resolution: 'falsepositive',
      resolutionSummary: 'Pen test from the red team',
    });
    expect((await api('GET', `/alerts/${alert.id}`)).body.status).toBe('falsepositive');
    const audit = (await auditActions(incidentId)).find((a) => a.action === 'incident.update')!;
    expect(audit.diff).toMatchObject({
      phase: ['Identification', 'Closed'],
      resolution: [null, 'falsepositive'],
      alertsResolved: [null, [alert.id]],
    });
    expect((await auditActions(alert.id as string)).at(-1)).toMatchObject({
      action: 'alert.status',
      diff: { status: ['escalated', 'falsepositive'], resolution: [null, 'falsepositive'] },
    });
  });

  it('leaves the alerts open when the closer opts out (resolveAlerts: false), over tRPC setPhase too', async () => {
    const alert = await alertFor('walter', '203.0.113.71');
    const { incidentId } = (await api('POST', `/alerts/${alert.id}/escalate`, {})).body as { incidentId: string };
    const t = trpcHttp(s.url, analyst);
    const v = (await api('GET', `/incidents/${incidentId}`)).body.version as number;
    expect((await trpcError(t.cases.setPhase.mutate({ id: incidentId, phase: 'Closed', version: v }))).data?.code).toBe(
      'BAD_REQUEST',
    );
    const r = await t.cases.setPhase.mutate({
      id: incidentId,
      phase: 'Closed',
      version: v,
      resolution: 'truepositive',
      resolutionSummary: 'Contained',
      resolveAlerts: false,
    });
    expect(r.status).toBe('updated');
    expect((await api('GET', `/alerts/${alert.id}`)).body.status).toBe('escalated');
  });
});

describe('phase dates', () => {
  it('clicking through phases keeps only the date of the phase reached; a phase held for a while keeps its date', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'click through' })).body;
    let r = await api('PATCH', `/incidents/${inc.id}`, { version: 1, phase: 'Containment' });
    expect(r.body.verifiedAt).not.toBeNull();
    r = await api('PATCH', `/incidents/${inc.id}`, { version: r.body.version, phase: 'Eradication' });
    r = await api('PATCH', `/incidents/${inc.id}`, { version: r.body.version, phase: 'Recovery' });
    expect(r.body).toMatchObject({ verifiedAt: null, containedAt: null, mitigatedAt: expect.any(String) });

    const held = (await api('POST', '/incidents', { summary: 'held in containment' })).body as { id: string };
    r = await api('PATCH', `/incidents/${held.id}`, { version: 1, phase: 'Containment' });
    // Ten minutes in Containment: move its entry and the date it stamped back (as if entered then).
    const tenAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await s.db.pool.query(`UPDATE case_phase_changes SET at = $2 WHERE case_id = $1 AND phase = 'Containment'`, [
      held.id,
      tenAgo,
    ]);
    await s.db.pool.query('UPDATE cases SET verified_at = $2 WHERE id = $1', [held.id, tenAgo]);
    r = await api('PATCH', `/incidents/${held.id}`, { version: r.body.version, phase: 'Eradication' });
    expect(r.body.verifiedAt).toBe(tenAgo);
    expect(r.body.containedAt).not.toBeNull();
    // A date set by hand is the responder's: a quick move on does not withdraw it, and the edit is audited.
    r = await api('PATCH', `/incidents/${held.id}`, { version: r.body.version, containedAt: '2026-12-01T10:00:00Z' });
    r = await api('PATCH', `/incidents/${held.id}`, { version: r.body.version, phase: 'Recovery' });
    expect(r.body.containedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(
      (await auditActions(held.id)).some(
        (a) =>
          a.action === 'incident.update' &&
          (a.diff.containedAt as unknown[] | undefined)?.[1] === '2026-12-01T10:00:00.000Z',
      ),
    ).toBe(true);
  });
});

describe('indicators from evidence', () => {
  it('suggests the IP, user and host found in evidence events, minus what the case lists; unblock from the case', async () => {
    const alert = await alertFor('sybil', '45.33.32.80');
    const { incidentId } = (await api('POST', `/alerts/${alert.id}/escalate`, {})).body as { incidentId: string };
    const sugg = (await api('GET', `/incidents/${incidentId}/indicators/suggestions`, undefined, viewer)).body
      .suggestions as Json[];
    expect(sugg).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'ip', value: '45.33.32.80', count: 10 }),
        expect.objectContaining({ type: 'user', value: 'sybil', count: 10 }),
        expect.objectContaining({ type: 'domain', value: 'web-1.example.com' }),
      ]),
    );
    const ioc = (await api('POST', `/incidents/${incidentId}/indicators`, { type: 'ip', value: '45.33.32.80' })).body;
    const after = (await api('GET', `/incidents/${incidentId}/indicators/suggestions`)).body.suggestions as Json[];
    expect(after.some((x) => x.value === '45.33.32.80')).toBe(false);

    const blocked = await api('POST', `/incidents/${incidentId}/indicators/${ioc.id}/actions`, {
      list: 'blockip',
      duration: '1d',
    });
    expect(blocked.status).toBe(201);
    const itemId = (blocked.body.item as Json).id;
    expect(
      (await api('DELETE', `/incidents/${incidentId}/indicators/${ioc.id}/actions/${itemId}`, undefined, viewer))
        .status,
    ).toBe(403);
    const un = await api('DELETE', `/incidents/${incidentId}/indicators/${ioc.id}/actions/${itemId}`);
    expect(un.status).toBe(200);
    expect((un.body.entry as Json).text).toBe('Unblocked 45.33.32.80');
    const status = (await api('GET', `/incidents/${incidentId}/indicators/status`)).body.indicators as Json[];
    expect(status.find((x) => x.indicatorId === ioc.id)?.items).toEqual([]);
    expect((await api('DELETE', `/incidents/${incidentId}/indicators/${ioc.id}/actions/${itemId}`)).status).toBe(404);
    expect((await auditActions(incidentId)).map((a) => a.action)).toContain('incident.indicator.remove');
  });
});

describe('templates and marks', () => {
  it('admins define templates (audited, versioned); a case opened from one gets its tasks, severity, tags, marks and skeleton', async () => {
    const admin = trpcHttp(s.url, s.adminToken);
    expect((await trpcError(trpcHttp(s.url, analyst).cases.createTemplate.mutate({ name: 'nope' }))).data?.code).toBe(
      'FORBIDDEN',
    );
    const t = await admin.cases.createTemplate.mutate({
      name: 'Phishing',
      severity: 'high',
      tlp: 'red',
      pap: 'green',
      description: '## Reported by\n\n## Mailboxes',
      tags: ['action.Social.Phishing'],
      tasks: ['Pull the message', 'Search for other recipients'],
    });
    expect((await trpcError(admin.cases.createTemplate.mutate({ name: 'Phishing' }))).data?.code).toBe('CONFLICT');
    const stale = await trpcError(
      admin.cases.updateTemplate.mutate({ id: t.id, version: t.version + 1, severity: 'low' }),
    );
    expect(stale.data?.code).toBe('CONFLICT');
    await admin.cases.updateTemplate.mutate({
      id: t.id,
      version: t.version,
      tasks: ['Pull the message', 'Search for other recipients', 'Reset the password'],
    });
    expect((await trpcHttp(s.url, viewer).cases.templates.query()).map((x) => x.name)).toContain('Phishing');
    expect((await auditActions(t.id)).map((a) => a.action)).toEqual(['caseTemplate.create', 'caseTemplate.update']);

    const c = (await api('POST', '/incidents', { summary: 'CFO phish', templateId: t.id })).body;
    expect(c).toMatchObject({
      severity: 'high',
      tlp: 'red',
      pap: 'green',
      veris: ['action.Social.Phishing'],
      description: '## Reported by\n\n## Mailboxes',
      templateId: t.id,
    });
    expect(((await api('GET', `/incidents/${c.id}`)).body.tasks as Json[]).map((x) => x.title)).toEqual([
      'Pull the message',
      'Search for other recipients',
      'Reset the password',
    ]);
    expect((await api('POST', '/investigations', { summary: 'wrong kind', templateId: t.id })).status).toBe(400);
    expect(
      (await api('POST', '/incidents', { summary: 'x', templateId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(400);
  });

  it('carries TLP and PAP on cases and evidence into the Markdown and JSON exports', async () => {
    const c = (await api('POST', '/incidents', { summary: 'marked', tlp: 'amber+strict', pap: 'red' })).body;
    expect((await api('POST', '/incidents', { summary: 'bad', tlp: 'purple' })).status).toBe(400);
    const e = await api('POST', `/incidents/${c.id}/evidence`, {
      kind: 'text',
      title: 'public advisory',
      text: 'see vendor page',
      tlp: 'clear',
    });
    expect(e.body).toMatchObject({ tlp: 'clear', pap: null });
    const md = await fetch(`${s.url}/api/v1/incidents/${c.id}/export?format=md`, {
      headers: { Authorization: `Bearer ${viewer}` },
    }).then((r) => r.text());
    expect(md).toContain('**TLP:AMBER+STRICT · PAP:RED**');
    expect(md).toMatch(/\| public advisory \| text \| TLP:CLEAR PAP:RED \|/);
    const json = await fetch(`${s.url}/api/v1/incidents/${c.id}/export?format=json`, {
      headers: { Authorization: `Bearer ${viewer}` },
    }).then((r) => r.json());
    expect(json).toMatchObject({
      tlp: 'TLP:AMBER+STRICT',
      pap: 'PAP:RED',
      case: { tlp: 'amber+strict', evidence: [expect.objectContaining({ tlp: 'clear' })] },
    });
  });
});
