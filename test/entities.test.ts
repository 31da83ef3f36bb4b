import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityQuery } from '../server/entities/entity-kinds.ts';
import { api as rest, createRule, isoAgo, postEvents, sshFailureBurst, uniqueCategory } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcError, trpcHttp } from './trpc-http-client.ts';

let s: TestServer;
let api: ReturnType<typeof trpcHttp>;
const IP = '81.2.69.142'; // public: the bundled GeoIP places it in GB
const OTHER = '81.2.69.160';
let cat: string;

beforeAll(async () => {
  s = await startTestServer();
  api = trpcHttp(s.url, s.adminToken);
  cat = uniqueCategory('entity');
  await createRule(s, {
    name: 'entity hit',
    type: 'match',
    query: `category:${cat}`,
    category: 'test',
    severity: 'WARNING',
    summary: 'entity alert',
  });
  await postEvents(s, [
    // sshd parsing fills details.username (admin0..admin9) and details.sourceipaddress
    ...sshFailureBurst(IP, 20 * 60_000, 'bastion-1'),
    // A shipper's own spelling (ip-fixup makes it details.destinationipaddress)
    {
      utctimestamp: isoAgo(10 * 60_000),
      category: 'firewall',
      hostname: 'fw1',
      summary: 'deny',
      details: { dst_ip: IP, sourceipaddress: OTHER },
    },
    // Feeds the rule's alert
    {
      utctimestamp: isoAgo(5 * 60_000),
      category: cat,
      hostname: 'web-2',
      summary: 'suspicious',
      details: { sourceipaddress: IP, username: 'root' },
    },
    // Outside the default week: never counted
    {
      utctimestamp: isoAgo(9 * 86_400_000),
      category: 'old',
      hostname: 'web-2',
      summary: 'old',
      details: { sourceipaddress: IP },
    },
    // Mentions only the text, not a field: not the entity's event
    { utctimestamp: isoAgo(60_000), category: 'note', hostname: 'x', summary: `${IP} appears in the summary only` },
  ]);
  await s.picket.alerting.engine.idle();
});
afterAll(() => s?.stop());

describe('entities.get and GET /api/v1/entities/{kind}/{value}', () => {
  it('counts what the linked explorer query finds and relates users, hosts, alerts, cases and blocks', async () => {
    const inc = await api.cases.create.mutate({ kind: 'incident', summary: 'Brute force from 81.2.69.142' });
    await api.cases.addIndicator.mutate({ caseId: inc.id, indicator: { type: 'ip', value: IP, note: '' } });
    const block = await api.watchlist.create.mutate({
      list: 'blockip',
      item: { value: IP, comment: 'entity test', duration: '1d' },
    });

    const e = await api.entities.get.query({ kind: 'ip', value: IP });
    // The explorer's total for the query the page shows.
    const explorer = await api.events.search.query({ q: entityQuery('ip', IP), from: 'now-7d' });
    expect(e.eventCount).toBe(explorer.total);
    expect(e.eventCount).toBe(12); // 10 sshd + firewall (destination) + the rule's event
    expect(e.histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(12);
    expect(e.histogram.query).toBe(entityQuery('ip', IP));
    expect(Date.parse(e.firstSeen!)).toBeLessThan(Date.parse(e.lastSeen!));
    expect(e.geo?.country_code).toBe('GB');

    const users = e.related.filter((r) => r.kind === 'user');
    expect(users.map((u) => u.value).sort()).toEqual([
      'admin0',
      'admin1',
      'admin2',
      'admin3',
      'admin4',
      'admin5',
      'admin6',
      'admin7',
      'admin8',
      'admin9',
    ]);
    expect(users[0].href).toMatch(/^\/entity\/user\/admin\d$/);
    expect(e.related.filter((r) => r.kind === 'host')).toEqual([
      { kind: 'host', value: 'bastion-1', count: 10, href: '/entity/host/bastion-1' },
      { kind: 'host', value: 'fw1', count: 1, href: '/entity/host/fw1' },
      { kind: 'host', value: 'web-2', count: 1, href: '/entity/host/web-2' },
    ]);

    // The shipped ssh brute-force rule's alert (the burst) and ours; newest first.
    expect(e.alerts).toHaveLength(2);
    expect(e.alerts[0]).toMatchObject({ summary: 'entity alert', severity: 'WARNING' });
    expect(e.alerts[1].summary).toMatch(/81\.2\.69\.142/);
    expect(e.cases).toEqual([expect.objectContaining({ id: inc.id, via: 'indicator', href: `/incidents/${inc.id}` })]);
    expect(e.watch).toEqual([expect.objectContaining({ id: block.id, list: 'blockip', value: IP })]);

    // REST: the same object, exactly these keys.
    const r = await rest(s, 'GET', `/entities/ip/${encodeURIComponent(IP)}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(
      [
        'alerts',
        'cases',
        'eventCount',
        'firstSeen',
        'geo',
        'histogram',
        'kind',
        'lastSeen',
        'related',
        'value',
        'watch',
      ].sort(),
    );
    expect(r.body.eventCount).toBe(12);

    // The other IP: its users are none, its events one; the first IP is not "related" to itself.
    const other = await api.entities.get.query({ kind: 'ip', value: OTHER });
    expect(other.eventCount).toBe(1);
    expect(other.alerts).toEqual([]);
    expect(other.watch).toEqual([]);

    // A removed block no longer shows.
    await api.watchlist.remove.mutate({ id: block.id, version: block.version });
    expect((await api.entities.get.query({ kind: 'ip', value: IP })).watch).toEqual([]);
  });

  it('finds a user, the IPs it came from, and cases holding its events as evidence', async () => {
    const u = await api.entities.get.query({ kind: 'user', value: 'root' });
    expect(u.eventCount).toBe(
      (await api.events.search.query({ q: entityQuery('user', 'root'), from: 'now-7d' })).total,
    );
    expect(u.eventCount).toBe(1);
    expect(u.related.filter((r) => r.kind === 'ip')).toEqual([
      { kind: 'ip', value: IP, count: 1, href: `/entity/ip/${IP}` },
    ]);

    const ev = await api.events.search.query({ q: `category:${cat}`, from: 'now-1h' });
    const inv = await api.cases.create.mutate({ kind: 'investigation', summary: 'root use' });
    await api.cases.addEvidence.mutate({ caseId: inv.id, evidence: { kind: 'event', eventId: ev.events[0].id } });
    const again = await api.entities.get.query({ kind: 'user', value: 'root' });
    expect(again.cases).toEqual([expect.objectContaining({ id: inv.id, via: 'evidence', kind: 'investigation' })]);

    const host = await api.entities.get.query({ kind: 'host', value: 'bastion-1' });
    expect(host.eventCount).toBe(10);
    expect(host.related.filter((r) => r.kind === 'ip').map((r) => [r.value, r.count])).toEqual([[IP, 10]]);
  });

  it('normalizes IPs and honours from/to', async () => {
    const mapped = await api.entities.get.query({ kind: 'ip', value: `::ffff:${IP}` });
    expect(mapped.value).toBe(IP);
    const older = await api.entities.get.query({ kind: 'ip', value: IP, from: 'now-10d' });
    expect(older.eventCount).toBe(13);
    const empty = await api.entities.get.query({ kind: 'ip', value: '192.0.2.77' });
    expect(empty).toMatchObject({
      eventCount: 0,
      firstSeen: null,
      lastSeen: null,
      alerts: [],
      cases: [],
      related: [],
      geo: null,
    });
  });

  it('answers 400 for a bad kind, a bad IP or a bad range, 401 without identity, and lets a viewer read', async () => {
    for (const [path, message] of [
      ['/entities/planet/earth', /kind must be one of ip, user, host, domain/],
      ['/entities/ip/not-an-ip', /is not an IP address/],
      ['/entities/ip/999.1.1.1', /is not an IP address/],
      ['/entities/user/%20root', /leading or trailing spaces/],
      [`/entities/ip/${IP}?from=yesterday-ish`, /from/],
      ['/entities/user/%E0%A4%A', /malformed percent-encoding/],
    ] as const) {
      const r = await rest(s, 'GET', path);
      expect(r.status, path).toBe(400);
      expect((r.body.error as { message: string }).message, path).toMatch(message);
    }
    expect((await trpcError(api.entities.get.query({ kind: 'ip', value: 'nope' }))).data?.code).toBe('BAD_REQUEST');

    const anon = await fetch(`${s.url}/api/v1/entities/ip/${IP}`);
    expect(anon.status).toBe(401);
    const viewer = await tokenFor(s.url, s.adminToken, 'viewer');
    const asViewer = await rest(s, 'GET', `/entities/ip/${IP}`, undefined, viewer);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.eventCount).toBe(12);
    expect((await trpcHttp(s.url, viewer).entities.suggest.query({ prefix: '81.2.69' })).map((x) => x.value)).toContain(
      IP,
    );
  });

  it('suggests entities by prefix for the command palette, with the prefix taken literally', async () => {
    const found = await api.entities.suggest.query({ prefix: '81.2.6' });
    expect(
      found
        .filter((f) => f.kind === 'ip')
        .map((f) => f.value)
        .sort(),
    ).toEqual([IP, OTHER].sort());
    expect(found.find((f) => f.value === IP)).toMatchObject({ kind: 'ip', count: 12, href: `/entity/ip/${IP}` });
    expect((await api.entities.suggest.query({ prefix: 'admin' })).filter((f) => f.kind === 'user')).toHaveLength(5);
    expect(await api.entities.suggest.query({ prefix: 'bastion' })).toEqual([
      { kind: 'host', value: 'bastion-1', count: 10, href: '/entity/host/bastion-1' },
    ]);
    expect(await api.entities.suggest.query({ prefix: '8*' })).toEqual([]);
    expect(await api.entities.suggest.query({ prefix: '8' })).toEqual([]); // too short to be worth a scan
  });

  it('ranks attackers by alerts and failed logins, with geo and block status', async () => {
    const before = await api.entities.attackers.query({});
    expect(before.attackers[0]).toMatchObject({
      ip: IP,
      alerts: 2,
      failedLogins: 10,
      href: `/entity/ip/${IP}`,
      block: null,
    });
    expect(before.attackers[0].geo?.country_code).toBe('GB');
    expect(Date.parse(before.attackers[0].firstSeen!)).toBeLessThan(Date.parse(before.attackers[0].lastSeen!));
    const net = await api.watchlist.create.mutate({
      list: 'blockip',
      item: { type: 'cidr', value: '81.2.69.0/24', comment: 'net', duration: '1d' },
    });
    const after = await api.entities.attackers.query({ from: 'now-1d' });
    expect(after.attackers[0].block).toMatchObject({ id: net.id, value: '81.2.69.0/24' });
    await api.watchlist.remove.mutate({ id: net.id, version: net.version });
    expect((await trpcError(api.entities.attackers.query({ from: 'soon' }))).data?.code).toBe('BAD_REQUEST');
  });
});
