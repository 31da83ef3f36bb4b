// The authentication catalogue in a running Picket: the GeoModel code rule that ships with the
// product alerts from real events located by the bundled GeoIP data, and a rule whose source Picket
// cannot see is seeded disabled with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf, api, postEvents, until, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const byKey = async (key: string): Promise<Json> =>
  ((await api(s, 'GET', '/rules')).body.rules as Json[]).find((r) => r.catalogueKey === key)!;

describe('authentication catalogue', () => {
  it('geomodel_location is seeded enabled and alerts on impossible travel, located by the bundled GeoIP data', async () => {
    const rule = await byKey('mozdef.geomodel_location');
    expect(rule).toMatchObject({
      type: 'code',
      module: 'mozdef-geomodel-location.ts',
      enabled: true,
      category: 'geomodel',
      severity: 'INFO',
    });
    // Tacoma (US), then Bracknell (GB) ten minutes later; a third user stays in Tacoma.
    // One clock reading for all four: "10.00 minutes" must not depend on how slow the posts are.
    const now = Date.now();
    const login = (user: string, ip: string, agoMs: number) => ({
      utctimestamp: new Date(now - agoMs).toISOString(),
      summary: 'Success Login',
      category: 'authentication',
      tags: ['auth0'],
      details: { username: user, sourceipaddress: ip },
    });
    await postEvents(s, [
      login('geo-tester1', '216.160.83.56', 600_000),
      login('geo-tester2', '216.160.83.56', 600_000),
      login('geo-tester2', '216.160.83.56', 0),
    ]);
    await postEvents(s, [login('geo-tester1', '81.2.69.142', 0)]);
    await s.picket.alerting.engine.idle();
    const alerts = await until(async () => {
      const list = await alertsOf(s, rule.id as string);
      return list.length ? list : null;
    }, 'the geomodel alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'INFO', category: 'geomodel', tags: ['geomodel'], eventCount: 1 });
    expect(alerts[0].summary).toMatch(
      /^geo-tester1 seen in Tacoma,US then Bracknell,GB \(\d+\.\d{2} KM in 10\.00 minutes\)$/,
    );
  });

  it('triagebot_escalation is seeded disabled, saying why', async () => {
    const rule = await byKey('mozdef.triagebot_escalation');
    expect(rule).toMatchObject({ enabled: false, category: 'access', severity: 'INFO' });
    expect(rule.disabledReason).toMatch(/triage bot/);
  });
});
