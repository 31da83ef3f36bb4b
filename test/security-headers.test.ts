import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Picket } from '../server/app.ts';
import type { ApiTokens } from '../server/auth/api-tokens.ts';
import type { Identity } from '../server/auth/permissions.ts';
import { createHttpServer } from '../server/http/http-server.ts';
import { createIngestHandler } from '../server/http/ingest-routes.ts';
import { API_SECURITY_HEADERS, isHttpsRequest, pageCsp } from '../server/http/security-headers.ts';
import { RestRouter } from '../server/http/v1/router.ts';
import type { IngestService } from '../server/ingest/ingest-service.ts';
import { createLogger } from '../server/logger.ts';
import { browserSuite } from './browser-suite.ts';

const suite = browserSuite([]);

const STACK = /\n\s+at |\.ts:\d+|\.js:\d+:\d+|SECRET_DETAIL/;

function expectApiHeaders(res: Response): void {
  for (const [k, v] of Object.entries(API_SECURITY_HEADERS)) expect(res.headers.get(k), k).toBe(v);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

describe('page headers (Next, through proxy.ts)', () => {
  it('sends a nonce CSP that changes per request, without inline scripts, plus the page headers', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(suite.s.url + '/', { redirect: 'manual' });
      const csp = res.headers.get('content-security-policy') ?? '';
      const d = directives(csp);
      const script = d.get('script-src') ?? [];
      const nonce = script.find((v) => v.startsWith("'nonce-"));
      expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/=]{16,}'$/);
      nonces.push(nonce!);
      expect(script).toContain("'strict-dynamic'");
      expect(script).not.toContain("'unsafe-inline'");
      expect(script).not.toContain("'unsafe-eval'");
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'self'"]);
      expect(d.get('form-action')).toEqual(["'self'"]);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("puts the header's nonce on every script of the page that finally loads (/ or /login)", async () => {
    const res = await fetch(suite.s.url + '/');
    expect(res.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('covers the 404 page and adds HSTS only behind TLS (x-forwarded-proto: https)', async () => {
    const missing = await fetch(suite.s.url + '/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toMatch(/'nonce-/);
    const tls = await fetch(suite.s.url + '/', { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('a broken Next request answers without a stack trace', async () => {
    const res = await fetch(suite.s.url + '/', {
      method: 'POST',
      headers: { 'Next-Action': 'deadbeef', 'Content-Type': 'text/plain' },
      body: '[]',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).not.toMatch(STACK);
  });

  it('loads in a real browser with no CSP violations and hydrates', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // Violations are also reported as DOM events; collect them from the first script on.
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    for (const path of ['/', '/no-such-page']) {
      const res = await page.goto(suite.s.url + path); // follows a redirect to /login when signed out
      expect(res?.headers()['content-security-policy']).toMatch(/'nonce-/);
      // React marks hydrated DOM nodes with __reactFiber$…: it only appears if Next's scripts ran.
      const hydrated = await page
        .waitForFunction(() => Object.keys(document.body).some((k) => k.startsWith('__reactFiber$')), null, {
          timeout: 15_000,
        })
        .then(
          () => true,
          () => false,
        );
      await page.waitForLoadState('networkidle');
      // Violations first: they say why hydration failed, if it did.
      expect(
        await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
        page.url(),
      ).toEqual([]);
      expect(hydrated, `hydrated ${page.url()}`).toBe(true);
    }
    expect(errors.filter((e) => /content security policy|refused to/i.test(e))).toEqual([]);
    await context.close();
  });
});

describe('API, ingest and health headers (custom server)', () => {
  it('REST 401 carries the API headers', async () => {
    const res = await fetch(suite.s.url + '/api/v1/events');
    expect(res.status).toBe(401);
    expectApiHeaders(res);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('ingest and health carry the API headers', async () => {
    const ingest = await fetch(suite.s.url + '/events', {
      method: 'POST',
      body: JSON.stringify({ summary: 'headers check' }),
    });
    expect(ingest.status).toBe(200);
    expectApiHeaders(ingest);
    // GET /events is the explorer page when the UI is served; the other ingest paths still refuse GET.
    const wrongMethod = await fetch(suite.s.url + '/nxlog');
    expect(wrongMethod.status).toBe(405);
    expectApiHeaders(wrongMethod);
    const health = await fetch(suite.s.url + '/api/health');
    expect(health.status).toBe(200);
    expectApiHeaders(health);
    expect(health.headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(suite.s.url + '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('internal failures never leak a stack', () => {
  // A custom server whose every part fails with an error whose message and stack must stay inside.
  it('REST router, ingest, health and the web handler answer a bare JSON error', async () => {
    const log = createLogger('silent');
    const boom = () => new Error('SECRET_DETAIL: connection to db at 10.1.2.3 failed');
    const admin: Identity = { kind: 'token', id: 't1', name: 'test', role: 'admin', ingestOnly: false };
    const tokens = { verify: async () => admin } as unknown as ApiTokens;
    const rest = new RestRouter(
      [
        { method: 'GET', path: '/boom', permission: 'events:read', handler: async () => Promise.reject(boom()) },
        {
          method: 'GET',
          path: '/csv',
          permission: 'events:read',
          handler: async () => new Response('a,b\n', { headers: { 'Content-Type': 'text/csv' } }),
        },
      ],
      { tokens, log },
    );
    const ingest = { ingest: async () => Promise.reject(boom()) } as unknown as IngestService;
    const picket = {
      log,
      rest,
      ingestHandler: createIngestHandler({
        ingest,
        tokens,
        trusted: { contains: () => true },
        clientIp: () => '127.0.0.1',
        log,
      }),
      clientIp: () => '127.0.0.1',
      health: async () => Promise.reject(boom()),
      // Not a database outage: the error is logged as an internal failure.
      db: { health: { absorb: () => false } },
      ops: {
        access: async () => ({ ok: true }),
        metrics: { contentType: 'text/plain', render: async () => Promise.reject(boom()) },
      },
    } as unknown as Picket;
    const web = { handle: async () => Promise.reject(boom()) };
    const server = createHttpServer(picket, web);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const auth = { Authorization: 'Bearer pkt_anything' };
    try {
      const cases: [string, RequestInit, number][] = [
        ['/api/v1/boom', { headers: auth }, 500],
        ['/events', { method: 'POST', body: '{"summary":"x"}' }, 503],
        ['/api/health', {}, 500],
        ['/metrics', {}, 500],
        ['/some/page', {}, 500],
      ];
      for (const [path, init, status] of cases) {
        const res = await fetch(base + path, init);
        expect(res.status, path).toBe(status);
        expectApiHeaders(res);
        const text = await res.text();
        expect(text, path).not.toMatch(STACK);
        expect(JSON.parse(text).error.code).toMatch(/^(internal|unavailable)$/);
      }
      // A handler's own Response (e.g. CSV export) still gets the API headers, keeping its type.
      const csv = await fetch(base + '/api/v1/csv', { headers: auth });
      expect(csv.headers.get('content-type')).toBe('text/csv');
      expect(csv.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(csv.headers.get('cache-control')).toBe('no-store');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('policy builders', () => {
  it("adds 'unsafe-eval' only in development", () => {
    expect(pageCsp('abc')).not.toContain('unsafe-eval');
    expect(pageCsp('abc', { dev: true })).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
  });

  it('treats a request as HTTPS on a TLS socket or when the proxy says so', () => {
    expect(isHttpsRequest(true, undefined)).toBe(true);
    expect(isHttpsRequest(false, 'https')).toBe(true);
    expect(isHttpsRequest(false, 'HTTPS, http')).toBe(true);
    expect(isHttpsRequest(false, 'http')).toBe(false);
    expect(isHttpsRequest(false, undefined)).toBe(false);
  });
});
