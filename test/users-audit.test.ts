import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCsv } from '../server/audit/audit-query.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${s.adminToken}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text.startsWith('{') ? JSON.parse(text) : null };
}

describe('users', () => {
  it('creates the first admin at start with a generated password saved in the data dir', async () => {
    const { body } = await api('GET', '/users');
    expect(body.users).toEqual([expect.objectContaining({ email: 'admin@localhost', role: 'admin', disabled: false })]);
    const saved = await fs.readFile(path.join(s.dataDir, 'admin-password'), 'utf8');
    expect(saved.split('\n')[1]).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await fs.stat(path.join(s.dataDir, 'admin-password'))).mode & 0o077).toBe(0);
    const { rows } = await s.db.pool.query('SELECT password_hash FROM users');
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('creates users (password shown once), refuses duplicates and bad input with 4xx JSON', async () => {
    const created = await api('POST', '/users', { email: 'Alice@Example.org', role: 'analyst', name: 'Alice' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'alice@example.org', role: 'analyst', version: 1 });
    expect(created.body.password).toHaveLength(20);
    expect((await api('GET', '/users')).text).not.toContain(created.body.password);
    expect((await api('POST', '/users', { email: 'alice@example.org', role: 'viewer' })).status).toBe(409);
    expect((await api('POST', '/users', { email: 'not-an-email', role: 'viewer' })).status).toBe(400);
    const weak = await api('POST', '/users', { email: 'bob@example.org', role: 'viewer', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/at least 10/);
  });

  it('applies edits by version and refuses a stale one with the current record', async () => {
    const u = (
      await api('POST', '/users', { email: 'carol@example.org', role: 'viewer', password: 'a-long-enough-password' })
    ).body;
    const first = await api('PATCH', `/users/${u.id}`, { role: 'analyst', version: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ role: 'analyst', version: 2 });
    const stale = await api('PATCH', `/users/${u.id}`, { name: 'Carol', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.current).toMatchObject({ role: 'analyst', version: 2 });
    expect((await api('PATCH', `/users/${u.id}`, { version: 2, unknown: 1 })).status).toBe(400);
    expect((await api('PATCH', `/users/00000000-0000-4000-8000-000000000000`, { version: 1 })).status).toBe(404);
  });

  it('never leaves the instance without an active admin', async () => {
    const admin = (await api('GET', '/users')).body.users.find((u: { email: string }) => u.email === 'admin@localhost');
    const r = await api('PATCH', `/users/${admin.id}`, { disabled: true, version: admin.version });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/active admin/);
  });

  it('pauses an account for the failing address only, audits every attempt, and a password reset lifts the pause', async () => {
    const { users } = s.picket;
    const u = (
      await api('POST', '/users', { email: 'dave@example.org', role: 'viewer', password: 'correct-horse-battery' })
    ).body;
    expect((await users.authenticate('dave@example.org', 'correct-horse-battery', '127.0.0.1')).ok).toBe(true);
    for (let i = 0; i < 4; i++)
      expect(await users.authenticate('DAVE@example.org', 'wrong', '127.0.0.1')).toEqual({
        ok: false,
        reason: 'invalid',
      });
    expect(await users.authenticate('dave@example.org', 'wrong', '127.0.0.1')).toEqual({
      ok: false,
      reason: 'paused',
      retryAfterS: 30,
    });
    expect(await users.authenticate('dave@example.org', 'correct-horse-battery', '127.0.0.1')).toMatchObject({
      ok: false,
      reason: 'paused',
    });
    expect((await users.authenticate('dave@example.org', 'correct-horse-battery', '127.0.0.2')).ok).toBe(true);
    expect(await users.authenticate('nobody@example.org', 'x')).toEqual({ ok: false, reason: 'invalid' });

    const audit = await api('GET', `/audit?action=auth.*&targetId=${u.id}&limit=50`);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'auth.login.failure')).toHaveLength(6);
    expect(actions).toContain('auth.backoff');
    expect(actions.filter((a: string) => a === 'auth.login.success')).toHaveLength(2);
    expect(audit.body.entries[0].ip).toBe('127.0.0.2');

    const fresh = (await api('GET', '/users')).body.users.find((x: { id: string }) => x.id === u.id);
    expect(
      (await api('PATCH', `/users/${u.id}`, { password: 'a-brand-new-password', version: fresh.version })).status,
    ).toBe(200);
    expect((await users.authenticate('dave@example.org', 'a-brand-new-password', '127.0.0.1')).ok).toBe(true);
  });
});

describe('audit log API', () => {
  it('filters by action and actor, pages with a cursor, and records diffs', async () => {
    const all = await api('GET', '/audit?action=user.update');
    expect(all.status).toBe(200);
    const e = all.body.entries[0];
    expect(e).toMatchObject({
      actor: 'token:PICKET_ADMIN_TOKEN',
      action: 'user.update',
      targetType: 'user',
      ip: '127.0.0.1',
    });
    expect(Object.keys(e)).toEqual(['id', 'at', 'actor', 'action', 'targetType', 'targetId', 'diff', 'ip']);
    expect(
      all.body.entries.some(
        (x: { diff: Record<string, unknown> }) =>
          JSON.stringify(x.diff) === JSON.stringify({ role: ['viewer', 'analyst'] }),
      ),
    ).toBe(true);

    const page1 = await api('GET', '/audit?limit=2');
    const page2 = await api('GET', `/audit?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.entries[0].id).toBeLessThan(page1.body.entries[1].id);
    expect((await api('GET', '/audit?actor=nobody-like-this')).body.entries).toEqual([]);
    expect((await api('GET', '/audit?from=not-a-time')).status).toBe(400);
  });

  it('exports CSV that a spreadsheet cannot execute', async () => {
    const csv = await api('GET', '/audit?format=csv&limit=5');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('id,at,actor,action,targetType,targetId,diff,ip');
    const out = auditCsv([
      {
        id: 1,
        at: 't',
        actor: '=HYPERLINK("http://x")',
        action: 'a,b',
        targetType: null,
        targetId: '@x',
        diff: { k: 'v"q' },
        ip: '-1',
      },
    ]);
    expect(out.split('\r\n')[1]).toBe(`1,t,"'=HYPERLINK(""http://x"")","a,b",,'@x,"{""k"":""v\\""q""}",'-1`);
  });
});
