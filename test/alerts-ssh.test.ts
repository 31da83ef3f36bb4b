import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, postEvents, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const failed = (ip: string, i: number) => ({
  summary: `Failed password for invalid user admin${i} from ${ip} port ${40000 + i} ssh2`,
  hostname: 'bastion-1',
  processname: 'sshd',
});

describe('the shipped MozDef catalogue', () => {
  it('is seeded enabled at start, once, by stable key', async () => {
    const { body } = await api(s, 'GET', '/rules');
    const rules = body.rules as Json[];
    const ssh = rules.filter((r) => r.catalogueKey === 'mozdef.bruteforce_ssh');
    expect(ssh).toHaveLength(1);
    expect(ssh[0]).toMatchObject({
      type: 'threshold',
      threshold: 10,
      window: '2m',
      severity: 'NOTICE',
      category: 'bruteforce',
      tags: ['ssh'],
      enabled: true,
      owner: 'system',
    });
    // Seeding again (an upgrade restart) adds nothing.
    const { CATALOGUE } = await import('../server/alerts/catalogue/index.ts');
    expect(await s.picket.alerting.rules.seed(CATALOGUE)).toBe(0);
    expect(((await api(s, 'GET', '/rules')).body.rules as Json[]).length).toBe(rules.length);
    // A catalogue rule an admin deleted stays deleted across restarts (seeding).
    const deadman = rules.find((r) => r.catalogueKey === 'mozdef.deadman')!;
    expect((await api(s, 'DELETE', `/rules/${deadman.id}`)).status).toBe(200);
    expect(await s.picket.alerting.rules.seed(CATALOGUE)).toBe(0);
    expect(
      ((await api(s, 'GET', '/rules')).body.rules as Json[]).some((r) => r.catalogueKey === 'mozdef.deadman'),
    ).toBe(false);
  });

  it('raises the ssh brute force alert from 10 real sshd lines POSTed to /events, on the bus and in GET /alerts', async () => {
    const seen: string[] = [];
    const unsubscribe = s.picket.bus.subscribe('alerts', (c) => seen.push(c.id));
    try {
      // Nine failures from another address stay below the threshold.
      await postEvents(
        s,
        Array.from({ length: 9 }, (_, i) => failed('203.0.113.77', i)),
      );
      await postEvents(
        s,
        Array.from({ length: 10 }, (_, i) => failed('203.0.113.5', i)),
      );
      await s.picket.alerting.engine.idle();
      const alerts = await until(async () => {
        const r = await api(s, 'GET', '/alerts?q=category:bruteforce');
        const list = r.body.alerts as Json[];
        return list.length ? list : null;
      }, 'the brute force alert');
      expect(alerts).toHaveLength(1);
      const a = alerts[0];
      expect(a).toMatchObject({
        severity: 'NOTICE',
        category: 'bruteforce',
        tags: ['ssh'],
        status: 'new',
        eventCount: 10,
      });
      expect(a.summary).toBe('10 ssh bruteforce attempts by 203.0.113.5 bastion-1 (10 hits)');
      expect(a.eventIds as string[]).toHaveLength(10);
      expect(Object.keys(a).sort()).toEqual(
        expect.arrayContaining([
          'id',
          'utctimestamp',
          'severity',
          'summary',
          'category',
          'tags',
          'ruleId',
          'status',
          'eventIds',
          'eventCount',
        ]),
      );
      await until(async () => seen.includes(a.id as string), 'the alert on the bus');
      // The alert's events are the stored sshd events, enriched.
      const ev = await api(s, 'GET', `/events?q=${encodeURIComponent(`id:${(a.eventIds as string[])[0]}`)}`);
      expect((ev.body.events as Json[])[0]).toMatchObject({
        category: 'authentication',
        details: { sourceipaddress: '203.0.113.5', success: false },
      });
    } finally {
      unsubscribe();
    }
  });
});
