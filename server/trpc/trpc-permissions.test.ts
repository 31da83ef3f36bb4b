import type { TRPCError } from '@trpc/server';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server-harness.ts';
import { loadAuthSecret } from '../auth/auth-secret.ts';
import type { Identity } from '../auth/permissions.ts';
import { trpcCoverageProblems } from '../auth/permission-coverage.ts';
import { createCallerFactory, permission, type ProcedureMeta, router } from './init.ts';
import { appRouter } from './router.ts';
import { auditLog } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta } };
const procedures = () => Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>); // flat at runtime: 'account.me' → procedure;

async function token(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.adminToken}` },
    body: JSON.stringify({ name: `trpc-${Math.random()}`, ...body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).token;
}

/** Calls a query (GET) or mutation (POST) the way @trpc/client's httpLink does. */
function call(
  path: string,
  type: 'query' | 'mutation',
  headers: Record<string, string> = {},
  input: unknown = {},
): Promise<Response> {
  if (type === 'query')
    return fetch(`${s.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  return fetch(`${s.url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

describe('every tRPC procedure states its permission', () => {
  it('declares a known action (or public) in meta, and mutations state their audit stance', () => {
    // Nothing is public yet; a future public procedure must be allowed here on purpose (allowPublic).
    expect(trpcCoverageProblems(appRouter)).toEqual([]);
  });

  it('answers 401 over HTTP without identity (and with a bad token) on every query and mutation', async () => {
    for (const [path, p] of procedures()) {
      if (p._def.type === 'subscription') continue;
      for (const headers of [{}, { Authorization: 'Bearer pkt_wrong' }] as Record<string, string>[]) {
        const res = await call(path, p._def.type, headers);
        expect(res.status, path).toBe(401);
        expect((await res.json()).error.data.code).toBe('UNAUTHORIZED');
      }
    }
  });

  it('answers 403 over HTTP to an identity lacking the permission (ingest-only token)', async () => {
    const shipper = await token({ role: 'admin', ingestOnly: true });
    for (const [path, p] of procedures()) {
      if (p._def.type === 'subscription') continue;
      const res = await call(path, p._def.type, { Authorization: `Bearer ${shipper}` });
      expect(res.status, path).toBe(403);
    }
  });

  it('the builder refuses a viewer on an admin-only procedure and lets an admin through', async () => {
    const test = router({ adminOnly: permission('users:admin').query(() => 'ok') });
    const base = { via: 'token' as const, ip: '127.0.0.1', log: s.picket.log, services: s.picket.trpcServices };
    const viewer: Identity = { kind: 'token', id: 'v', name: 'v', role: 'viewer', ingestOnly: false };
    const caller = (identity: Identity | undefined) => createCallerFactory(test)({ ...base, identity });
    await expect(caller(undefined).adminOnly()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    } satisfies Partial<TRPCError>);
    await expect(caller(viewer).adminOnly()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller({ ...viewer, role: 'admin' }).adminOnly()).resolves.toBe('ok');
    expect(test._def.procedures.adminOnly._def.meta).toEqual({ permission: 'users:admin' });
  });

  it('account.me returns the identity and exactly its permitted actions', async () => {
    const viewer = await token({ role: 'viewer' });
    const res = await call('account.me', 'query', { Authorization: `Bearer ${viewer}` });
    expect(res.status).toBe(200);
    const me = (await res.json()).result.data;
    expect(me).toMatchObject({ kind: 'token', role: 'viewer', ingestOnly: false });
    expect(me.permissions).toContain('cases:read');
    expect(me.permissions).not.toContain('users:admin');
  });

  it('accepts the session cookie, refusing cookie mutations from another origin (CSRF)', async () => {
    const { user } = await s.picket.users.create({ email: 'trpc-cookie@example.com', role: 'analyst' }, 'system');
    const full = await s.picket.users.sessionUser(user.id);
    const jwt = await encode({
      token: { uid: user.id, role: 'analyst', epoch: full!.sessionEpoch },
      secret: await loadAuthSecret(s.picket.cfg),
    });
    const cookie = `next-auth.session-token=${jwt}`;
    const me = await call('account.me', 'query', { cookie });
    expect(me.status).toBe(200);
    expect((await me.json()).result.data).toMatchObject({
      kind: 'user',
      name: 'trpc-cookie@example.com',
      role: 'analyst',
    });
    const cross = await call(
      'presence.setPage',
      'mutation',
      { cookie, origin: 'https://evil.example' },
      { page: '/x' },
    );
    expect(cross.status).toBe(403);
    // Same origin gets past CSRF; setPage then explains it needs the socket.
    const same = await call('presence.setPage', 'mutation', { cookie, origin: s.url }, { page: '/x' });
    expect(same.status).toBe(400);
  });

  it('refuses subscriptions over HTTP (they belong on /api/ws) instead of holding the request open', async () => {
    const res = await call('presence.onChange', 'query', { Authorization: `Bearer ${s.adminToken}` });
    expect(res.status).toBe(405);
    expect((await res.json()).error.code).toBe('method_not_allowed');
  });

  it('gives procedures ctx.audit, which records the actor and ip', async () => {
    const test = router({
      touch: permission('settings:admin', { audit: 'recorded' }).mutation(({ ctx }) =>
        ctx.audit({ action: 'trpc.test-touch', targetType: 'thing', targetId: 't1' }),
      ),
    });
    const admin: Identity = { kind: 'token', id: 'a', name: 'audit-admin', role: 'admin', ingestOnly: false };
    await createCallerFactory(test)({
      identity: admin,
      via: 'token',
      ip: '192.0.2.7',
      log: s.picket.log,
      services: s.picket.trpcServices,
    }).touch();
    const rows = await s.picket.db.orm.select().from(auditLog).where(eq(auditLog.action, 'trpc.test-touch'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'token:audit-admin', targetId: 't1', ip: '192.0.2.7' });
  });
});
