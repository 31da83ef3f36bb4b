import { ROLES, type Role } from './permissions.ts';

/** What a sign-in may be given: a role, or `none` (refused). */
export type RolePolicy = Role | 'none';
export const ROLE_POLICIES = ['none', ...ROLES] as const satisfies readonly RolePolicy[];

/** Claim value → policy, plus the `*` entry applied when the claim matches nothing. */
export interface RoleMap {
  entries: ReadonlyMap<string, RolePolicy>;
  fallback?: RolePolicy;
}

const RANK: Record<RolePolicy, number> = { none: 0, viewer: 1, analyst: 2, admin: 3 };

/** Without PICKET_OIDC_ROLE_MAP the claim carries Picket's role names themselves. */
export const IDENTITY_ROLE_MAP: RoleMap = { entries: new Map(ROLES.map((r) => [r, r])) };

/**
 * Parses `picket-admins=admin,secops=analyst,*=viewer`. Entries are separated by commas, or by
 * semicolons when the text has any (group names such as LDAP DNs contain commas); the role follows
 * the last `=` of an entry, so names may contain `=` too.
 */
export function parseRoleMap(spec: string): RoleMap {
  const entries = new Map<string, RolePolicy>();
  let fallback: RolePolicy | undefined;
  const sep = spec.includes(';') ? ';' : ',';
  for (const raw of spec.split(sep)) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) throw new Error(`"${entry}" is not value=role`);
    const value = entry.slice(0, eq).trim();
    const role = entry.slice(eq + 1).trim();
    if (!(ROLE_POLICIES as readonly string[]).includes(role))
      throw new Error(`"${entry}": role must be one of ${ROLE_POLICIES.join(', ')}`);
    if (value === '*') {
      if (fallback !== undefined) throw new Error('"*" appears twice');
      fallback = role as RolePolicy;
    } else {
      if (entries.has(value)) throw new Error(`"${value}" appears twice`);
      entries.set(value, role as RolePolicy);
    }
  }
  if (entries.size === 0 && fallback === undefined) throw new Error('no value=role entry');
  return { entries, fallback };
}

/**
 * The claim's values: a string or an array of strings. The name is first taken whole (namespaced
 * claims such as `https://example.org/groups` contain dots), else as a dotted path
 * (`realm_access.roles`). Own properties only: claim names come from the provider.
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let v: unknown;
  if (Object.hasOwn(claims, name)) v = claims[name];
  else {
    v = claims;
    for (const part of name.split('.')) {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, part)) return [];
      v = (v as Record<string, unknown>)[part];
    }
  }
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export interface RoleDecision {
  role: RolePolicy;
  /** The claim values that decided it; empty when the `*` entry or the default applied. */
  matched: string[];
  source: 'claim' | 'map-fallback' | 'default';
}

/**
 * The role a sign-in gets from its claims. Several matching values: the most privileged wins (a
 * value mapped to `none` counts as a match that grants nothing). No match: the map's `*` entry,
 * else `defaultPolicy` (the new-user policy, which may be `none`).
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  claimName: string,
  map: RoleMap,
  defaultPolicy: RolePolicy,
): RoleDecision {
  const matched = claimValues(claims, claimName).filter((v) => map.entries.has(v));
  if (matched.length > 0) {
    let role: RolePolicy = 'none';
    for (const v of matched) {
      const r = map.entries.get(v)!;
      if (RANK[r] > RANK[role]) role = r;
    }
    return { role, matched: [...new Set(matched)], source: 'claim' };
  }
  if (map.fallback !== undefined) return { role: map.fallback, matched: [], source: 'map-fallback' };
  return { role: defaultPolicy, matched: [], source: 'default' };
}

/** `email_verified` as providers send it: a boolean, or the string "true" (some send strings). */
export function emailVerifiedClaim(claims: Record<string, unknown>): boolean {
  const v = Object.hasOwn(claims, 'email_verified') ? claims.email_verified : undefined;
  return v === true || v === 'true';
}
