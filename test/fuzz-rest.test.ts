// Fuzzing every REST route under /api/v1 (the router's own list) with an admin token: random and
// plausible JSON bodies (hostile keys included), random query strings and path parameters, and
// rule bodies / Sigma YAML mutated from valid ones on POST /rules and /rules/test; then every tRPC
// procedure with random inputs and odd Authorization / Cookie headers. Properties:
// only 2xx/4xx with the JSON error shape, GET /status answered within 1 s throughout, and no
// built-in prototype changed in the server process.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../server/http/v1/router.ts';
import { ruleBodyArb } from '../server/alerts/rule-fuzz-arbitraries.ts';
import { appRouter } from '../server/trpc/router.ts';
import { fuzzParams, fuzzTimeout, prototypeChanges } from './fuzz-config.ts';
import { expectNoServerError, startStatusProbe } from './fuzz-http.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
let probe: ReturnType<typeof startStatusProbe>;
let routes: RouteDef[];
/** Ids of records that exist, by route prefix, so handlers get past their 404s. */
const real: Record<string, string[]> = { incidents: [], investigations: [], rules: [], watchlist: [] };

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  s = await startTestServer();
  routes = [...s.picket.rest.definitions];
  for (const base of ['incidents', 'investigations'] as const) {
    const r = await api('POST', `/${base}`, { summary: `fuzz ${base}`, severity: 'NOTICE' });
    if (r.status === 201) real[base].push(((await r.json()) as { id: string }).id);
  }
  const rule = await api('POST', '/rules', {
    name: 'fuzz',
    type: 'match',
    query: 'a',
    category: 'fuzz',
    summary: 's',
    enabled: false,
  });
  if (rule.status === 201) real.rules.push(((await rule.json()) as { id: string }).id);
  const w = await api('POST', '/watchlist', { value: '203.0.113.77', comment: 'fuzz' });
  if (w.status === 201) real.watchlist.push(((await w.json()) as { id: string }).id);
  probe = startStatusProbe(s.url);
});
afterAll(async () => {
  await probe?.stop();
  await s?.stop();
});

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString'];
const KEYS = [
  'summary',
  'title',
  'text',
  'description',
  'name',
  'status',
  'severity',
  'phase',
  'role',
  'email',
  'password',
  'value',
  'type',
  'kind',
  'list',
  'duration',
  'expiresAt',
  'comment',
  'query',
  'q',
  'rule',
  'from',
  'to',
  'version',
  'owner',
  'tags',
  'config',
  'channelId',
  'enabled',
  'disabled',
  'occurredAt',
  'fileName',
  'contentType',
  'content',
  'statement',
  'confidence',
  'assignee',
  'due',
  'field',
  'size',
  'interval',
  'events',
  'eventIds',
  'alertIds',
  'ids',
  'settings',
  'url',
  'host',
  'port',
  'secure',
  'ingestOnly',
  'oauthNewUserRole',
  'lessonsLearned',
  'mitigations',
  'attack',
  'limit',
  'cursor',
  ...HOSTILE_KEYS,
];
const VALUES: unknown[] = [
  '',
  'x',
  ' ',
  'NOTICE',
  'critical',
  'open',
  'closed',
  'admin',
  'viewer',
  'analyst',
  'a@b.c',
  'not-an-email',
  'now-1h',
  'now',
  '2026-11-20T00:00:00Z',
  'tomorrow',
  '1d',
  '-1d',
  '99999d',
  '8000000000000000',
  '0000-01-01',
  'now-300000y',
  'auto',
  '1ms',
  '10.0.0.1',
  '0.0.0.0/0',
  '::1',
  'evil.example',
  'http://127.0.0.1:1/x',
  'http://169.254.169.254/',
  'javascript:alert(1)',
  '<script>x</script>',
  'category:x AND (',
  '/(a|a)*b/',
  'utctimestamp:>8000000000000000',
  'details.__proto__.x:1',
  '00000000-0000-4000-8000-000000000000',
  'x'.repeat(3000),
  '\u0000',
  '\ud800',
  0,
  -1,
  1,
  1.5,
  2 ** 53,
  1e308,
  -1e308,
  true,
  false,
  null,
  [],
  {},
  [null],
  ['x'],
  [1, 2],
  { a: 1 },
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
];

/** An object with some known keys (own properties, so "__proto__" is a plain key). */
const plausibleBody = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...VALUES), fc.jsonValue({ maxDepth: 2 }))), {
    maxLength: 6,
  })
  .map((entries) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of entries)
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  });

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };

function bodyArb(route: RouteDef): fc.Arbitrary<Body> {
  const isRule = route.path === '/rules' || route.path === '/rules/:id';
  const json = fc.oneof(
    { weight: 4, arbitrary: plausibleBody },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: isRule ? 8 : 0,
      arbitrary: ruleBodyArb.map((r) =>
        route.path === '/rules/:id' && r && typeof r === 'object' ? { ...r, version: 1 } : r,
      ),
    },
    {
      weight: route.path === '/rules/test' ? 8 : 0,
      arbitrary: fc.record(
        { rule: ruleBodyArb, from: fc.constantFrom('now-1h', 'x', 1), to: fc.constantFrom('now', 'now+1m', '') },
        { requiredKeys: ['rule'] },
      ),
    },
  );
  return fc.oneof(
    { weight: 8, arbitrary: json.map((value): Body => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('', '{', 'null', '[]', '"x"', '{"a":', '\u0000', 'not json')
        .map((text): Body => ({ kind: 'raw', text })),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  );
}

function paramArb(route: RouteDef, name: string): fc.Arbitrary<string> {
  const base = route.path.split('/')[1];
  const ids = name === 'id' ? (real[base] ?? []) : [];
  const options: Array<fc.Arbitrary<string>> = [
    fc.constantFrom(
      '00000000-0000-4000-8000-000000000000',
      '1',
      '-1',
      '0',
      'x',
      '__proto__',
      'constructor',
      '%2e%2e',
      '%E0%A4%A',
      '%',
      '%00',
      'a%2Fb',
      '..',
      ' ',
    ),
    fc.uuid(),
    fc.string({ maxLength: 12 }).map((t) => encodeURIComponent(t) || 'x'),
  ];
  // Never real ids for tokens/users: deleting the admin's own token would end the run early.
  if (ids.length > 0) options.push(fc.constantFrom(...ids), fc.constantFrom(...ids));
  return fc.oneof(...options);
}

const QUERY_KEYS = [
  'q',
  'from',
  'to',
  'size',
  'sort',
  'status',
  'field',
  'interval',
  'actor',
  'action',
  'limit',
  'cursor',
  'format',
  'sinceVersion',
  'name',
  'title',
  'unread',
  '__proto__',
  'constructor',
];
const queryArb = fc
  .array(
    fc.tuple(
      fc.constantFrom(...QUERY_KEYS),
      fc.oneof(
        fc.constantFrom(
          ...VALUES.filter((v): v is string => typeof v === 'string'),
          '-5',
          '100000',
          'asc',
          'desc',
          '1m',
          '0s',
          'md',
          'json',
          'pdf',
          'true',
        ),
        fc.string({ maxLength: 20 }),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs)}`));

const requestArb = fc.nat({ max: 10_000 }).chain((i) => {
  const route = routes[i % routes.length];
  const keys = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]);
  return fc.record({
    // The route by name, so a counterexample prints readably (the handler is looked up again).
    route: fc.constant(`${route.method} ${route.path}`),
    params: fc.tuple(...keys.map((k) => paramArb(route, k))),
    query: queryArb,
    body: route.method === 'GET' || route.method === 'DELETE' ? fc.constant<Body>({ kind: 'none' }) : bodyArb(route),
  });
});

describe('REST fuzz (admin token)', { timeout: fuzzTimeout(25_000) }, () => {
  it('every route: random bodies, query strings and path parameters get 2xx/4xx only', async () => {
    const hit = new Set<string>();
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ route: name, params, query, body }) => {
        const route = routes.find((r) => `${r.method} ${r.path}` === name)!;
        let i = 0;
        const path = route.path.replace(/:([a-zA-Z]+)/g, () => params[i++]);
        // The admin token's own record must survive: skip a revoke of every token.
        if (route.method === 'DELETE' && route.path.startsWith('/tokens')) return;
        const init: RequestInit = { method: route.method, headers: { Authorization: `Bearer ${s.adminToken}` } };
        if (body.kind === 'json') {
          init.body = JSON.stringify(body.value);
          (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
        } else if (body.kind === 'raw') init.body = body.text;
        const res = await fetch(`${s.url}/api/v1${path}${query}`, init);
        const shown = `${route.method} /api/v1${path}${query} ${init.body === undefined ? '' : String(init.body).slice(0, 500)}`;
        await expectNoServerError(res, shown);
        expect(res.status, `${shown}: the admin token must keep working`).not.toBe(401);
        hit.add(`${route.method} ${route.path}`);
      }),
      fuzzParams(700, 25_000),
    );
    // Most routes were reached (the budget may cut a slow run short, but not to a handful).
    expect(hit.size).toBeGreaterThan(Math.min(routes.length, 40) * 0.6);
    expect(prototypeChanges()).toEqual([]);
  });

  it('tRPC procedures and odd headers: random inputs, tokens and cookies get 2xx/4xx only', async () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const names = Object.keys(procedures).filter((n) => procedures[n]._def.type !== 'subscription');
    const nameArb = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...names) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'constructor',
          '__proto__',
          'x.y',
          '',
          '%',
          'events.search,alerts.list',
          'events.search,nope',
        ),
      },
    );
    const authArb = fc.oneof(
      { weight: 6, arbitrary: fc.constant(`Bearer ${s.adminToken}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YTpi',
          `bearer ${s.adminToken}`,
          `Bearer ${s.adminToken}x`,
          'Bearer pkt_',
          `Bearer ${'a'.repeat(5000)}`,
          'Bearer \u00ff',
        ),
      },
    );
    const cookieArb = fc.option(
      fc.constantFrom(
        'next-auth.session-token=%',
        'next-auth.session-token=abc',
        '__Secure-next-auth.session-token.0=x; __Secure-next-auth.session-token.1=%ZZ',
        '=;;=',
        'a'.repeat(8000),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        nameArb,
        fc.oneof(plausibleBody, fc.jsonValue({ maxDepth: 3 })),
        authArb,
        cookieArb,
        fc.boolean(),
        async (name, input, authorization, cookie, batch) => {
          const headers: Record<string, string> = { Authorization: authorization, 'Content-Type': 'application/json' };
          if (cookie) headers.Cookie = cookie;
          const mutation = procedures[name]?._def.type === 'mutation';
          const path = batch ? `${name}?batch=1` : name;
          const payload = batch ? { 0: input } : input;
          const res = mutation
            ? await fetch(`${s.url}/api/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(payload) })
            : await fetch(
                `${s.url}/api/trpc/${path}${batch ? '&' : '?'}input=${encodeURIComponent(JSON.stringify(payload))}`,
                { headers },
              );
          const text = await res.text();
          expect(
            res.status,
            `${mutation ? 'POST' : 'GET'} /api/trpc/${path} ${JSON.stringify(payload).slice(0, 300)} → ${text.slice(0, 300)}`,
          ).toBeLessThan(500);
        },
      ),
      fuzzParams(400, 12_000),
    );
    expect(prototypeChanges()).toEqual([]);
  });

  it('kept GET /status under 1 s throughout and left the prototypes alone', async () => {
    const report = await probe.stop();
    probe = startStatusProbe(s.url);
    expect(report.probes).toBeGreaterThan(10);
    expect(report.failures).toEqual([]);
    const res = await api('GET', '/events?q=polluted&size=1');
    expect(res.status).toBe(200);
    expect(prototypeChanges()).toEqual([]);
  });
});
