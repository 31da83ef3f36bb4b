// Alert notifications against real receivers: a local HTTP server (generic JSON, Slack format, a
// receiver that fails twice, one that always fails), a real SMTP server (smtp-server), and a
// restart between retries. Exactly one delivery per alert and channel is what is checked.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';
import { loadConfig } from '../server/config.ts';
import { api, createRule, postEvents, until, type Json } from './alerts-api.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { startReceiver as receiver } from './webhook-receiver.ts';

const dirs: string[] = [];
const dbs: TestDatabase[] = [];
async function start(db: TestDatabase, adminToken: string, env: Record<string, string> = {}) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-notify-'));
  dirs.push(dataDir);
  const cfg = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    PICKET_DATA_DIR: dataDir,
    PICKET_ADMIN_TOKEN: adminToken,
    PICKET_LOG_LEVEL: 'error',
    PICKET_UI: 'false',
    PICKET_NOTIFY_RETRY_BASE_MS: '50',
    PICKET_NOTIFY_MAX_ATTEMPTS: '3',
    // The receivers are on loopback, which notification targets may only be with this setting.
    PICKET_NOTIFY_ALLOW_PRIVATE: 'true',
    ...env,
  });
  const server = await startServer(cfg, { web: false });
  return { server, s: { url: `http://127.0.0.1:${server.port}`, adminToken } };
}
afterAll(async () => {
  for (const d of dbs) await d.drop();
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function channel(s: { url: string; adminToken: string }, body: Json): Promise<Json> {
  const r = await api(s, 'POST', '/notification-channels', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function deliveries(s: { url: string; adminToken: string }, query: string): Promise<Json[]> {
  const r = await api(s, 'GET', `/notifications?${query}`);
  expect(r.status).toBe(200);
  return r.body.notifications as Json[];
}

describe('alert notifications', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  let p: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    rx = await receiver({ '/flaky': 2, '/dead': Infinity });
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    p = await start(db, `pkt_test_${crypto.randomBytes(16).toString('hex')}`);
  });
  afterAll(async () => {
    await p?.server.stop();
    await rx?.close();
  });

  it('sends one notification per alert and channel (JSON, Slack format, a receiver failing twice), marks a dead one failed, never echoes secrets', async () => {
    const { s } = p;
    const json = await channel(s, { kind: 'webhook', name: 'soc json', url: `${rx.url}/json?token=s3cret` });
    const slack = await channel(s, {
      kind: 'slack',
      name: 'soc chat',
      url: `${rx.url}/slack`,
      config: { username: 'picket-bot' },
    });
    const flaky = await channel(s, { kind: 'webhook', name: 'flaky', url: `${rx.url}/flaky` });
    const dead = await channel(s, { kind: 'webhook', name: 'dead', url: `${rx.url}/dead` });
    const listed = await api(s, 'GET', '/notification-channels');
    expect(JSON.stringify(listed.body)).not.toContain('s3cret');
    expect(JSON.stringify(listed.body)).not.toContain('/json');
    expect((listed.body.channels as Json[]).find((c) => c.id === json.id)).toMatchObject({
      secretSet: true,
      secretHint: `${rx.url}/…`,
      kind: 'webhook',
    });
    expect(
      (await api(s, 'POST', '/notification-channels', { kind: 'webhook', name: 'x', url: 'ftp://nope' })).status,
    ).toBe(400);
    expect(
      (
        await api(s, 'POST', '/notification-channels', {
          kind: 'email',
          name: 'x',
          config: { host: 'h', from: 'not-an-email', to: [] },
        })
      ).status,
    ).toBe(400);

    const rule = await createRule(s, {
      name: 'notify me',
      type: 'match',
      query: 'category:notify-test',
      severity: 'WARNING',
      category: 'notify',
      summary: 'suspicious thing on {hostname}',
      notify: [json.id, slack.id, flaky.id, dead.id],
    });
    await postEvents(s, [{ category: 'notify-test', hostname: 'web-7', summary: 'x' }]);
    await p.server.picket.alerting.engine.idle();
    const alert = await until(
      async () => ((await api(s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as Json[])[0],
      'the alert',
    );
    const settled = await until(async () => {
      const rows = await deliveries(s, `alertId=${alert.id}`);
      return rows.length === 4 && rows.every((r) => r.status === 'sent' || r.status === 'failed') ? rows : null;
    }, 'every delivery settled');
    const byChannel = new Map(settled.map((r) => [r.channelId, r]));
    expect(byChannel.get(json.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(byChannel.get(flaky.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(byChannel.get(dead.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'receiver answered 500' });
    expect((await deliveries(s, 'status=failed')).map((r) => r.channelId)).toEqual([dead.id]);

    // Another round changes nothing: no duplicates once recorded.
    await p.server.picket.notifications.sender.drain();
    const ok = (pathPrefix: string) => rx.got.filter((g) => g.path.startsWith(pathPrefix) && g.answered === 200);
    expect(ok('/json')).toHaveLength(1);
    expect(ok('/json')[0].body.alert).toMatchObject({
      id: alert.id,
      summary: 'suspicious thing on web-7',
      severity: 'WARNING',
      ruleName: 'notify me',
      eventCount: 1,
    });
    expect(ok('/json')[0].headers['idempotency-key']).toBe(`${alert.id}:${json.id}`);
    expect(ok('/slack')).toHaveLength(1);
    expect(ok('/slack')[0].body).toEqual({
      text: expect.stringContaining('[WARNING] suspicious thing on web-7'),
      username: 'picket-bot',
    });
    expect(rx.got.filter((g) => g.path === '/flaky').map((g) => g.answered)).toEqual([500, 500, 200]);
    expect(rx.got.filter((g) => g.path === '/dead')).toHaveLength(3);

    // The outbox is unique per alert and channel: queueing again adds nothing.
    const { enqueueNotifications } = await import('../server/alerts/notify/outbox.ts');
    await enqueueNotifications(p.server.picket.db.orm, [[alert.id as string, json.id as string]]);
    expect(await deliveries(s, `alertId=${alert.id}&channelId=${json.id}`)).toHaveLength(1);

    // A channel edit keeps the secret unless a new one is sent; a stale version is refused.
    const upd = await api(s, 'PATCH', `/notification-channels/${json.id}`, { version: 1, name: 'soc json v2' });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ name: 'soc json v2', version: 2, secretSet: true });
    expect(
      (await api(s, 'PATCH', `/notification-channels/${json.id}`, { version: 1, name: 'lost update' })).status,
    ).toBe(409);
    const audit = (await api(s, 'GET', '/audit?action=notification_channel.create')).body.entries as Json[];
    expect(JSON.stringify(audit)).not.toContain('s3cret');
  });

  it('emails the alert summary through a real SMTP server, once', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, _session, cb) =>
        auth.username === 'picket' && auth.password === 'mail-pass'
          ? cb(null, { user: 'picket' })
          : cb(new Error('bad login')),
      onData(stream, _session, cb) {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString()));
        stream.on('end', () => (mails.push(text), cb()));
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    try {
      const { s } = p;
      const port = (smtp.server.address() as AddressInfo).port;
      const mail = await channel(s, {
        kind: 'email',
        name: 'soc mail',
        password: 'mail-pass',
        config: {
          host: '127.0.0.1',
          port,
          ignoreTls: true,
          user: 'picket',
          from: 'picket@example.org',
          to: ['soc@example.org'],
        },
      });
      expect(mail).toMatchObject({ secretSet: true, secretHint: '••••••' });
      expect(JSON.stringify(mail)).not.toContain('mail-pass');
      const rule = await createRule(s, {
        name: 'mail me',
        type: 'match',
        query: 'category:mail-test',
        severity: 'CRITICAL',
        category: 'mail',
        summary: 'ransomware note on {hostname}',
        notify: [mail.id],
      });
      await postEvents(s, [{ category: 'mail-test', hostname: 'fs-1', summary: 'x' }]);
      await p.server.picket.alerting.engine.idle();
      const alert = await until(
        async () => ((await api(s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as Json[])[0],
        'the alert',
      );
      await until(async () => (await deliveries(s, `alertId=${alert.id}`))[0]?.status === 'sent', 'the mail delivery');
      await p.server.picket.notifications.sender.drain();
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatch(/Subject: \[Picket CRITICAL\] ransomware note on fs-1/);
      expect(mails[0]).toContain('To: soc@example.org');
      expect(mails[0]).toContain(`X-Picket-Alert: ${alert.id}`);
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});

describe('notifications across a restart', () => {
  it('a delivery that failed before the restart is retried after it and delivered exactly once', async () => {
    const rx = await receiver({ '/flaky': 2 });
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    const token = `pkt_test_${crypto.randomBytes(16).toString('hex')}`;
    // A long first backoff: the process stops while the retry is still waiting.
    const first = await start(db, token, { PICKET_NOTIFY_RETRY_BASE_MS: '2000', PICKET_NOTIFY_MAX_ATTEMPTS: '5' });
    const ch = await channel(first.s, { kind: 'webhook', name: 'flaky', url: `${rx.url}/flaky` });
    const rule = await createRule(first.s, {
      name: 'restart notify',
      type: 'match',
      query: 'category:restart-notify',
      category: 'rn',
      summary: 'restart {hostname}',
      notify: [ch.id],
    });
    await postEvents(first.s, [{ category: 'restart-notify', hostname: 'h1' }]);
    await first.server.picket.alerting.engine.idle();
    const row = await until(
      async () =>
        (await deliveries(first.s, `channelId=${ch.id}`)).find((r) => r.attempts === 1 && r.status === 'pending'),
      'the first failed attempt',
    );
    await first.server.stop();

    const second = await start(db, token, { PICKET_NOTIFY_RETRY_BASE_MS: '50', PICKET_NOTIFY_MAX_ATTEMPTS: '5' });
    try {
      const done = await until(
        async () => (await deliveries(second.s, `channelId=${ch.id}`)).find((r) => r.status === 'sent'),
        'delivery after the restart',
      );
      expect(done.id).toBe(row.id);
      await second.server.picket.notifications.sender.drain();
      expect(rx.got.map((g) => g.answered)).toEqual([500, 500, 200]);
      expect(await deliveries(second.s, `channelId=${ch.id}`)).toHaveLength(1);
      // The restarted engine did not raise the alert again either.
      expect(((await api(second.s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as Json[]).length).toBe(1);
    } finally {
      await second.server.stop();
      await rx.close();
    }
  });
});
