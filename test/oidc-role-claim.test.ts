// The OIDC role claim: PICKET_OIDC_ROLE_MAP parsing, claim → role, and what Users.signInOAuth does
// with it on a real database (re-applied at each sign-in, audited, `none` refused, the last admin kept).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema.ts';
import { loadConfig as loadConfigFrom } from '../server/config.ts';
import { needsUserinfo, mergeClaims, oauthSignInInput, githubEmail } from '../server/auth/oauth-sign-in.ts';
import { claimValues, IDENTITY_ROLE_MAP, parseRoleMap, roleFromClaims } from '../server/auth/oidc-role-map.ts';
import { Users, type OAuthSignIn } from '../server/auth/users.ts';
import { createDb, type Db } from '../server/db/drizzle.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

/** A Config from these variables alone (not this process's environment). */
const loadConfig = (env: Record<string, string>) => loadConfigFrom({ NODE_ENV: 'test', ...env });

const MAP = parseRoleMap('picket-admins=admin, secops=analyst, contractors=none, *=viewer');

describe('PICKET_OIDC_ROLE_MAP', () => {
  it('parses value=role entries with a * fallback', () => {
    expect([...MAP.entries]).toEqual([
      ['picket-admins', 'admin'],
      ['secops', 'analyst'],
      ['contractors', 'none'],
    ]);
    expect(MAP.fallback).toBe('viewer');
  });

  it('takes semicolons when group names contain commas, and the role after the last =', () => {
    const m = parseRoleMap('CN=Picket Admins,OU=Groups,DC=example,DC=org=admin; CN=SOC,DC=example,DC=org=analyst');
    expect(m.entries.get('CN=Picket Admins,OU=Groups,DC=example,DC=org')).toBe('admin');
    expect(m.entries.get('CN=SOC,DC=example,DC=org')).toBe('analyst');
    expect(m.fallback).toBeUndefined();
  });

  it('refuses what it cannot mean, naming the entry', () => {
    expect(() => parseRoleMap('admins=root')).toThrow(
      /"admins=root": role must be one of none, viewer, analyst, admin/,
    );
    expect(() => parseRoleMap('admins')).toThrow(/not value=role/);
    expect(() => parseRoleMap('=admin')).toThrow(/not value=role/);
    expect(() => parseRoleMap('a=admin,a=viewer')).toThrow(/"a" appears twice/);
    expect(() => parseRoleMap(' , ')).toThrow(/no value=role/);
  });

  it('is checked when the configuration loads', () => {
    expect(() => loadConfig({ PICKET_OIDC_ROLE_CLAIM: 'groups', PICKET_OIDC_ROLE_MAP: 'x=superuser' })).toThrow(
      /PICKET_OIDC_ROLE_MAP: "x=superuser"/,
    );
    expect(() => loadConfig({ PICKET_OIDC_ROLE_MAP: 'x=admin' })).toThrow(/needs PICKET_OIDC_ROLE_CLAIM/);
    expect(() => loadConfig({ PICKET_OIDC_SCOPES: 'email profile' })).toThrow(/must include openid/);
    const cfg = loadConfig({ PICKET_OIDC_ROLE_CLAIM: 'roles' });
    expect(cfg.oidcRoles).toEqual({ claim: 'roles', map: IDENTITY_ROLE_MAP });
    expect(loadConfig({}).oidcRoles).toBeUndefined();
  });
});

describe('role from claims', () => {
  it('gives the most privileged match; a value mapped to none grants nothing', () => {
    expect(roleFromClaims({ groups: ['staff', 'secops', 'picket-admins'] }, 'groups', MAP, 'none')).toEqual({
      role: 'admin',
      matched: ['secops', 'picket-admins'],
      source: 'claim',
    });
    expect(roleFromClaims({ groups: 'secops' }, 'groups', MAP, 'none')).toMatchObject({ role: 'analyst' });
    expect(roleFromClaims({ groups: ['contractors'] }, 'groups', MAP, 'viewer')).toEqual({
      role: 'none',
      matched: ['contractors'],
      source: 'claim',
    });
    expect(roleFromClaims({ groups: ['contractors', 'secops'] }, 'groups', MAP, 'viewer')).toMatchObject({
      role: 'analyst',
    });
  });

  it('falls back to the * entry, else to the default policy (which may refuse)', () => {
    expect(roleFromClaims({ groups: ['staff'] }, 'groups', MAP, 'none')).toEqual({
      role: 'viewer',
      matched: [],
      source: 'map-fallback',
    });
    const noStar = parseRoleMap('picket-admins=admin');
    expect(roleFromClaims({ groups: ['staff'] }, 'groups', noStar, 'none')).toEqual({
      role: 'none',
      matched: [],
      source: 'default',
    });
    expect(roleFromClaims({}, 'groups', noStar, 'analyst')).toEqual({
      role: 'analyst',
      matched: [],
      source: 'default',
    });
  });

  it('reads namespaced names whole, dotted paths by own keys only, and ignores non-strings', () => {
    expect(claimValues({ 'https://example.org/roles': ['a'] }, 'https://example.org/roles')).toEqual(['a']);
    expect(claimValues({ realm_access: { roles: ['admin', 7, null, 'viewer'] } }, 'realm_access.roles')).toEqual([
      'admin',
      'viewer',
    ]);
    const hostile = JSON.parse('{"__proto__": {"roles": ["admin"]}, "groups": {"length": 1, "0": "picket-admins"}}');
    expect(claimValues(hostile, '__proto__.roles')).toEqual(['admin']); // an own key named __proto__ from JSON, no prototype walk
    expect(claimValues({}, 'constructor.name')).toEqual([]);
    expect(claimValues({}, 'toString')).toEqual([]);
    expect(claimValues(hostile, 'groups')).toEqual([]);
    expect(roleFromClaims({}, 'constructor', parseRoleMap('Object=admin'), 'none').role).toBe('none');
  });
});

describe('claims from the ID token and userinfo', () => {
  it('asks userinfo only when the ID token lacks a claim Picket reads', () => {
    const full = { sub: 's', email: 'a@example.org', email_verified: true, name: 'A', groups: [] };
    expect(needsUserinfo(full, 'groups')).toBe(false);
    expect(needsUserinfo({ sub: 's' }, undefined)).toBe(true);
    expect(needsUserinfo({ ...full, groups: undefined, realm_access: {} }, 'realm_access.roles')).toBe(false);
    const { groups: _g, ...noGroups } = full;
    expect(needsUserinfo(noGroups, 'groups')).toBe(true);
    expect(needsUserinfo(noGroups, undefined)).toBe(false);
  });

  it('keeps the signed ID token claim where both have one', () => {
    expect(
      mergeClaims({ sub: 's', email_verified: false }, { sub: 's', email: 'a@example.org', email_verified: true }),
    ).toEqual({ sub: 's', email: 'a@example.org', email_verified: false });
  });

  it("takes GitHub's verified primary address, else a verified one, else marks it unverified", () => {
    expect(
      githubEmail([
        { email: 'x@example.org', primary: true, verified: false },
        { email: 'y@example.org', verified: true },
      ]),
    ).toEqual({ email: 'y@example.org', verified: true });
    expect(
      githubEmail([
        { email: 'p@example.org', primary: true, verified: true },
        { email: 'y@example.org', verified: true },
      ]),
    ).toEqual({ email: 'p@example.org', verified: true });
    expect(githubEmail([{ email: 'x@example.org', primary: true }])).toEqual({
      email: 'x@example.org',
      verified: false,
    });
    expect(githubEmail({ message: 'Bad credentials' })).toBeUndefined();
  });

  it('counts email_verified "true" (a string, as some providers send it), and an operator-trusted provider', () => {
    const cfg = loadConfig({});
    const user = { email: 'a@example.org', name: 'A' };
    expect(oauthSignInInput(cfg, 'oidc', user, { email_verified: 'true' }, 'viewer').emailVerified).toBe(true);
    expect(oauthSignInInput(cfg, 'oidc', user, { email_verified: 'false' }, 'viewer').emailVerified).toBe(false);
    expect(oauthSignInInput(cfg, 'oidc', user, {}, 'viewer').emailVerified).toBe(false);
    expect(
      oauthSignInInput(loadConfig({ PICKET_OIDC_TRUST_EMAIL: 'true' }), 'oidc', user, {}, 'viewer').emailVerified,
    ).toBe(true);
    // Trust is for the operator's own OIDC provider only.
    expect(
      oauthSignInInput(loadConfig({ PICKET_OIDC_TRUST_EMAIL: 'true' }), 'github', user, {}, 'viewer').emailVerified,
    ).toBe(false);
  });
});

describe('Users.signInOAuth with roles from the claim', () => {
  let tdb: TestDatabase;
  let db: Db;
  let users: Users;
  let rootId: string;
  const cfg = loadConfig({
    PICKET_OIDC_ROLE_CLAIM: 'groups',
    PICKET_OIDC_ROLE_MAP: 'picket-admins=admin,secops=analyst',
  });
  const input = (email: string, groups: string[], newUserRole: 'viewer' | 'none' = 'viewer'): OAuthSignIn =>
    oauthSignInInput(cfg, 'oidc', { email, name: email.split('@')[0] }, { email_verified: true, groups }, newUserRole);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = createDb(tdb.pool);
    users = new Users(db);
    rootId = (
      await users.create({ email: 'root@example.org', role: 'admin', password: 'a-long-enough-password' }, 'system')
    ).user.id;
  });
  afterAll(() => tdb?.drop());

  const auditFor = (id: string) => db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.id);

  it('creates with the claimed role, re-applies it at each sign-in and audits every change', async () => {
    const first = await users.signInOAuth(input('Dana@Example.org', ['picket-admins']));
    expect(first).toMatchObject({ ok: true, user: { email: 'dana@example.org', role: 'admin', version: 1 } });
    const id = first.ok ? first.user.id : '';
    expect(await users.signInOAuth(input('dana@example.org', ['picket-admins', 'secops']))).toMatchObject({
      ok: true,
      user: { role: 'admin', version: 1 },
    });
    expect(await users.signInOAuth(input('dana@example.org', ['secops']))).toMatchObject({
      ok: true,
      user: { role: 'analyst', version: 2 },
    });
    // No matching group and no * entry: the default policy.
    expect(await users.signInOAuth(input('dana@example.org', ['staff']))).toMatchObject({
      ok: true,
      user: { role: 'viewer', version: 3 },
    });
    const entries = (await auditFor(id)).map((e) => [e.action, e.diff]);
    expect(entries).toEqual([
      ['user.create', { email: 'dana@example.org', role: 'admin', via: 'oidc claim groups: picket-admins' }],
      ['auth.login.success', { email: 'dana@example.org', via: 'oidc' }],
      ['auth.login.success', { email: 'dana@example.org', via: 'oidc' }],
      ['user.update', { role: ['admin', 'analyst'], via: 'oidc claim groups: secops' }],
      ['auth.login.success', { email: 'dana@example.org', via: 'oidc' }],
      ['user.update', { role: ['analyst', 'viewer'], via: 'oidc claim groups: no match, default' }],
      ['auth.login.success', { email: 'dana@example.org', via: 'oidc' }],
    ]);
  });

  it('refuses a sign-in whose claim gives no role (default none), leaving the account as it was', async () => {
    expect(await users.signInOAuth(input('erin@example.org', ['staff'], 'none'))).toEqual({
      ok: false,
      reason: 'no_role',
    });
    expect(await users.sessionUserByEmail('erin@example.org')).toBeNull();
    await users.signInOAuth(input('erin@example.org', ['secops'], 'none'));
    expect(await users.signInOAuth(input('erin@example.org', [], 'none'))).toEqual({ ok: false, reason: 'no_role' });
    expect(await users.sessionUserByEmail('erin@example.org')).toMatchObject({ role: 'analyst' });
  });

  it('never links or creates from an unverified email, and keeps the last active admin', async () => {
    const unverified = { ...input('root@example.org', ['secops']), emailVerified: false };
    expect(await users.signInOAuth(unverified)).toEqual({ ok: false, reason: 'unverified_email' });
    expect(await users.signInOAuth({ ...unverified, email: 'fresh@example.org' })).toEqual({
      ok: false,
      reason: 'unverified_email',
    });
    expect(await users.sessionUserByEmail('fresh@example.org')).toBeNull();
    // root is the only admin left (dana was demoted above): her groups may not demote her.
    expect(await users.signInOAuth(input('root@example.org', ['secops']))).toEqual({ ok: false, reason: 'last_admin' });
    expect(await users.get(rootId)).toMatchObject({ role: 'admin', version: 1 });
    await users.signInOAuth(input('dana@example.org', ['picket-admins']));
    expect(await users.signInOAuth(input('root@example.org', ['secops']))).toMatchObject({
      ok: true,
      user: { role: 'analyst' },
    });
  });
});
