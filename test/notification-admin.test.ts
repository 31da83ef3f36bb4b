// The admin screen's notification procedures against a real server and real receivers: test sends
// (REST and tRPC, success and a generic failure, audited), the channel list's routed rules and
// last delivery, a channel's delivery log paged newest first, "retry now" for a failed row, the
// rule editor's channel names, and who may do what (403 for analysts/viewers, audited when refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { TEST_FAILED } from '../server/alerts/notify/test-send.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcError, trpcHttp } from './trpc-http-client.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

let s: TestServer;
let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver({ '/down': Infinity, '/gate': Infinity });
  // The receiver is on loopback, which notification targets may only be with this setting.
  s = await startTestServer({
    PICKET_NOTIFY_RETRY_BASE_MS: '50',
    PICKET_NOTIFY_MAX_ATTEMPTS: '2',
    PICKET_NOTIFY_ALLOW_PRIVATE: 'true',
  });
});
afterAll(async () => {
  await s?.stop();
  await rx?.close();
});

async function channel(body: Json): Promise<Json> {
  const r = await api(s, 'POST', '/notification-channels', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function auditOf(action: string, targetId: string): Promise<Json[]> {
  const r = await api(s, 'GET', `/audit?action=${action}`);
  return (r.body.entries as Json[]).filter((e) => e.targetId === targetId);
}

describe('send test', () => {
  it('delivers a sample alert now, or answers that it was not (never the receiver’s words); both are audited; REST and tRPC', async () => {
    const ok = await channel({ kind: 'webhook', name: 'test ok', url: `${rx.url}/ok?token=hush`, enabled: false });
    const down = await channel({ kind: 'slack', name: 'test down', url: `${rx.url}/down` });

    const sent = await api(s, 'POST', `/notification-channels/${ok.id}/test`, {});
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ ok: true, error: null, ms: expect.any(Number) });
    // A disabled channel can be tested: that is how an admin checks it before switching it on.
    const got = rx.got.filter((g) => g.path.startsWith('/ok'));
    expect(got).toHaveLength(1);
    expect(got[0].body.alert).toMatchObject({
      summary: 'Picket test notification for channel "test ok"',
      severity: 'INFO',
      category: 'test',
      eventCount: 0,
    });
    expect(got[0].body.text).toContain('[INFO] Picket test notification');

    const failed = await api(s, 'POST', `/notification-channels/${down.id}/test`, {});
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ ok: false, error: TEST_FAILED });
    expect(rx.got.filter((g) => g.path === '/down')[0].body).toEqual({
      text: expect.stringContaining('test down'),
      username: 'Picket',
    });

    expect(await auditOf('notification_channel.test', ok.id as string)).toEqual([
      expect.objectContaining({
        actor: 'token:PICKET_ADMIN_TOKEN',
        diff: expect.objectContaining({ result: 'sent', error: null }),
      }),
    ]);
    expect((await auditOf('notification_channel.test', down.id as string))[0].diff).toMatchObject({
      result: 'failed',
      error: TEST_FAILED,
    });
    // Never the secret, in the answer or the audit log.
    expect(
      JSON.stringify(sent.body) + JSON.stringify(await auditOf('notification_channel.test', ok.id as string)),
    ).not.toContain('hush');

    const trpc = trpcHttp(s.url, s.adminToken);
    await expect(trpc.notifications.testChannel.mutate({ id: ok.id as string })).resolves.toMatchObject({ ok: true });
    expect(rx.got.filter((g) => g.path.startsWith('/ok'))).toHaveLength(2);
    expect((await api(s, 'POST', '/notification-channels/00000000-0000-4000-8000-000000000000/test', {})).status).toBe(
      404,
    );
    expect(
      (await trpcError(trpc.notifications.testChannel.mutate({ id: '00000000-0000-4000-8000-000000000000' }))).data
        ?.code,
    ).toBe('NOT_FOUND');
  });
});

describe('channel list, delivery log and retry', () => {
  it('shows routed rules and the last delivery, pages a channel log newest first with the alert, and retries a failed row', async () => {
    const good = await channel({ kind: 'webhook', name: 'log good', url: `${rx.url}/good` });
    const flaky = await channel({ kind: 'webhook', name: 'log flaky', url: `${rx.url}/gate` });
    const idle = await channel({ kind: 'webhook', name: 'log idle', url: `${rx.url}/idle` });
    const category = uniqueCategory('notify-log');
    const rule = await createRule(s, {
      name: 'log me',
      type: 'match',
      query: `category:${category}`,
      category: 'nl',
      summary: 'log {hostname}',
      notify: [good.id, flaky.id],
    });
    await postEvents(
      s,
      ['h1', 'h2', 'h3'].map((hostname) => ({ category, hostname, summary: 'x' })),
    );
    await s.picket.alerting.engine.idle();

    const settled = await until(async () => {
      const p = await api(s, 'GET', `/notification-channels/${good.id}/deliveries?size=2`);
      const q = await api(s, 'GET', `/notification-channels/${flaky.id}/deliveries`);
      const done = (rows: Json[]) => rows.every((r) => r.status === 'sent' || r.status === 'failed');
      return p.body.deliveries &&
        (q.body.deliveries as Json[]).length === 3 &&
        done(q.body.deliveries as Json[]) &&
        done(p.body.deliveries as Json[])
        ? { p, q }
        : null;
    }, 'deliveries settled');
    // Page 1 of the good channel: two newest rows, each with its alert; then the last page.
    const first = settled.p.body as { deliveries: Json[]; nextBefore: number };
    expect(first.deliveries).toHaveLength(2);
    expect(first.deliveries[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
      channelId: good.id,
      alert: { summary: expect.stringMatching(/^log h\d$/), severity: 'NOTICE' },
    });
    expect(Number(first.deliveries[0].id)).toBeGreaterThan(Number(first.deliveries[1].id));
    const second = (
      await api(s, 'GET', `/notification-channels/${good.id}/deliveries?size=2&before=${first.nextBefore}`)
    ).body as { deliveries: Json[]; nextBefore: number | null };
    expect(second.deliveries).toHaveLength(1);
    expect(second.nextBefore).toBeNull();
    const summaries = [...first.deliveries, ...second.deliveries].map((d) => (d.alert as Json).summary).sort();
    expect(summaries).toEqual(['log h1', 'log h2', 'log h3']);
    expect((await api(s, 'GET', `/notification-channels/${good.id}/deliveries?status=failed`)).body.deliveries).toEqual(
      [],
    );
    expect((await api(s, 'GET', `/notification-channels/${good.id}/deliveries?size=0`)).status).toBe(400);

    // The second receiver was down: with 2 attempts at most, every row failed. Then it comes back.
    const flakyRows = settled.q.body.deliveries as Json[];
    expect(flakyRows.map((r) => [r.status, r.attempts, r.lastError])).toEqual(
      Array(3).fill(['failed', 2, 'receiver answered 500']),
    );
    const failedRow = flakyRows[1];
    rx.failFirst['/gate'] = 0;

    const listed = (await api(s, 'GET', '/notification-channels')).body.channels as Json[];
    const byName = new Map(listed.map((c) => [c.name, c]));
    expect(byName.get('log good')).toMatchObject({
      rules: [{ id: rule.id, name: 'log me', enabled: true }],
      lastDelivery: { status: 'sent', lastError: null },
    });
    expect(byName.get('log idle')).toMatchObject({ rules: [], lastDelivery: null });
    expect(byName.get('log flaky')).toMatchObject({
      lastDelivery: { id: flakyRows[0].id, status: 'failed', lastError: 'receiver answered 500' },
    });
    expect(JSON.stringify(listed)).not.toContain('/good');

    // Retry now: back to pending, audited, and sent by the next round (the receiver answers 200 now).
    const retried = await api(s, 'POST', `/notifications/${failedRow.id}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ id: failedRow.id, status: 'pending' });
    const sentNow = await until(
      async () =>
        (
          (await api(s, 'GET', `/notification-channels/${flaky.id}/deliveries?status=sent`)).body.deliveries as Json[]
        ).find((r) => r.id === failedRow.id),
      'the retried row sent',
    );
    expect(sentNow).toMatchObject({ attempts: 3, lastError: null });
    expect(await auditOf('notification_delivery.retry', String(failedRow.id))).toEqual([
      expect.objectContaining({
        diff: { status: ['failed', 'pending'], channelId: flaky.id, alertId: failedRow.alertId },
      }),
    ]);
    // Only failed rows: a sent one is a conflict, an unknown one not found.
    expect((await api(s, 'POST', `/notifications/${failedRow.id}/retry`, {})).status).toBe(409);
    expect((await api(s, 'POST', '/notifications/99999999/retry', {})).status).toBe(404);
    expect((await api(s, 'POST', '/notifications/not-a-number/retry', {})).status).toBe(404);

    // The same over tRPC.
    const trpc = trpcHttp(s.url, s.adminToken);
    const page = await trpc.notifications.channelDeliveries.query({ channelId: flaky.id as string, size: 10 });
    expect(page.deliveries.map((d) => d.status)).toEqual(['failed', 'sent', 'failed']);
    expect((await trpcError(trpc.notifications.retryDelivery.mutate({ id: failedRow.id as number }))).data?.code).toBe(
      'CONFLICT',
    );
    const channels = await trpc.notifications.channels.query();
    expect(channels.find((c) => c.id === flaky.id)).toMatchObject({
      rules: [{ name: 'log me' }],
      lastDelivery: { status: 'failed' },
    });
    // Exactly one more request reached the receiver: the retried row.
    expect(rx.got.filter((g) => g.path === '/gate').map((g) => g.answered)).toEqual([...Array(6).fill(500), 200]);
  });

  it('refuses a stale channel edit over tRPC with the current record', async () => {
    const c = await channel({ kind: 'webhook', name: 'versioned', url: `${rx.url}/v` });
    const trpc = trpcHttp(s.url, s.adminToken);
    await expect(
      trpc.notifications.updateChannel.mutate({ id: c.id as string, patch: { version: 1, enabled: false } }),
    ).resolves.toMatchObject({ version: 2, enabled: false });
    const stale = await trpcError(
      trpc.notifications.updateChannel.mutate({ id: c.id as string, patch: { version: 1, name: 'lost' } }),
    );
    expect(stale.data?.code).toBe('CONFLICT');
    expect((stale.data as { current?: Json }).current).toMatchObject({ name: 'versioned', version: 2, enabled: false });
  });
});

describe('who may', () => {
  it('lets only admins test, read logs and retry (403 for analysts, audited); rule readers get channel names only', async () => {
    const c = await channel({ kind: 'webhook', name: 'guarded', url: `${rx.url}/guarded?key=s3cr3t` });
    const before = rx.got.length;
    for (const role of ['analyst', 'viewer'] as const) {
      const token = await tokenFor(s.url, s.adminToken, role);
      expect((await api(s, 'POST', `/notification-channels/${c.id}/test`, {}, token)).status).toBe(403);
      expect((await api(s, 'GET', `/notification-channels/${c.id}/deliveries`, undefined, token)).status).toBe(403);
      expect((await api(s, 'POST', '/notifications/1/retry', {}, token)).status).toBe(403);
      expect((await api(s, 'GET', '/notification-channels', undefined, token)).status).toBe(403);
      const trpc = trpcHttp(s.url, token);
      expect((await trpcError(trpc.notifications.testChannel.mutate({ id: c.id as string }))).data?.code).toBe(
        'FORBIDDEN',
      );
      expect(
        (await trpcError(trpc.notifications.channelDeliveries.query({ channelId: c.id as string }))).data?.code,
      ).toBe('FORBIDDEN');
      expect((await trpcError(trpc.notifications.retryDelivery.mutate({ id: 1 }))).data?.code).toBe('FORBIDDEN');
      expect((await trpcError(trpc.notifications.channels.query())).data?.code).toBe('FORBIDDEN');
      // The rule editor's picker: names, kinds and state, nothing of the target.
      const options = await trpc.notifications.channelOptions.query();
      expect(options.find((o) => o.id === c.id)).toEqual({ id: c.id, name: 'guarded', kind: 'webhook', enabled: true });
      expect(JSON.stringify(options)).not.toMatch(/s3cr3t|guarded\?|127\.0\.0\.1/);
    }
    expect(rx.got.length).toBe(before);
    const denied = ((await api(s, 'GET', '/audit?action=access.denied')).body.entries as Json[]).map((e) => e.targetId);
    expect(denied).toEqual(
      expect.arrayContaining([
        'POST /api/v1/notification-channels/:id/test',
        'POST /api/v1/notifications/:id/retry',
        'notifications.testChannel',
        'notifications.retryDelivery',
      ]),
    );
  });
});
