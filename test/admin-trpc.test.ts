// The users, tokens and audit tRPC routers against a real server and Postgres: who may call them,
// version conflicts, the token role ceiling, audit entries, and that they agree with REST.
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthSecret } from '../server/auth/auth-secret.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcError, trpcHttp } from './trpc-http-client.ts';

let s: TestServer;
let tokens: { viewer: string; analyst: string; admin: string };
beforeAll(async () => {
  s = await startTestServer();
  tokens = {
    viewer: await tokenFor(s.url, s.adminToken, 'viewer', 'adm-viewer'),
    analyst: await tokenFor(s.url, s.adminToken, 'analyst', 'adm-analyst'),
    admin: await tokenFor(s.url, s.adminToken, 'admin', 'adm-admin'),
  };
});
afterAll(() => s?.stop());

const as = (who: keyof typeof tokens) => trpcHttp(s.url, tokens[who]);

async function auditOf(action: string, targetId: string) {
  const { entries } = await as('admin').audit.list.query({ action, targetId });
  return entries;
}

describe('users router', () => {
  it('refuses viewers and analysts (FORBIDDEN) on every users and audit procedure; admins pass', async () => {
    for (const who of ['viewer', 'analyst'] as const) {
      const c = as(who);
      const id = '00000000-0000-4000-8000-000000000000';
      const calls = [
        () => c.users.list.query(),
        () => c.users.create.mutate({ email: `x-${who}@example.org`, role: 'viewer' }),
        () => c.users.update.mutate({ id, version: 1, name: 'x' }),
        () => c.audit.list.query({}),
      ];
      for (const call of calls) expect((await trpcError(call())).data?.code).toBe('FORBIDDEN');
    }
    expect((await as('admin').users.list.query()).map((u) => u.email)).toContain('admin@localhost');
    // A refused user creation created nothing.
    expect((await as('admin').users.list.query()).map((u) => u.email)).not.toContain('x-viewer@example.org');
  });

  it('creates a user (generated password once), audits it, and refuses duplicates and weak passwords as text', async () => {
    const admin = as('admin');
    const created = await admin.users.create.mutate({ email: 'Tina@Example.org', role: 'analyst', name: 'Tina' });
    expect(created).toMatchObject({ email: 'tina@example.org', role: 'analyst', version: 1 });
    expect(created.password).toHaveLength(20);
    expect(JSON.stringify(await admin.users.list.query())).not.toContain(created.password);
    expect(await auditOf('user.create', created.id)).toEqual([
      expect.objectContaining({
        actor: 'token:adm-admin',
        diff: expect.objectContaining({ email: 'tina@example.org', role: 'analyst' }),
      }),
    ]);
    const dup = await trpcError(admin.users.create.mutate({ email: 'tina@example.org', role: 'viewer' }));
    expect(dup.data?.code).toBe('CONFLICT');
    expect(dup.message).toMatch(/exists/);
    const weak = await trpcError(
      admin.users.create.mutate({ email: 'walt@example.org', role: 'viewer', password: 'short' }),
    );
    expect(weak.data?.code).toBe('BAD_REQUEST');
    expect(weak.message).toMatch(/at least 10/);
    // Input the schema refuses reads as words, not a JSON dump of issues.
    const badEmail = await trpcError(admin.users.create.mutate({ email: 'a@b', role: 'viewer' }));
    expect(badEmail.data?.code).toBe('BAD_REQUEST');
    expect(badEmail.message).toBe('email: email must be an email address');
  });

  it('updates by version; a stale edit is CONFLICT carrying the current record (like REST 409)', async () => {
    const admin = as('admin');
    const u = await admin.users.create.mutate({
      email: 'uma@example.org',
      role: 'viewer',
      password: 'a-long-enough-password',
    });
    expect(await admin.users.update.mutate({ id: u.id, role: 'analyst', version: 1 })).toMatchObject({
      role: 'analyst',
      version: 2,
    });
    const stale = await trpcError(admin.users.update.mutate({ id: u.id, name: 'Uma', version: 1 }));
    expect(stale.data?.code).toBe('CONFLICT');
    expect((stale.data as { current?: unknown }).current).toMatchObject({ id: u.id, role: 'analyst', version: 2 });
    expect(await auditOf('user.update', u.id)).toEqual([
      expect.objectContaining({ diff: { role: ['viewer', 'analyst'] } }),
    ]);
    expect(
      (await trpcError(admin.users.update.mutate({ id: '00000000-0000-4000-8000-000000000000', version: 1 }))).data
        ?.code,
    ).toBe('NOT_FOUND');
    const self = (await admin.users.list.query()).find((x) => x.email === 'admin@localhost')!;
    const lastAdmin = await trpcError(
      admin.users.update.mutate({ id: self.id, disabled: true, version: self.version }),
    );
    expect(lastAdmin.message).toMatch(/active admin/);
  });

  it('disabling a user ends their session at once in this process (the cached session is forgotten)', async () => {
    const admin = as('admin');
    const u = await admin.users.create.mutate({
      email: 'vic@example.org',
      role: 'analyst',
      password: 'a-long-enough-password',
    });
    const full = await s.picket.users.sessionUser(u.id);
    const jwt = await encode({
      token: { uid: u.id, role: 'analyst', epoch: full!.sessionEpoch },
      secret: await loadAuthSecret(s.picket.cfg),
    });
    const me = () =>
      fetch(`${s.url}/api/trpc/account.me?input=${encodeURIComponent('{}')}`, {
        headers: { cookie: `next-auth.session-token=${jwt}` },
      });
    expect((await me()).status).toBe(200); // now cached for the session cache's lifetime
    await admin.users.update.mutate({ id: u.id, disabled: true, version: u.version });
    expect((await me()).status).toBe(401);
  });
});

describe('tokens router', () => {
  it('a token cannot outrank its creator (FORBIDDEN, nothing created); up to the own role is fine and audited', async () => {
    const analyst = as('analyst');
    const refused = await trpcError(analyst.tokens.create.mutate({ name: 'too-high', role: 'admin' }));
    expect(refused.data?.code).toBe('FORBIDDEN');
    expect(refused.message).toBe("a token's role cannot exceed your own (analyst)");
    expect((await as('admin').tokens.list.query({})).map((t) => t.name)).not.toContain('too-high');
    // The refusal is in the audit log, as REST's 403s are.
    expect(await auditOf('access.denied', 'tokens.create')).toEqual([
      expect.objectContaining({
        actor: 'token:adm-analyst',
        diff: { reason: "a token's role cannot exceed your own (analyst)" },
      }),
    ]);
    const made = await analyst.tokens.create.mutate({ name: 'analyst-script', role: 'analyst' });
    expect(made).toMatchObject({ name: 'analyst-script', role: 'analyst', ingestOnly: false });
    expect(made.token).toMatch(/^pkt_/);
    expect(await auditOf('token.create', made.id)).toEqual([expect.objectContaining({ actor: 'token:adm-analyst' })]);
    // The REST path applies the same ceiling (one rule, in ApiTokens).
    const rest = await fetch(`${s.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.viewer}` },
      body: JSON.stringify({ name: 'rest-high', role: 'analyst' }),
    });
    expect(rest.status).toBe(403);
  });

  it('lists own tokens for non-admins and `mine`; everyone’s for admins; revoke only what one owns', async () => {
    const viewer = as('viewer');
    const mine = await viewer.tokens.create.mutate({ name: 'viewer-own', role: 'viewer' });
    expect((await viewer.tokens.list.query({})).map((t) => t.name)).toEqual(['viewer-own']);
    const all = (await as('admin').tokens.list.query({})).map((t) => t.name);
    expect(all).toEqual(expect.arrayContaining(['viewer-own', 'adm-viewer', 'adm-analyst']));
    expect((await as('admin').tokens.list.query({ mine: true })).map((t) => t.name)).not.toContain('viewer-own');
    // Someone else's token answers like a missing one.
    const other = (await as('admin').tokens.list.query({})).find((t) => t.name === 'adm-analyst')!;
    expect((await trpcError(viewer.tokens.revoke.mutate({ id: other.id }))).data?.code).toBe('NOT_FOUND');
    expect(await viewer.tokens.revoke.mutate({ id: mine.id })).toEqual({ id: mine.id, revoked: true });
    expect((await viewer.tokens.list.query({}))[0].revokedAt).not.toBeNull();
    expect(await auditOf('token.revoke', mine.id)).toEqual([expect.objectContaining({ actor: 'token:adm-viewer' })]);
    // An admin revokes anyone's.
    const victim = await viewer.tokens.create.mutate({ name: 'viewer-second', role: 'viewer' });
    await as('admin').tokens.revoke.mutate({ id: victim.id });
    expect(await auditOf('token.revoke', victim.id)).toEqual([expect.objectContaining({ actor: 'token:adm-admin' })]);
  });
});

describe('audit router', () => {
  it('pages with the same filters and cursor as REST GET /api/v1/audit, and refuses a bad time as text', async () => {
    const admin = as('admin');
    for (let i = 0; i < 5; i++) await admin.tokens.create.mutate({ name: `page-${i}`, role: 'viewer' });
    const pages: number[][] = [];
    let cursor: number | null | undefined;
    do {
      const page = await admin.audit.list.query({ action: 'token.*', actor: 'adm-admin', limit: 2, cursor });
      pages.push(page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const res = await fetch(`${s.url}/api/v1/audit?action=token.*&actor=adm-admin&limit=1000`, {
      headers: { Authorization: `Bearer ${s.adminToken}` },
    });
    const rest = (await res.json()).entries.map((e: { id: number }) => e.id);
    expect(pages.flat()).toEqual(rest);
    expect(rest.length).toBeGreaterThanOrEqual(5);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    // Time bounds parse like REST's: nothing made now is older than a day.
    expect((await admin.audit.list.query({ action: 'token.*', to: 'now-1d' })).entries).toEqual([]);
    expect(
      (
        await admin.audit.list.query({ action: 'token.*', actor: 'adm-admin', from: 'now-1h', limit: 1000 })
      ).entries.map((e) => e.id),
    ).toEqual(rest);
    const bad = await trpcError(admin.audit.list.query({ from: 'yesterday-ish' }));
    expect(bad.data?.code).toBe('BAD_REQUEST');
    expect(bad.message).not.toMatch(/^\[/);
  });
});
