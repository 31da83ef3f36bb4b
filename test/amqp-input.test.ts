// MozDef's RabbitMQ input against the real broker (CI sets AMQP_URL): events published to the
// `eventtask`-style exchange as MozDef's loginput did are stored, bad ones are rejected without
// requeue, and nothing is left unacknowledged.
import crypto from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

const url = process.env.AMQP_URL ?? '';
if (!url) console.warn('amqp-input: AMQP_URL is not set, skipping the RabbitMQ input tests (CI sets it)');

async function search(s: TestServer, q: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${s.url}/api/v1/events?q=${encodeURIComponent(q)}&from=now-1d&to=now%2B1h&size=50`, {
    headers: { Authorization: `Bearer ${s.adminToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()).events;
}

describe.skipIf(!url)('AMQP input (MozDef eventtask)', () => {
  // A queue of its own, so parallel runs and other suites never consume each other's messages.
  const queue = `picket-test-${crypto.randomBytes(4).toString('hex')}`;
  let s: TestServer;
  let conn: amqp.ChannelModel;
  let ch: amqp.Channel;

  beforeAll(async () => {
    s = await startTestServer({ AMQP_URL: url, PICKET_AMQP_QUEUE: queue });
    conn = await amqp.connect(url);
    ch = await conn.createChannel();
  });
  afterAll(async () => {
    await s?.stop();
    await ch?.deleteQueue(queue).catch(() => undefined);
    await ch?.deleteExchange(queue).catch(() => undefined);
    await conn?.close();
  });

  it('stores what MozDef loginput published, acks it, and rejects bad messages without losing the good ones', async () => {
    const marker = crypto.randomBytes(4).toString('hex');
    const publish = (body: string) =>
      ch.publish(queue, queue, Buffer.from(body), { contentType: 'application/json', deliveryMode: 2 });
    // The shape loginput's /events handler published: the posted JSON plus `endpoint`.
    publish(
      JSON.stringify({
        summary: `amqp ${marker} one`,
        hostname: 'mq1',
        category: 'authentication',
        endpoint: 'events',
        details: { sourceipaddress: '203.0.113.5' },
      }),
    );
    publish(`{"summary": "amqp ${marker} broken"`);
    publish(
      JSON.stringify({ summary: `amqp ${marker} two`, hostname: 'mq2', severity: 'warning', endpoint: 'events' }),
    );
    const found = await until(async () => {
      const f = await search(s, `"amqp ${marker}"`);
      return f.length === 2 ? f : undefined;
    }, 'both good messages');
    expect(found.map((e) => e.summary).sort()).toEqual([`amqp ${marker} one`, `amqp ${marker} two`]);
    const one = found.find((e) => e.hostname === 'mq1')!;
    expect(one).toMatchObject({
      category: 'authentication',
      details: { sourceipaddress: '203.0.113.5', endpoint: 'events' },
    });
    expect(found.find((e) => e.hostname === 'mq2')!.severity).toBe('WARNING');
    // Everything was settled: acked (stored) or rejected (the broken one), none waits for redelivery.
    await until(async () => (await ch.checkQueue(queue)).messageCount === 0, 'an empty queue');
    await new Promise((r) => setTimeout(r, 300));
    expect((await ch.checkQueue(queue)).messageCount).toBe(0);
  });

  it('consumes what was queued while Picket was away', async () => {
    await s.stop();
    const marker = crypto.randomBytes(4).toString('hex');
    ch.publish(queue, queue, Buffer.from(JSON.stringify({ summary: `amqp ${marker} queued while down` })), {
      deliveryMode: 2,
    });
    expect((await ch.checkQueue(queue)).messageCount).toBe(1);
    s = await startTestServer({ AMQP_URL: url, PICKET_AMQP_QUEUE: queue });
    await until(async () => (await search(s, `"amqp ${marker}"`)).length === 1, 'the message queued while down');
  });
});
