// Minimal failing inputs the fuzz suites found (test/fuzz-rest.test.ts), kept as plain examples:
// each once answered 500 (an exception escaping a handler) and must now be a 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const auth = () => ({ Authorization: `Bearer ${s.adminToken}` });

describe('malformed requests answer 4xx, not 500', () => {
  it('a malformed %-escape in a REST path parameter is a 400', async () => {
    for (const path of ['/api/v1/blockip/%', '/api/v1/rules/%E0%A4%A', '/api/v1/incidents/%ZZ']) {
      const res = await fetch(s.url + path, { method: path.includes('blockip') ? 'DELETE' : 'GET', headers: auth() });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.code).toBe('bad_request');
    }
  });

  it('a malformed %-escape in the session cookie is no session (401), not a crash', async () => {
    for (const cookie of ['next-auth.session-token=%', '__Secure-next-auth.session-token=%E0%A4%A; other=1', 'next-auth.session-token.0=%zz']) {
      const res = await fetch(`${s.url}/api/v1/events`, { headers: { Cookie: cookie } });
      expect(res.status, cookie).toBe(401);
      const trpc = await fetch(`${s.url}/api/trpc/events.search?input=${encodeURIComponent('{}')}`, { headers: { Cookie: cookie } });
      expect(trpc.status, `trpc ${cookie}`).toBe(401);
    }
  });

  it('tRPC paths naming Object.prototype members or holding a bad %-escape are 4xx', async () => {
    for (const name of ['constructor', '__proto__', 'toString', '%', 'events.search,constructor', 'hasOwnProperty']) {
      const res = await fetch(`${s.url}/api/trpc/${name}`, { headers: auth() });
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
    }
  });
});
