import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { METRIC } from '../server/ops/metrics.ts';
import { api, createRule, until } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { connectTrpcWs } from './trpc-ws-client.ts';
import { freePort as closedPort } from './free-port.ts';

const redisUrl = inject('redisUrl');

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus text format → samples (label values here never contain quotes or commas). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of m[2] ? m[2].split(',') : []) {
      const [k, v] = pair.split('=');
      labels[k] = JSON.parse(v);
    }
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(s: TestServer, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await fetch(`${s.url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

describe('GET /metrics from a trusted source', () => {
  let s: TestServer;
  // Failed notifications wait long before their retry, so the outbox row stays pending for the scrape.
  beforeAll(async () => {
    s = await startTestServer({ PICKET_NOTIFY_RETRY_BASE_MS: '600000', PICKET_ALERT_TICK_MS: '100' });
  });
  afterAll(() => s?.stop());

  it('exposes every metric under its stable name, with HELP and TYPE, plus the process metrics', async () => {
    const res = await fetch(`${s.url}/metrics`);
    const text = await res.text();
    const types: Record<string, string> = {
      [METRIC.ingestAccepted]: 'counter',
      [METRIC.ingestRejected]: 'counter',
      [METRIC.ingestRefused]: 'counter',
      [METRIC.queueDepth]: 'gauge',
      [METRIC.storeDuration]: 'histogram',
      [METRIC.alertLatency]: 'histogram',
      [METRIC.websocketClients]: 'gauge',
      [METRIC.outboxDepth]: 'gauge',
      [METRIC.dependencyUp]: 'gauge',
      [METRIC.dependencyLatency]: 'gauge',
      [METRIC.buildInfo]: 'gauge',
      process_cpu_seconds_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
    };
    for (const [name, type] of Object.entries(types)) {
      expect(text, name).toContain(`# TYPE ${name} ${type}\n`);
      expect(text, name).toMatch(new RegExp(`# HELP ${name} \\S`));
    }
    // The names are a contract with dashboards: this list changes only by adding.
    expect(Object.values(METRIC)).toEqual([
      'picket_ingest_events_accepted_total',
      'picket_ingest_events_rejected_total',
      'picket_ingest_requests_refused_total',
      'picket_queue_depth',
      'picket_store_operation_duration_seconds',
      'picket_alert_latency_seconds',
      'picket_websocket_clients',
      'picket_notification_outbox_depth',
      'picket_dependency_up',
      'picket_dependency_latency_seconds',
      'picket_build_info',
    ]);
    const samples = parse(text);
    expect(value(samples, METRIC.queueDepth, { mode: 'embedded' })).toBe(0);
    expect(value(samples, METRIC.dependencyUp, { dependency: 'postgres' })).toBe(1);
    expect(value(samples, METRIC.dependencyLatency, { dependency: 'postgres' })).toBeGreaterThan(0);
    expect(samples.find((x) => x.name === METRIC.buildInfo)?.labels.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('counts accepted events by input, rejected ones by reason and refused requests by code', async () => {
    const before = await scrape(s);
    const tag = `m-${crypto.randomUUID()}`;
    const ndjson = [
      JSON.stringify({ summary: 'one', tags: [tag] }),
      JSON.stringify({ summary: 'two', tags: [tag] }),
      '{"summary": broken',
      JSON.stringify({ summary: 'old', utctimestamp: '2001-01-01T00:00:00Z' }),
    ].join('\n');
    const r1 = await fetch(`${s.url}/events/`, { method: 'POST', body: ndjson });
    expect((await r1.json()).accepted).toBe(2);
    const r2 = await fetch(`${s.url}/_bulk`, {
      method: 'POST',
      body: `{"index":{}}\n${JSON.stringify({ summary: 'bulk', tags: [tag] })}\n{"delete":{"_id":"x"}}\n`,
    });
    expect(r2.status).toBe(200);
    const custom = await fetch(`${s.url}/custom/${tag}`, {
      method: 'POST',
      body: JSON.stringify({ summary: 'custom', tags: [tag] }),
    });
    expect((await custom.json()).accepted).toBe(1);
    expect((await fetch(`${s.url}/api/events`, { method: 'POST', body: 'not json at all' })).status).toBe(400);
    expect((await fetch(`${s.url}/nxlog`, { method: 'GET' })).status).toBe(405);

    const after = await scrape(s);
    const delta = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(delta(METRIC.ingestAccepted, { input: '/events' })).toBe(2);
    expect(delta(METRIC.ingestAccepted, { input: '/_bulk' })).toBe(1);
    // The application name a client chose is not a label.
    expect(delta(METRIC.ingestAccepted, { input: '/custom' })).toBe(1);
    expect(after.some((x) => Object.values(x.labels).some((v) => v.includes(tag)))).toBe(false);
    expect(delta(METRIC.ingestRejected, { input: '/events', reason: 'invalid_json' })).toBe(1);
    expect(delta(METRIC.ingestRejected, { input: '/events', reason: 'too_old' })).toBe(1);
    expect(delta(METRIC.ingestRejected, { input: '/_bulk', reason: 'unsupported_bulk_action' })).toBe(1);
    expect(delta(METRIC.ingestRefused, { input: '/api/events', code: 'bad_request' })).toBe(1);
    expect(delta(METRIC.ingestRefused, { input: '/nxlog', code: 'method_not_allowed' })).toBe(1);
    // Three committed batches (one per request), each timed around the store write.
    expect(delta(`${METRIC.storeDuration}_count`, { store: 'postgres', op: 'write', outcome: 'ok' })).toBe(3);

    const search = await api(s, 'GET', `/events?q=tags:${tag}`);
    expect(search.body.total).toBe(4);
    const afterSearch = await scrape(s);
    expect(
      value(afterSearch, `${METRIC.storeDuration}_count`, { op: 'search' }) -
        value(after, `${METRIC.storeDuration}_count`, { op: 'search' }),
    ).toBe(1);
  });

  it('observes alert latency, counts websocket clients and the notification outbox', async () => {
    const channel = await api(s, 'POST', '/notification-channels', {
      kind: 'webhook',
      name: 'nowhere',
      url: `http://127.0.0.1:${await closedPort()}/hook`,
    });
    expect(channel.status).toBe(201);
    const category = `opsprobe${crypto.randomBytes(4).toString('hex')}`;
    const rule = await createRule(s, {
      name: `ops probe ${category}`,
      type: 'match',
      query: `category:${category}`,
      severity: 'NOTICE',
      category,
      tags: [],
      summary: 'ops probe',
      enabled: true,
      notify: [channel.body.id],
    });
    const before = await scrape(s);
    const ws = connectTrpcWs(s.url, s.adminToken);
    try {
      await new Promise<void>((resolve) =>
        ws.client.changes.onTopic.subscribe({ topic: 'alerts' }, { onStarted: () => resolve() }),
      );
      const res = await fetch(`${s.url}/events`, {
        method: 'POST',
        body: JSON.stringify({ summary: 'trip', category }),
      });
      expect(res.status).toBe(200);
      await until(
        async () => ((await api(s, 'GET', `/alerts?ruleId=${rule.id}`)).body.alerts as unknown[]).length > 0,
        'the alert',
      );
      const after = await until(async () => {
        const m = await scrape(s);
        return value(m, METRIC.outboxDepth, { status: 'pending' }) >= 1 ? m : undefined;
      }, 'the failed notification to wait in the outbox');
      expect(value(after, `${METRIC.alertLatency}_count`) - value(before, `${METRIC.alertLatency}_count`)).toBe(1);
      const seconds = value(after, `${METRIC.alertLatency}_sum`) - value(before, `${METRIC.alertLatency}_sum`);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(60);
      expect(value(after, METRIC.websocketClients)).toBe(1);
    } finally {
      await ws.close();
    }
    await until(
      async () => value(await scrape(s), METRIC.websocketClients) === 0,
      'the socket to be gone from the gauge',
    );
  });
});

describe('GET /metrics and /api/health from an untrusted source', () => {
  let s: TestServer;
  // The test client (127.0.0.1) is outside these CIDRs, as a scraper on another network would be.
  beforeAll(async () => {
    s = await startTestServer({
      PICKET_METRICS_TRUSTED_CIDRS: '10.0.0.0/8',
      ...(redisUrl ? { REDIS_URL: redisUrl, PICKET_REDIS_PREFIX: `picket-test-${crypto.randomUUID()}` } : {}),
    });
  });
  afterAll(() => s?.stop());

  const token = async (body: object) => {
    const r = await api(s, 'POST', '/tokens', body);
    expect(r.status).toBe(201);
    return r.body.token as string;
  };

  it('answers 401 without a token or with a bad one, 403 to a token without metrics:read, 200 with one', async () => {
    const bare = await fetch(`${s.url}/metrics`);
    expect(bare.status).toBe(401);
    expect((await bare.json()).error.code).toBe('unauthorized');
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${s.url}/metrics`, { headers: { Authorization: 'Bearer pkt_not_a_token' } })).status).toBe(
      401,
    );
    const shipper = await token({ name: 'shipper', role: 'viewer', ingestOnly: true });
    const refused = await fetch(`${s.url}/metrics`, { headers: { Authorization: `Bearer ${shipper}` } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    const prometheus = await token({ name: 'prometheus', role: 'viewer' });
    const samples = await scrape(s, { Authorization: `Bearer ${prometheus}` });
    expect(value(samples, METRIC.dependencyUp, { dependency: 'postgres' })).toBe(1);
    expect(
      (await fetch(`${s.url}/metrics`, { method: 'POST', headers: { Authorization: `Bearer ${prometheus}` } })).status,
    ).toBe(405);
  });

  it('/api/health keeps its contract, adds each dependency with latency, and shows error texts only to metrics readers', async () => {
    const res = await fetch(`${s.url}/api/health`);
    expect(res.status).toBe(200);
    const h = await res.json();
    // With REDIS_URL this process runs in queue mode (BullMQ on Redis), read from the running queue.
    expect(h).toMatchObject({
      status: 'ok',
      store: 'postgres:ok',
      queue: expect.stringMatching(redisUrl ? /^bullmq:ok/ : /^in-process:ok/),
      version: expect.any(String),
      mode: redisUrl ? 'queue' : 'embedded',
    });
    expect(h.dependencies.postgres).toMatchObject({ status: 'ok', critical: true, lastError: null });
    expect(h.dependencies.postgres.latencyMs).toBeGreaterThan(0);
    if (redisUrl) {
      // Redis holds the queue in queue mode: critical.
      expect(h.dependencies.redis).toMatchObject({ status: 'ok', critical: true });
      expect(typeof h.dependencies.redis.details.appendonly).toBe('boolean');
    } else expect(h.dependencies.redis).toBeUndefined();
    expect(h.dependencies.elasticsearch).toBeUndefined();

    // A dependency that fails: its error text is for trusted sources and metrics:read tokens only.
    s.picket.ops.health.register(
      'flaky-test-dependency',
      async () => {
        throw new Error('connect ECONNREFUSED 10.9.8.7:9200');
      },
      { critical: false },
    );
    const anonymous = await (await fetch(`${s.url}/api/health`)).json();
    expect(anonymous.status).toBe('ok');
    expect(anonymous.dependencies['flaky-test-dependency'].status).toBe('down');
    expect(JSON.stringify(anonymous)).not.toContain('10.9.8.7');
    const reader = await token({ name: 'health reader', role: 'viewer' });
    const detailed = await (
      await fetch(`${s.url}/api/health`, { headers: { Authorization: `Bearer ${reader}` } })
    ).json();
    expect(detailed.dependencies['flaky-test-dependency'].lastError.message).toBe('connect ECONNREFUSED 10.9.8.7:9200');

    // A critical dependency down turns the answer into 503 degraded, as load balancers expect.
    s.picket.ops.health.register(
      'critical-test-dependency',
      async () => {
        throw new Error('gone');
      },
      { critical: true },
    );
    const degraded = await fetch(`${s.url}/api/health`);
    expect(degraded.status).toBe(503);
    expect((await degraded.json()).status).toBe('degraded');
  });
});
