// Data for the accessibility scan: every page gets rows to render (contrast problems hide in data
// rows and badges, not in empty states). Built through the public REST API as the users would.
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { api, postEvents, sshFailureBurst, type Json } from './alerts-api.ts';
import { seedBusyIncident } from './incident-seed.ts';
import type { TestServer } from './server-harness.ts';

type Rest = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;

export interface A11ySeed {
  attackerIp: string;
  incidentId: string;
  investigationId: string;
  ruleId: string;
}

/** REST as a signed-in browser session (its cookie, same origin), so the data is attributed to that person. */
export function asSession(s: TestServer, context: BrowserContext): Rest {
  return async (method, p, body) => {
    const res = await context.request.fetch(`${s.url}/api/v1${p}`, {
      method,
      headers: { Origin: s.url, 'Content-Type': 'application/json' },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status(), body: (await res.json().catch(() => null)) as Json };
  };
}

function asToken(s: TestServer, token: string): Rest {
  return (method, p, body) => api(s, method, p, body, token);
}

async function created(r: Promise<{ status: number; body: Json }>, what: string): Promise<Json> {
  const res = await r;
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/** `people` are the signed-in sessions of ana (admin, who the scan signs in as) and bob (analyst). */
export async function seedA11y(s: TestServer, people: [Rest, Rest]): Promise<A11ySeed> {
  const attackerIp = '81.2.69.142';
  await postEvents(s, [
    ...sshFailureBurst(attackerIp, 10 * 60_000, 'bastion-1'),
    ...sshFailureBurst('81.2.69.160', 30 * 60_000, 'web-1'),
    {
      category: 'authentication',
      hostname: 'web-1',
      summary: 'odd login',
      details: { sourceipaddress: attackerIp, username: 'mallory' },
    },
    { category: 'proxy', source: 'squid', hostname: 'proxy1', summary: 'GET http://example.com/' },
  ]);
  await s.picket.alerting.engine.idle();

  const soar = await created(api(s, 'POST', '/tokens', { name: 'soar', role: 'analyst' }), 'token');
  const incidentId = await seedBusyIncident(asToken(s, s.adminToken), people, asToken(s, String(soar.token)));
  // A mention for ana's inbox.
  await created(
    people[1]('POST', `/incidents/${incidentId}/timeline`, {
      kind: 'note',
      text: '@ana can you confirm the forwarding rule is gone?',
    }),
    'mention',
  );
  const inv = await created(
    api(s, 'POST', '/investigations', { summary: `Repeated ssh failures from ${attackerIp}`, severity: 'medium' }),
    'investigation',
  );
  await created(
    api(s, 'POST', '/watchlist', { type: 'cidr', value: '198.51.100.0/24', comment: 'scanner net' }),
    'watchlist',
  );
  await created(api(s, 'POST', '/blockip', { value: '45.33.32.157', duration: '1d' }), 'blockip');
  await created(
    api(s, 'POST', '/notification-channels', {
      kind: 'webhook',
      name: 'SOC webhook',
      url: 'https://hooks.example.org/picket',
    }),
    'channel',
  );
  await created(people[0]('POST', '/tokens', { name: 'my laptop', role: 'viewer' }), 'own token');

  const rules = (await api(s, 'GET', '/rules')).body.rules as Json[];
  const ssh = rules.find((r) => /ssh/i.test(String(r.name))) ?? rules[0]!;
  return { attackerIp, incidentId, investigationId: String(inv.id), ruleId: String(ssh.id) };
}
