import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';
import { alertsOf, api as rest, createRule, postEvents, uniqueCategory } from './alerts-api.ts';
import { ingest, trpcError, trpcHttp } from './trpc-http-client.ts';

let s: TestServer;
let api: ReturnType<typeof trpcHttp>;

beforeAll(async () => {
  s = await startTestServer();
  api = trpcHttp(s.url, s.adminToken);
  const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const sshd = (i: number, ip: string) => ({
    timestamp: ago(5 + i),
    processname: 'sshd',
    hostname: i % 4 === 0 ? 'bastion' : 'web1',
    summary: `Failed password for root from ${ip} port ${4000 + i} ssh2`,
  });
  const r = await ingest(s.url, [
    ...Array.from({ length: 12 }, (_, i) => sshd(i, '81.2.69.142')), // public: GeoIP knows it (GB)
    ...Array.from({ length: 4 }, (_, i) => sshd(20 + i, '10.1.2.3')), // private: no geolocation
    { timestamp: ago(30), category: 'proxy', source: 'squid', hostname: 'proxy1', summary: 'GET http://example.com/' },
    42, // rejected at ingest: not an object
  ]);
  expect(r.accepted).toBe(17);
});
afterAll(() => s?.stop());

describe('dashboard.summary', () => {
  it('answers every panel with the explorer query that shows its events', async () => {
    const d = await api.dashboard.summary.query({ from: 'now-6h' });
    expect(d.rate.buckets.reduce((n, b) => n + b.count, 0)).toBe(17);
    expect(d.rate.interval).toBe('3m'); // 6 h / 3 min = 120 buckets
    expect(d.rate.href).toBe('/events?q=&from=now-6h&to=now');

    expect(d.topHosts.buckets).toEqual([
      { key: 'web1', count: 12, query: 'hostname:"web1"', href: '/events?q=hostname%3A%22web1%22&from=now-6h&to=now' },
      { key: 'bastion', count: 4, query: 'hostname:"bastion"', href: expect.any(String) },
      { key: 'proxy1', count: 1, query: 'hostname:"proxy1"', href: expect.any(String) },
    ]);
    expect(d.topCategories.buckets.map((b) => b.key)).toContain('authentication');
    expect(d.topSources.buckets.map((b) => b.key)).toContain('squid');
    expect(d.topSourceIps.buckets.slice(0, 2).map((b) => [b.key, b.count])).toEqual([
      ['81.2.69.142', 12],
      ['10.1.2.3', 4],
    ]);
    // Each panel's query, run in the explorer, finds exactly the events the panel counted.
    for (const panel of [d.topHosts, d.topSourceIps, d.topCategories]) {
      for (const b of panel.buckets) {
        expect((await api.events.search.query({ q: b.query, from: 'now-6h' })).total, b.query).toBe(b.count);
      }
    }

    expect(d.geo.points).toHaveLength(1);
    const p = d.geo.points[0];
    expect(p).toMatchObject({ count: 12, ips: 1, country_code: 'GB' });
    expect((await api.events.search.query({ q: p.query, from: 'now-6h' })).total).toBe(12);
    expect((await api.events.search.query({ q: d.geo.query, from: 'now-6h' })).total).toBe(12);

    expect(d.ingest).toMatchObject({ deadLettered: 0, queuePending: 0 });
    expect(d.ingest.stored).toBeGreaterThanOrEqual(17);
    expect(d.ingest.rejected).toBe(1);
    // Nothing queued: no lag, however long ago the newest event arrived.
    expect(d.ingest.storeLagMs).toBe(0);
    expect(Date.parse(d.ingest.newestReceived!)).toBeLessThanOrEqual(Date.now());
    // Nothing open yet: empty panels, no placeholder data.
    expect(d.openAlerts).toEqual({ query: 'status:open', href: '/alerts?status=open', total: 0, bySeverity: [] });
    expect(d.openCases).toEqual({ incidents: [], investigations: [], incidentPhases: [], investigationPhases: [] });
  });

  it('counts open alerts by severity and open cases by phase, each linking to its page', async () => {
    const cat = uniqueCategory('dash');
    const rule = await createRule(s, {
      name: 'dash',
      type: 'match',
      query: `category:${cat}`,
      category: 'test',
      severity: 'WARNING',
      summary: 'hit {details.n}',
    });
    await postEvents(
      s,
      [1, 2, 3].map((n) => ({ category: cat, details: { n } })),
    );
    await s.picket.alerting.engine.idle();
    const alerts = await alertsOf(s, rule.id as string);
    expect(alerts).toHaveLength(3);
    // A closed alert is not open.
    expect(
      (await rest(s, 'POST', `/alerts/${alerts[0].id as string}/status`, { status: 'closed', version: 1 })).status,
    ).toBeLessThan(300);

    const inc = await rest(s, 'POST', '/incidents', { summary: 'Dashboard incident', severity: 'high' });
    expect(inc.status).toBe(201);
    const inv = await rest(s, 'POST', '/investigations', { summary: 'Dashboard investigation' });
    expect(inv.status).toBe(201);

    const d = await api.dashboard.summary.query({ from: 'now-1h' });
    expect(d.openAlerts).toEqual({
      query: 'status:open',
      href: '/alerts?status=open',
      total: 2,
      bySeverity: [
        {
          severity: 'WARNING',
          count: 2,
          query: 'status:open AND severity:WARNING',
          href: '/alerts?status=open&severity=WARNING',
        },
      ],
    });
    expect(d.openCases?.incidentPhases).toEqual([
      { phase: 'Identification', count: 1, href: '/incidents?phase=Identification' },
    ]);
    expect(d.openCases?.investigationPhases).toEqual([
      { phase: 'Identification', count: 1, href: '/investigations?phase=Identification' },
    ]);
    expect(d.openCases?.incidents).toEqual([
      {
        id: inc.body.id,
        title: 'Dashboard incident',
        phase: 'Identification',
        severity: 'high',
        href: `/incidents/${inc.body.id as string}`,
      },
    ]);
    expect(d.openCases?.investigations.map((c) => c.title)).toEqual(['Dashboard investigation']);
  });

  it('shares one computation between dashboards asking for the same range', async () => {
    const [a, b] = await Promise.all([
      api.dashboard.summary.query({ from: 'now-2h' }),
      api.dashboard.summary.query({ from: 'now-2h' }),
    ]);
    expect(a.generatedAt).toBe(b.generatedAt);
  });

  it('includes a panel once another feature provides it', async () => {
    const real = s.picket.explorer.dashboardPanels.openAlerts;
    s.picket.explorer.dashboardPanels.openAlerts = async () => ({
      query: 'status:open',
      href: '/alerts',
      total: 2,
      bySeverity: [{ severity: 'WARNING', count: 2, query: 'severity:WARNING', href: '/alerts?severity=WARNING' }],
    });
    try {
      const d = await api.dashboard.summary.query({ from: 'now-3h' });
      expect(d.openAlerts?.total).toBe(2);
    } finally {
      s.picket.explorer.dashboardPanels.openAlerts = real;
    }
  });

  it('refuses a bad range', async () => {
    const err = await trpcError(api.dashboard.summary.query({ from: 'now', to: 'now-1d' }));
    expect(err.data?.code).toBe('BAD_REQUEST');
  });
});
