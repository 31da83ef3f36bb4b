import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthSecret } from '../server/auth/auth-secret.ts';
import type { Role } from '../server/auth/permissions.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  // The environment's policy is only the initial default; the settings row overrides it.
  s = await startTestServer({ PICKET_OAUTH_DEFAULT_ROLE: 'viewer' });
});
afterAll(() => s?.stop());

const admin = () => ({ Authorization: `Bearer ${s.adminToken}` });

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** A signed-in browser's headers: the session cookie, and our own Origin (CSRF check) for changes. */
async function sessionFor(email: string, role: Role): Promise<Record<string, string>> {
  const { user } = await s.picket.users.create({ email, role }, 'system');
  const full = await s.picket.users.sessionUser(user.id);
  const jwt = await encode({
    token: { uid: user.id, role, epoch: full!.sessionEpoch },
    secret: await loadAuthSecret(s.picket.cfg),
  });
  return { cookie: `next-auth.session-token=${jwt}`, origin: s.url };
}

async function audit(query: string) {
  return (await call('GET', `/api/v1/audit?${query}`, admin())).body.entries as Array<{
    actor: string;
    action: string;
    targetType: string;
    targetId: string;
    diff: unknown;
    ip: string;
  }>;
}

// As GitHub's profile arrives: Picket sets email_verified from GitHub's list of verified addresses.
const signIn = (email: string) =>
  s.picket.authOptions.callbacks!.signIn!({
    user: { id: email, email, name: 'OAuth person' },
    account: { provider: 'github', type: 'oauth', providerAccountId: email },
    profile: { email, email_verified: true },
  } as never);

describe('admin settings', () => {
  it('reads settings with the read-only facts, the env default marked as such', async () => {
    const r = await call('GET', '/api/v1/settings', admin());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      oauthNewUserRole: 'viewer',
      oauthNewUserRoleSource: 'environment',
      version: 1,
      facts: { database: 'external', retentionDays: 90, version: expect.any(String) },
    });
    // Read from the running queue, not from configuration.
    expect(r.body.facts.queue).toMatchObject({ mode: 'embedded', depth: 0, deadLetters: 0, warnings: [] });
  });

  it('applies a versioned change, audits it with a diff, and refuses a stale version with the current record', async () => {
    const ok = await call('PATCH', '/api/v1/settings', admin(), { oauthNewUserRole: 'none', version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      oauthNewUserRole: 'none',
      oauthNewUserRoleSource: 'settings',
      version: 2,
      updatedBy: 'token:PICKET_ADMIN_TOKEN',
    });
    const stale = await call('PATCH', '/api/v1/settings', admin(), { oauthNewUserRole: 'analyst', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      error: { code: 'version_conflict' },
      current: { oauthNewUserRole: 'none', version: 2 },
    });
    expect((await call('PATCH', '/api/v1/settings', admin(), { oauthNewUserRole: 'admin', version: 2 })).status).toBe(
      400,
    );
    expect((await call('PATCH', '/api/v1/settings', admin(), { oauthNewUserRole: 'viewer' })).status).toBe(400);
    const [entry] = await audit('action=settings.update');
    expect(entry).toMatchObject({
      actor: 'token:PICKET_ADMIN_TOKEN',
      targetType: 'settings',
      diff: { oauthNewUserRole: ['viewer', 'none'] },
    });
  });

  it('is what next-auth applies to a first OAuth sign-in: refuse, then analyst', async () => {
    let current = (await call('GET', '/api/v1/settings', admin())).body;
    if (current.oauthNewUserRole !== 'none')
      current = (
        await call('PATCH', '/api/v1/settings', admin(), { oauthNewUserRole: 'none', version: current.version })
      ).body;
    await expect(signIn('newcomer@example.org')).resolves.toBe('/login?error=AccessDenied');
    expect(await s.picket.users.sessionUserByEmail('newcomer@example.org')).toBeNull();

    await call('PATCH', '/api/v1/settings', admin(), { oauthNewUserRole: 'analyst', version: current.version });
    await expect(signIn('newcomer@example.org')).resolves.toBe(true);
    expect(await s.picket.users.sessionUserByEmail('newcomer@example.org')).toMatchObject({ role: 'analyst' });
  });

  it('is admin-only over REST and tRPC; tRPC update is versioned too', async () => {
    const analyst = await sessionFor('settings-analyst@example.org', 'analyst');
    expect((await call('GET', '/api/v1/settings', analyst)).status).toBe(403);
    const got = await call('GET', `/api/trpc/settings.get?input=${encodeURIComponent('{}')}`, admin());
    expect(got.status).toBe(200);
    const { version } = got.body.result.data;
    const upd = await call('POST', '/api/trpc/settings.update', admin(), { oauthNewUserRole: 'viewer', version });
    expect(upd.status).toBe(200);
    expect(upd.body.result.data).toMatchObject({ oauthNewUserRole: 'viewer', version: version + 1 });
    const stale = await call('POST', '/api/trpc/settings.update', admin(), { oauthNewUserRole: 'analyst', version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.data.current).toMatchObject({ oauthNewUserRole: 'viewer', version: version + 1 });
  });
});

describe('own API tokens for every role', () => {
  it('lets a viewer create, list and revoke only its own tokens, never above its role', async () => {
    const viewer = await sessionFor('tok-viewer@example.org', 'viewer');
    const other = await call('POST', '/api/v1/tokens', admin(), { name: 'someone else', role: 'viewer' });
    const mine = await call('POST', '/api/v1/tokens', viewer, { name: 'my script', role: 'viewer', ingestOnly: true });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      name: 'my script',
      role: 'viewer',
      ingestOnly: true,
      token: expect.stringMatching(/^pkt_/),
    });
    expect((await call('POST', '/api/v1/tokens', viewer, { name: 'too much', role: 'analyst' })).status).toBe(403);

    const listed = await call('GET', '/api/v1/tokens', viewer);
    expect(listed.body.tokens.map((t: { name: string }) => t.name)).toEqual(['my script']);
    expect(JSON.stringify(listed.body)).not.toContain(mine.body.token);
    expect((await call('DELETE', `/api/v1/tokens/${other.body.id}`, viewer)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/tokens/${mine.body.id}`, viewer)).status).toBe(200);
    expect((await call('GET', '/api/v1/tokens', viewer)).body.tokens[0].revokedAt).toEqual(expect.any(String));
    // The other token still works.
    expect((await call('GET', '/api/v1/account', { Authorization: `Bearer ${other.body.token}` })).status).toBe(200);
  });

  it('narrows an admin to its own tokens with ?mine=true', async () => {
    const adminUser = await sessionFor('tok-admin@example.org', 'admin');
    await call('POST', '/api/v1/tokens', adminUser, { name: 'admin own', role: 'admin' });
    const all = (await call('GET', '/api/v1/tokens', adminUser)).body.tokens;
    const own = (await call('GET', '/api/v1/tokens?mine=true', adminUser)).body.tokens;
    expect(all.length).toBeGreaterThan(own.length);
    expect(own.map((t: { name: string }) => t.name)).toEqual(['admin own']);
  });
});

describe('refused mutations are audited', () => {
  it('records a 403 on REST and tRPC mutations with actor, target and ip, and not on reads', async () => {
    const viewer = await sessionFor('forger@example.org', 'viewer');
    expect((await call('POST', '/api/v1/users', viewer, { email: 'x@example.org', role: 'admin' })).status).toBe(403);
    expect((await call('POST', '/api/v1/tokens', viewer, { name: 'escalate', role: 'admin' })).status).toBe(403);
    expect(
      (await call('POST', '/api/trpc/settings.update', viewer, { oauthNewUserRole: 'analyst', version: 1 })).status,
    ).toBe(403);
    expect((await call('GET', '/api/v1/users', viewer)).status).toBe(403);
    // A forged cross-site form post with the cookie: refused by the CSRF check, and recorded.
    expect(
      (await call('PATCH', '/api/v1/settings', { ...viewer, origin: 'https://evil.example' }, { version: 1 })).status,
    ).toBe(403);

    const denied = await audit('action=access.denied&actor=forger@example.org');
    const targets = denied.map((e) => `${e.targetType} ${e.targetId}`).sort();
    expect(targets).toEqual([
      'procedure settings.update',
      'route PATCH /api/v1/settings',
      'route POST /api/v1/tokens',
      'route POST /api/v1/users',
    ]);
    for (const e of denied)
      expect(e).toMatchObject({ actor: 'user:forger@example.org', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(denied.find((e) => e.targetId === 'POST /api/v1/tokens')?.diff).toEqual({
      reason: "a token's role cannot exceed your own (viewer)",
    });
  });
});
