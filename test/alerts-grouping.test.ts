// Grouping repeated alerts end to end: real sshd lines POSTed to a real server, the shipped ssh brute
// force rule (grouping on by default), a real webhook receiver. One attacker hammering for ten
// minutes is one alert counting its crossings, with one notification; another attacker gets their
// own; an alert taken out of triage stops absorbing and the next crossing raises a new alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, postEvents, sshFailureBurst, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

let s: TestServer;
let rx: Receiver;
let rule: Json;
beforeAll(async () => {
  rx = await startReceiver();
  // The receiver is on loopback, which notification targets may only be with this setting.
  s = await startTestServer({ PICKET_NOTIFY_ALLOW_PRIVATE: 'true', PICKET_NOTIFY_RETRY_BASE_MS: '50' });
  const channel = await api(s, 'POST', '/notification-channels', {
    kind: 'webhook',
    name: 'soc',
    url: `${rx.url}/hook`,
  });
  expect(channel.status, JSON.stringify(channel.body)).toBe(201);
  const shipped = ((await api(s, 'GET', '/rules')).body.rules as Json[]).find(
    (r) => r.catalogueKey === 'mozdef.bruteforce_ssh',
  )!;
  expect(shipped.grouping).toEqual({ enabled: true, renotifyAfter: '24h', maxEvents: 10_000 });
  const saved = await api(s, 'PUT', `/rules/${shipped.id}`, { ...shipped, notify: [channel.body.id] });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  rule = saved.body;
  await until(
    async () => s.picket.alerting.engine.loadedVersion(rule.id as string) === rule.version,
    'the engine to load the edited rule',
  );
});
afterAll(async () => {
  await s?.stop();
  await rx?.close();
});

async function alertsFor(ip: string): Promise<Json[]> {
  await s.picket.alerting.engine.idle();
  const r = await api(s, 'GET', `/alerts?ruleId=${rule.id}&size=100`);
  expect(r.status).toBe(200);
  return (r.body.alerts as Json[]).filter((a) => a.groupKey === ip);
}

async function outboxRows(alertId: string): Promise<number> {
  const { rows } = await s.db.pool.query('SELECT count(*)::int AS n FROM notification_outbox WHERE alert_id = $1', [
    alertId,
  ]);
  return rows[0].n as number;
}

describe('grouping repeated ssh brute force alerts', () => {
  it('turns 40 failed logins from one address over 10 minutes into one alert ×4 with one notification; a second address gets its own', async () => {
    const changes: Array<{ id: string; version: number }> = [];
    const unsubscribe = s.picket.bus.subscribe('alerts', (c) => changes.push({ id: c.id, version: c.version }));
    try {
      // Four bursts, three minutes apart: each fills the rule's 2-minute window once.
      for (const minutesAgo of [10, 7, 4, 1]) {
        await postEvents(s, sshFailureBurst('203.0.113.5', minutesAgo * 60_000));
        await s.picket.alerting.engine.idle();
      }
      const [a] = await alertsFor('203.0.113.5');
      expect(await alertsFor('203.0.113.5')).toHaveLength(1);
      expect(a).toMatchObject({
        status: 'new',
        occurrences: 4,
        eventCount: 40,
        severity: 'NOTICE',
        category: 'bruteforce',
      });
      expect(a.eventIds as string[]).toHaveLength(40);
      // The summary is the first crossing's, exactly as MozDef words it.
      expect(a.summary).toBe('10 ssh bruteforce attempts by 203.0.113.5 bastion-1 (10 hits)');
      // Last seen: the newest failed login, about a minute ago (not when the alert was raised).
      expect(Date.parse(a.lastSeen as string)).toBeLessThan(Date.parse(a.utctimestamp as string));
      expect(Date.now() - Date.parse(a.lastSeen as string)).toBeGreaterThan(40_000);
      // Every absorbed crossing is announced as a change of the same alert, version by version.
      await until(async () => changes.some((c) => c.id === a.id && c.version === 4), 'the fourth version on the bus');
      expect(changes.filter((c) => c.id === a.id).map((c) => c.version)).toEqual([1, 2, 3, 4]);
      expect(a.version).toBe(4);

      await postEvents(s, sshFailureBurst('198.51.100.9', 30_000));
      const [b] = await alertsFor('198.51.100.9');
      expect(b).toMatchObject({ occurrences: 1, eventCount: 10 });
      expect(b.id).not.toBe(a.id);

      // One notification each, delivered to the webhook.
      expect(await outboxRows(a.id as string)).toBe(1);
      expect(await outboxRows(b.id as string)).toBe(1);
      const delivered = await until(
        async () => (rx.got.filter((g) => g.answered === 200).length >= 2 ? rx.got : null),
        'two deliveries',
      );
      expect(delivered).toHaveLength(2);
      expect(delivered.map((g) => JSON.stringify(g.body)).filter((t) => t.includes(a.id as string))).toHaveLength(1);
    } finally {
      unsubscribe();
    }
  });

  it('keeps absorbing into an acknowledged alert; once closed, the next crossing raises a new alert that notifies', async () => {
    const [b] = await alertsFor('198.51.100.9');
    const ack = await api(s, 'POST', `/alerts/${b.id}/status`, { status: 'acknowledged', version: b.version });
    expect(ack.status).toBe(200);
    await postEvents(s, sshFailureBurst('198.51.100.9', 20_000));
    const [acked] = await alertsFor('198.51.100.9');
    expect(await alertsFor('198.51.100.9')).toHaveLength(1);
    expect(acked).toMatchObject({ id: b.id, status: 'acknowledged', occurrences: 2, eventCount: 20 });

    const [a] = await alertsFor('203.0.113.5');
    expect((await api(s, 'POST', `/alerts/${a.id}/status`, { status: 'closed', version: a.version })).status).toBe(200);
    await postEvents(s, sshFailureBurst('203.0.113.5', 10_000));
    const after = await alertsFor('203.0.113.5');
    expect(after).toHaveLength(2);
    const [fresh, closed] = after; // newest first
    expect(closed).toMatchObject({ id: a.id, status: 'closed', occurrences: 4 });
    expect(fresh).toMatchObject({ status: 'new', occurrences: 1, eventCount: 10 });
    expect(await outboxRows(fresh.id as string)).toBe(1);
    await until(
      async () => (rx.got.filter((g) => g.answered === 200).length >= 3 ? true : null),
      'the new alert delivered',
    );
    expect(rx.got.filter((g) => g.answered === 200)).toHaveLength(3);
    // The absorbed crossings are in the audit log as such.
    const audit = await api(s, 'GET', `/audit?action=alert.absorb&targetId=${a.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.entries as Json[]).toHaveLength(3);
  });
});
