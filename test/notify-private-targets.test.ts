// Notification targets may not be loopback, private, link-local (cloud metadata) or reserved
// addresses unless PICKET_NOTIFY_ALLOW_PRIVATE is set; "send test" answers in Picket's words only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_FAILED, TEST_FORBIDDEN } from '../server/alerts/notify/test-send.ts';
import { api, createRule, postEvents, uniqueCategory, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';
import { freePort } from './free-port.ts';

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx?.close());

async function channel(s: TestServer, body: Json): Promise<string> {
  const r = await api(s, 'POST', '/notification-channels', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}
const sendTest = async (s: TestServer, id: string) =>
  (await api(s, 'POST', `/notification-channels/${id}/test`, {})).body;

describe('by default (private targets refused)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ PICKET_NOTIFY_RETRY_BASE_MS: '50', PICKET_NOTIFY_MAX_ATTEMPTS: '1' });
  });
  afterAll(() => s?.stop());

  it('refuses webhook targets on loopback, private, link-local, metadata and unspecified addresses, by literal or by name', async () => {
    const port = new URL(rx.url).port;
    const urls = [
      `${rx.url}/literal`,
      `http://localhost:${port}/by-name`,
      `http://[::1]:${port}/v6`,
      `http://[::ffff:127.0.0.1]:${port}/mapped`,
      `http://0.0.0.0:${port}/unspecified`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/',
      'http://192.168.1.1/',
      'http://172.16.0.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
    ];
    for (const [i, url] of urls.entries()) {
      const id = await channel(s, { kind: i % 2 ? 'slack' : 'webhook', name: `private ${i}`, url });
      expect(await sendTest(s, id), url).toMatchObject({ ok: false, error: TEST_FORBIDDEN });
    }
    expect(rx.got).toEqual([]);
  });

  it('refuses SMTP hosts the same way', async () => {
    for (const host of ['127.0.0.1', 'localhost', '169.254.169.254']) {
      const id = await channel(s, {
        kind: 'email',
        name: `smtp ${host}`,
        config: { host, port: 25, from: 'p@example.org', to: ['soc@example.org'] },
      });
      expect(await sendTest(s, id), host).toMatchObject({ ok: false, error: TEST_FORBIDDEN });
    }
  });

  it('refuses them for real alerts too: nothing reaches the receiver, the delivery log says why', async () => {
    const id = await channel(s, { kind: 'webhook', name: 'alert to loopback', url: `${rx.url}/alert` });
    const category = uniqueCategory('private-target');
    const rule = await createRule(s, {
      name: 'to loopback',
      type: 'match',
      query: `category:${category}`,
      category: 'pt',
      summary: 'x',
      notify: [id],
    });
    await postEvents(s, [{ category, summary: 'x' }]);
    await s.picket.alerting.engine.idle();
    const row = await until(async () => {
      const d = (
        (await api(s, 'GET', `/notification-channels/${id}/deliveries`)).body.deliveries as Json[] | undefined
      )?.[0];
      return d?.status === 'failed' ? d : null;
    }, 'the refused delivery');
    expect(row.lastError).toMatch(/private, loopback, link-local or reserved address/);
    expect(rule.id).toBeDefined();
    expect(rx.got).toEqual([]);
  });
});

describe('with PICKET_NOTIFY_ALLOW_PRIVATE=true', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ PICKET_NOTIFY_ALLOW_PRIVATE: 'true' });
  });
  afterAll(() => s?.stop());

  it('delivers to loopback; a failure is answered without the network’s or receiver’s words', async () => {
    const ok = await channel(s, { kind: 'webhook', name: 'loopback ok', url: `${rx.url}/allowed` });
    expect(await sendTest(s, ok)).toMatchObject({ ok: true, error: null });
    expect(rx.got.map((g) => g.path)).toEqual(['/allowed']);

    // A closed port: the raw error would say ECONNREFUSED and the address (a port scanner's answer).
    const port = await freePort();
    const id = await channel(s, { kind: 'webhook', name: 'closed port', url: `http://127.0.0.1:${port}/` });
    const r = await sendTest(s, id);
    expect(r).toMatchObject({ ok: false, error: TEST_FAILED });
    const { rows } = await s.db.pool.query(
      `SELECT diff FROM audit_log WHERE action = 'notification_channel.test' AND target_id = $1`,
      [id],
    );
    expect(JSON.stringify([r, rows])).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });
});
