// Queue mode for real: two web processes (`picket start`) and two workers (`picket worker`) as child
// processes on one Postgres and one Redis (a Chromium browser signed in on web A). Events go in
// through both web processes; what was
// acknowledged is stored exactly once, one alert engine serves the cluster, live tail and case
// changes cross processes, a worker killed with SIGKILL loses and doubles nothing, and a poisoned
// batch is parked in the dead-letter queue. Needs REDIS_URL (CI sets it); skipped without.
import crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisEventQueue } from '../server/queue/redis-event-queue.ts';
import { alertsOf, createRule } from './alerts-api.ts';
import { stopChild } from './picket-process.ts';
import { QueueCluster } from './queue-cluster.ts';
import { trpcHttp } from './trpc-http-client.ts';
import { eventually } from './trpc-ws-client.ts';
import { launchBrowser, signInBrowser, type SignedInSession } from './browser.ts';
import type { Browser } from 'playwright-core';

const redisUrl = inject('redisUrl');
if (!redisUrl)
  console.warn('scale-out cluster test skipped: set REDIS_URL (CI does) to run 2 web processes + 2 workers on Redis');

type Json = Record<string, unknown>;

/** POSTs events to one web process; true when it answered 200 (acknowledged). */
async function send(url: string, events: Json[]): Promise<boolean> {
  const res = await fetch(`${url}/events`, { method: 'POST', body: JSON.stringify(events) }).catch(() => undefined);
  if (!res) return false;
  await res.arrayBuffer();
  return res.status === 200;
}

describe.skipIf(!redisUrl)('scale-out cluster: 2 web processes + 2 workers on Redis and Postgres', () => {
  const cluster = new QueueCluster(redisUrl, { PICKET_ALERT_TICK_MS: '1000' });
  const { adminToken, prefix } = cluster;
  let webA: string;
  let webB: string;
  let workers: ChildProcess[] = [];
  let browser: Browser;
  let onA: SignedInSession;
  const adminPassword = `pw-${crypto.randomBytes(8).toString('hex')}`;

  const worker = () => cluster.worker(['--concurrency', '2']);
  /** The category's stored events: how many rows, and how many distinct `details.seq`. */
  const stored = async (category: string) =>
    (
      await cluster.db.pool.query<{ n: number; d: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT details->>'seq')::int AS d FROM events WHERE category = $1`,
        [category],
      )
    ).rows[0];

  beforeAll(async () => {
    await cluster.open();
    // A first: it applies the migrations. A serves the web UI: a browser signs in there.
    webA = (await cluster.web({ PICKET_UI: 'true', PICKET_ADMIN_PASSWORD: adminPassword })).url;
    const [b, w1, w2] = await Promise.all([cluster.web(), worker(), worker()]);
    webB = b.url;
    workers = [w1, w2];
    browser = await launchBrowser();
    onA = await signInBrowser(browser, webA, { email: 'admin@localhost', password: adminPassword });
  });

  afterAll(async () => {
    await onA?.context.close();
    await browser?.close();
    await cluster.close();
  });

  it('runs in queue mode: health reads the running queue and sees both workers', async () => {
    const health = (await (await fetch(`${webA}/api/health`)).json()) as Json;
    expect(health).toMatchObject({ mode: 'queue', deadLetters: 0 });
    expect(String(health.queue)).toMatch(/^bullmq:/);
    expect(health.workers).toBe(2);
  });

  it('stores every acknowledged event exactly once, whichever web process took it', async () => {
    const category = `cluster-store-${crypto.randomUUID().slice(0, 8)}`;
    const requests = Array.from({ length: 40 }, (_, r) => ({
      url: r % 2 ? webB : webA,
      events: Array.from({ length: 50 }, (_, i) => ({
        category,
        summary: `r${r} e${i}`,
        details: { seq: r * 50 + i },
      })),
    }));
    const acked = await Promise.all(requests.map((r) => send(r.url, r.events)));
    expect(acked.every(Boolean)).toBe(true);
    await eventually(async () => expect((await stored(category)).n).toBe(2000), 30_000);
    // Redeliveries would show up as extra rows: give the cluster a moment, then count again.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stored(category)).toEqual({ n: 2000, d: 2000 });
  });

  it('fires a threshold rule fed through both web processes exactly once', async () => {
    const category = `cluster-threshold-${crypto.randomUUID().slice(0, 8)}`;
    const rule = await createRule(
      { url: webA, adminToken },
      {
        name: 'cluster threshold',
        type: 'threshold',
        query: `category:${category}`,
        groupBy: ['details.sourceipaddress'],
        threshold: 10,
        window: '10m',
        severity: 'WARNING',
        category: 'test',
        summary: '{count} from {details.sourceipaddress}',
      },
    );
    const ev = (seq: number) => ({
      category,
      summary: `attempt ${seq}`,
      details: { seq, sourceipaddress: '198.51.100.20' },
    });
    // Five through each web process, interleaved: 10 in all, never 10 through one.
    for (let i = 0; i < 5; i++) {
      expect(await send(webA, [ev(2 * i)])).toBe(true);
      expect(await send(webB, [ev(2 * i + 1)])).toBe(true);
    }
    await eventually(
      async () => expect(await alertsOf({ url: webB, adminToken }, rule.id as string)).toHaveLength(1),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const alerts = await alertsOf({ url: webA, adminToken }, rule.id as string);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ eventCount: 10, summary: '10 from 198.51.100.20' });
  });

  it('runs a deadman rule once per interval for the whole cluster (one engine, ticks as a repeatable job)', async () => {
    const category = `cluster-deadman-${crypto.randomUUID().slice(0, 8)}`;
    const rule = await createRule(
      { url: webA, adminToken },
      {
        name: 'cluster deadman',
        type: 'deadman',
        query: `category:${category}`,
        window: '2s',
        severity: 'WARNING',
        category: 'test',
        summary: 'no {rule} events',
      },
    );
    await eventually(
      async () =>
        expect((await alertsOf({ url: webA, adminToken }, rule.id as string)).length).toBeGreaterThanOrEqual(3),
      30_000,
    );
    await fetch(`${webA}/api/v1/rules/${rule.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    // Two engines would each raise one per silent window, side by side: consecutive alerts would be
    // moments apart. One engine raises them a window apart.
    const times = (await alertsOf({ url: webA, adminToken }, rule.id as string))
      .map((a) => Date.parse(a.utctimestamp as string))
      .sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1500);
  });

  it('shows events sent to web B in a browser tailing on web A', async () => {
    const category = `cluster-tail-${crypto.randomUUID().slice(0, 8)}`;
    const { page } = onA;
    await page.goto(`${webA}/events?q=category:${category}&from=now-1h&to=now`);
    await page.getByText('No events match').waitFor();
    await page.getByRole('button', { name: 'Live tail' }).click();
    await page.getByRole('status', { name: 'Live tail status' }).filter({ hasText: 'Live' }).waitFor();
    const rows = page.locator('[role=row][data-event-id]');
    // Web A subscribes to the cluster's stored events as the tail opens: probe through B until one shows.
    let probe = 0;
    await eventually(async () => {
      if ((await rows.count()) === 0) await send(webB, [{ category, summary: `probe ${probe++}` }]);
      expect(await rows.count()).toBeGreaterThan(0);
    }, 20_000);
    expect(await send(webB, [{ category, hostname: 'web-b-shipper', summary: 'sent to web B' }])).toBe(true);
    await rows.filter({ hasText: 'sent to web B' }).waitFor({ timeout: 15_000 });
  });

  it('shows a case change made on web B to a browser on web A', async () => {
    const headers = { Authorization: `Bearer ${adminToken}` };
    const created = await fetch(`${webB}/api/v1/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ summary: 'cluster incident', severity: 'high' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const { page } = onA;
    await page.goto(`${webA}/incidents/${id}`);
    await page.getByText('cluster incident').first().waitFor();
    const patched = await fetch(`${webB}/api/v1/incidents/${id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ summary: 'renamed through web B', version: 1 }),
    });
    expect(patched.status).toBe(200);
    // No reload: the change travels B → Redis → A's socket → the page refetches.
    await page.getByText('renamed through web B').first().waitFor({ timeout: 15_000 });
  });

  it('parks a poisoned batch in the dead-letter queue, shown to admins; discard removes it', async () => {
    const producer = await RedisEventQueue.connect({ url: redisUrl, prefix, maxDepth: 1_000_000 });
    try {
      const ts = new Date().toISOString();
      await producer.publish([
        {
          id: crypto.randomUUID(),
          utctimestamp: 'not a time',
          receivedtimestamp: ts,
          category: 'poison',
          source: 't',
          hostname: 'h',
          processname: 'p',
          processid: '1',
          severity: 'INFO',
          summary: 'poison',
          tags: [],
          details: {},
        },
      ]);
    } finally {
      await producer.close();
    }
    const admin = trpcHttp(webA, adminToken);
    await eventually(async () => expect((await admin.queue.deadLetters.query({ limit: 10 })).count).toBe(1), 20_000);
    const { items } = await admin.queue.deadLetters.query({ limit: 10 });
    expect(items[0]).toMatchObject({ events: 1, firstError: expect.stringMatching(/malformed batch/) });
    expect(((await (await fetch(`${webB}/api/health`)).json()) as Json).deadLetters).toBe(1);
    // Admin → Settings on web A: the running queue, the parked batch and its first error; Discard.
    const { page } = onA;
    await page.goto(`${webA}/admin/settings`);
    await page.getByTestId('queue-mode').filter({ hasText: 'Queue: BullMQ on Redis' }).waitFor();
    await page.getByTestId('dead-letter-count').filter({ hasText: '1' }).waitFor();
    await page
      .getByText(/malformed batch/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('No dead-lettered batches.').waitFor({ timeout: 15_000 });
    expect((await admin.queue.deadLetters.query({ limit: 10 })).count).toBe(0);
    const audit = (await (
      await fetch(`${webA}/api/v1/audit?action=queue.dead_letter.discard`, {
        headers: { Authorization: `Bearer ${adminToken}` },
      })
    ).json()) as { entries: Json[] };
    expect(audit.entries).toHaveLength(1);
  });

  it('loses and doubles nothing when a worker is killed with SIGKILL in the middle of a batch', async () => {
    const category = `cluster-kill-${crypto.randomUUID().slice(0, 8)}`;
    // One consumer left, so while events wait it is inside a batch for sure.
    const [victim, other] = workers;
    await stopChild(other);
    const total = 24;
    const per = 400;
    const acked: boolean[] = [];
    const send1 = (r: number) =>
      send(
        r % 2 ? webB : webA,
        Array.from({ length: per }, (_, i) => ({ category, summary: `k${r} ${i}`, details: { seq: r * per + i } })),
      );
    for (let r = 0; r < total / 2; r++) acked[r] = await send1(r);
    const depth = ((await (await fetch(`${webA}/api/health`)).json()) as { queueDepth: number }).queueDepth;
    expect(depth).toBeGreaterThan(0);
    victim.kill('SIGKILL');
    // The rest arrives while no worker runs: it waits in Redis.
    for (let r = total / 2; r < total; r++) acked[r] = await send1(r);
    expect(acked.filter(Boolean)).toHaveLength(total);
    await worker();
    // The new worker takes the dead one's batches over once their locks lapse (15 s).
    await eventually(async () => expect((await stored(category)).n).toBe(total * per), 90_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await stored(category)).toEqual({ n: total * per, d: total * per });
  }, 150_000);
});
