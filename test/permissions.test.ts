import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restCoverageProblems } from '../server/auth/permission-coverage.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { sharedServices } from '../server/services.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, '00000000-0000-7000-8000-000000000000');

async function tokenFor(role: string): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.adminToken}` },
    body: JSON.stringify({ name: `perm-${role}`, role }),
  });
  return (await res.json()).token;
}

describe('every REST route states its permission', () => {
  it('declares a known action for each route', () => {
    expect(restCoverageProblems(sharedServices().rest.definitions)).toEqual([]);
  });

  it('answers 401 without identity on every route', async () => {
    for (const r of sharedServices().rest.definitions) {
      const res = await fetch(`${s.url}/api/v1${concrete(r.path)}`, {
        method: r.method,
        body: r.method === 'GET' ? undefined : '{}',
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('answers 403 on every route the role lacks, and never 401/403 where it has the permission', async () => {
    const { PERMISSIONS } = await import('../server/auth/permissions.ts');
    for (const role of ['viewer', 'analyst', 'admin'] as const) {
      const token = await tokenFor(role);
      for (const r of sharedServices().rest.definitions) {
        const res = await fetch(`${s.url}/api/v1${concrete(r.path)}`, {
          method: r.method,
          headers: { Authorization: `Bearer ${token}` },
          body: r.method === 'GET' ? undefined : '{}',
        });
        const allowed = PERMISSIONS[role].has(r.permission);
        if (allowed) expect([401, 403], `${role} ${r.method} ${r.path}`).not.toContain(res.status);
        else expect(res.status, `${role} ${r.method} ${r.path}`).toBe(403);
      }
    }
  });
});
