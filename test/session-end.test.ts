// An admin's password reset or disable ends the user's existing sessions (the session epoch moves);
// a role change keeps them and applies to them.
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthSecret } from '../server/auth/auth-secret.ts';
import { SessionResolver } from '../server/auth/session-identity.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { EndedSessions } from '../server/auth/ended-sessions.ts';
import { trpcError, trpcHttp } from './trpc-http-client.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${s.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A session cookie as next-auth issues it at sign-in (the user id and the current epoch). */
async function signedIn(email: string): Promise<{ id: string; cookie: string }> {
  const created = await admin('POST', '/users', { email, role: 'viewer', password: 'first-password-123' });
  const u = (await s.picket.users.sessionUser(created.body.id))!;
  const jwt = await encode({
    token: { uid: u.id, role: u.role, epoch: u.sessionEpoch },
    secret: await loadAuthSecret(s.picket.cfg),
  });
  return { id: u.id, cookie: `next-auth.session-token=${jwt}` };
}

const account = async (cookie: string) => {
  const res = await fetch(`${s.url}/api/v1/account`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
};
const version = async (id: string) =>
  (await admin('GET', '/users')).body.users.find((u: { id: string }) => u.id === id).version as number;
// Another process has no cached answer: it goes by the database alone.
const elsewhere = async (cookie: string) =>
  new SessionResolver(
    s.picket.users,
    await loadAuthSecret(s.picket.cfg),
    new EndedSessions(s.picket.db.orm),
  ).fromCookieHeader(cookie);

describe('sessions end when an admin resets a password or disables the account', () => {
  it('a password reset ends the old session here and in other processes; a new sign-in works', async () => {
    const u = await signedIn('erin@example.org');
    expect((await account(u.cookie)).status).toBe(200);
    const reset = await admin('PATCH', `/users/${u.id}`, {
      password: 'second-password-456',
      version: await version(u.id),
    });
    expect(reset.status).toBe(200);
    expect((await account(u.cookie)).status).toBe(401);
    expect(await elsewhere(u.cookie)).toBeUndefined();

    const fresh = (await s.picket.users.sessionUser(u.id))!;
    const jwt = await encode({
      token: { uid: u.id, role: fresh.role, epoch: fresh.sessionEpoch },
      secret: await loadAuthSecret(s.picket.cfg),
    });
    expect((await account(`next-auth.session-token=${jwt}`)).status).toBe(200);

    const { rows } = await s.db.pool.query(
      `SELECT diff FROM audit_log WHERE action = 'user.update' AND target_id = $1`,
      [u.id],
    );
    expect(rows[0].diff).toMatchObject({ password: ['(set)', '(changed)'], sessions: ['(kept)', '(ended)'] });
  });

  it('a disabled account’s sessions stay ended after it is enabled again', async () => {
    const u = await signedIn('frank@example.org');
    expect((await admin('PATCH', `/users/${u.id}`, { disabled: true, version: await version(u.id) })).status).toBe(200);
    expect((await account(u.cookie)).status).toBe(401);
    expect((await admin('PATCH', `/users/${u.id}`, { disabled: false, version: await version(u.id) })).status).toBe(
      200,
    );
    expect((await account(u.cookie)).status).toBe(401);
    expect(await elsewhere(u.cookie)).toBeUndefined();
  });

  it('"Sign out everywhere" over tRPC (what the UI calls) ends every session of the user, audited; a token has none to end', async () => {
    const u = await signedIn('hana@example.org');
    expect((await account(u.cookie)).status).toBe(200);
    const res = await fetch(`${s.url}/api/trpc/account.signOutEverywhere`, {
      method: 'POST',
      headers: { cookie: u.cookie, 'Content-Type': 'application/json', Origin: s.url },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect((await account(u.cookie)).status).toBe(401);
    expect(await elsewhere(u.cookie)).toBeUndefined();
    const { rows } = await s.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.signout.everywhere' AND target_id = $1`,
      [u.id],
    );
    expect(rows[0].n).toBe(1);
    const err = await trpcError(trpcHttp(s.url, s.adminToken).account.signOutEverywhere.mutate());
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('API tokens have no sessions');
  });

  it('a role change keeps the session and applies to it', async () => {
    const u = await signedIn('gina@example.org');
    expect((await admin('PATCH', `/users/${u.id}`, { role: 'analyst', version: await version(u.id) })).status).toBe(
      200,
    );
    expect((await elsewhere(u.cookie))?.role).toBe('analyst');
  });
});
