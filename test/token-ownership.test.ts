// Token ownership goes by id: a token or user can list and revoke only what it made, whatever the
// names. Before, ownership compared "kind:name" strings, and names are free text.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../server/auth/api-tokens.ts';
import { loadAuthSecret } from '../server/auth/auth-secret.ts';
import type { Role } from '../server/auth/permissions.ts';
import { migrate } from '../server/db/migrate.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { createTestDatabase } from './test-db.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

type Headers = Record<string, string>;
const bearer = (token: string): Headers => ({ Authorization: `Bearer ${token}` });

async function call(method: string, p: string, headers: Headers, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${p}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const createToken = async (headers: Headers, name: string, role: Role) => {
  const r = await call('POST', '/tokens', headers, { name, role });
  expect(r.status).toBe(201);
  return r.body as { id: string; token: string };
};
const listIds = async (headers: Headers) =>
  ((await call('GET', '/tokens', headers)).body.tokens as Array<{ id: string }>).map((t) => t.id);

async function sessionFor(email: string, role: Role): Promise<Headers> {
  const { user } = await s.picket.users.create({ email, role }, 'system');
  const full = await s.picket.users.sessionUser(user.id);
  const jwt = await encode({
    token: { uid: user.id, role, epoch: full!.sessionEpoch },
    secret: await loadAuthSecret(s.picket.cfg),
  });
  return { cookie: `next-auth.session-token=${jwt}`, origin: s.url };
}

describe('token ownership', () => {
  it('a token named after another token can neither list nor revoke what that one made', async () => {
    const admin = bearer(s.adminToken);
    const soar = await createToken(admin, 'soar', 'analyst');
    const child = await createToken(bearer(soar.token), 'soar-child', 'viewer');
    // The attacker: a viewer token given the same free-text name.
    const impostor = await createToken(admin, 'soar', 'viewer');

    expect(await listIds(bearer(impostor.token))).not.toContain(child.id);
    const revoke = await call('DELETE', `/tokens/${child.id}`, bearer(impostor.token));
    expect(revoke.status).toBe(404);
    expect((await fetch(`${s.url}/api/v1/events`, { headers: bearer(child.token) })).status).toBe(200);

    // The real creator still sees and revokes its own.
    expect(await listIds(bearer(soar.token))).toEqual([child.id]);
    expect((await call('DELETE', `/tokens/${child.id}`, bearer(soar.token))).status).toBe(200);
    expect((await fetch(`${s.url}/api/v1/events`, { headers: bearer(child.token) })).status).toBe(401);
  });

  it('a user sees the tokens made by them or their tokens, never another user’s, and admins see all', async () => {
    const alice = await sessionFor('alice@example.org', 'viewer');
    const bob = await sessionFor('bob@example.org', 'analyst');
    const aliceTok = await createToken(alice, 'shared-name', 'viewer');
    const bobTok = await createToken(bob, 'shared-name', 'viewer');
    // A token made by Alice's token acts for Alice too.
    const grandchild = await createToken(bearer(aliceTok.token), 'bob@example.org', 'viewer');

    expect((await listIds(alice)).sort()).toEqual([aliceTok.id, grandchild.id].sort());
    expect(await listIds(bob)).toEqual([bobTok.id]);
    expect((await call('DELETE', `/tokens/${bobTok.id}`, alice)).status).toBe(404);
    expect((await call('DELETE', `/tokens/${aliceTok.id}`, bob)).status).toBe(404);
    // A token named like Bob's email is still Alice's: Bob cannot touch it.
    expect((await call('DELETE', `/tokens/${grandchild.id}`, bob)).status).toBe(404);

    const all = await listIds(bearer(s.adminToken));
    expect(all).toEqual(expect.arrayContaining([aliceTok.id, bobTok.id, grandchild.id]));
    const mine = (await call('GET', '/tokens?mine=true', bearer(s.adminToken))).body.tokens as Array<{ id: string }>;
    expect(mine.map((t) => t.id)).not.toContain(aliceTok.id);
    expect((await call('DELETE', `/tokens/${bobTok.id}`, bearer(s.adminToken))).status).toBe(200);
  });
});

describe('token owner migration', () => {
  it('backfills owners it can determine; colliding or system creators leave tokens to admins', async () => {
    const db = await createTestDatabase({ migrate: false });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-migrations-'));
    try {
      const all = path.resolve(import.meta.dirname, '../db/migrations');
      const files = (await fs.readdir(all)).filter((f) => f.endsWith('.sql')).sort();
      const mine = files.find((f) => f.includes('token_owner_ids'))!;
      for (const f of files.filter((f) => f < mine)) await fs.copyFile(path.join(all, f), path.join(dir, f));
      await migrate(db.pool, dir);

      const { rows: u } = await db.pool.query(
        `INSERT INTO users (email, role) VALUES ('carol@example.org', 'viewer') RETURNING id`,
      );
      const insert = async (name: string, createdBy: string | null, minutesAgo: number): Promise<string> => {
        const { rows } = await db.pool.query(
          `INSERT INTO api_tokens (name, role, token_hash, prefix, created_by, created_at) VALUES ($1, 'viewer', $2, 'pkt_x', $3, now() - make_interval(mins => $4)) RETURNING id`,
          [name, hashToken(`${name}-${minutesAgo}`), createdBy, minutesAgo],
        );
        return rows[0].id;
      };
      const carols = await insert('carol-bot', 'user:carol@example.org', 60);
      const byCarols = await insert('made-by-bot', 'token:carol-bot', 50);
      const unique = await insert('ci', 'system', 40);
      const byUnique = await insert('made-by-ci', 'token:ci', 30);
      await insert('dup', 'system', 25);
      await insert('dup', 'system', 24);
      const byDup = await insert('made-by-dup', 'token:dup', 20);
      const bySystem = await insert('cli', 'system', 10);

      await migrate(db.pool);
      const { rows } = await db.pool.query(`SELECT id, user_id, created_by_token_id FROM api_tokens`);
      const owner = (id: string) => rows.find((r) => r.id === id);
      expect(owner(carols)).toMatchObject({ user_id: u[0].id, created_by_token_id: null });
      expect(owner(byCarols)).toMatchObject({ user_id: u[0].id, created_by_token_id: carols });
      expect(owner(byUnique)).toMatchObject({ user_id: null, created_by_token_id: unique });
      expect(owner(byDup)).toMatchObject({ user_id: null, created_by_token_id: null });
      expect(owner(bySystem)).toMatchObject({ user_id: null, created_by_token_id: null });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
