import type { Provider } from 'next-auth/providers/index';
import type { UserinfoEndpointHandler } from 'next-auth/providers/oauth';
import type { Config } from '../config.ts';
import { emailVerifiedClaim, roleFromClaims, type RolePolicy } from './oidc-role-map.ts';
import type { OAuthRefusal, OAuthSignIn } from './users.ts';

type Claims = Record<string, unknown>;
// next-auth hands userinfo handlers openid-client's TokenSet (typed as its plain parameters).
type TokenSetLike = { access_token?: string; claims(): Claims };

/** Claims Picket reads; when the ID token lacks any of them, the userinfo endpoint is asked. */
export function needsUserinfo(idClaims: Claims, roleClaim: string | undefined): boolean {
  if (['email', 'email_verified', 'name'].some((k) => !Object.hasOwn(idClaims, k))) return true;
  // A role claim is a name (`groups`, `https://example.org/roles`) or a dotted path (`realm_access.roles`).
  return (
    roleClaim !== undefined && !Object.hasOwn(idClaims, roleClaim) && !Object.hasOwn(idClaims, roleClaim.split('.')[0])
  );
}

/**
 * The ID token's claims, completed from userinfo. Spec-conformant providers put email, name and
 * groups only at the userinfo endpoint when an access token is issued; others put them in the ID
 * token too. The signed ID token wins where both have a claim; openid-client refuses a userinfo
 * answer about another subject.
 */
export function mergeClaims(idClaims: Claims, userinfo: Claims): Claims {
  return { ...userinfo, ...idClaims };
}

/** The generic OpenID Connect provider (OIDC_ISSUER/ID/SECRET). */
export function oidcProvider(cfg: Config): Provider {
  const roleClaim = cfg.oidcRoles?.claim;
  return {
    id: 'oidc',
    name: 'Single sign-on',
    type: 'oauth',
    wellKnown: `${cfg.OIDC_ISSUER!.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: cfg.OIDC_ID,
    clientSecret: cfg.OIDC_SECRET,
    authorization: { params: { scope: cfg.PICKET_OIDC_SCOPES.trim().split(/\s+/).join(' ') } },
    idToken: true,
    checks: ['pkce', 'state'],
    userinfo: {
      async request({ tokens, client }) {
        const idClaims = (tokens as unknown as TokenSetLike).claims();
        if (!needsUserinfo(idClaims, roleClaim)) return idClaims;
        // Passing the whole token set makes openid-client check that userinfo's `sub` is the ID token's.
        return mergeClaims(idClaims, await client.userinfo(tokens as never));
      },
    } satisfies UserinfoEndpointHandler,
    profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email, name: p.name }),
  };
}

/** GitHub's /user/emails answer: the primary address if GitHub verified it, else any verified one. */
export function githubEmail(emails: unknown): { email: string; verified: boolean } | undefined {
  if (!Array.isArray(emails)) return undefined;
  const list = (emails as unknown[]).filter(
    (e): e is { email: string; primary?: boolean; verified?: boolean } =>
      typeof (e as { email?: unknown } | null)?.email === 'string',
  );
  const pick = list.find((e) => e.primary && e.verified) ?? list.find((e) => e.verified) ?? list.find((e) => e.primary);
  return pick && { email: pick.email, verified: pick.verified === true };
}

/** GitHub's profile says nothing of verification: take the address from /user/emails, which does. */
export const githubUserinfo: UserinfoEndpointHandler = {
  url: 'https://api.github.com/user',
  async request({ client, tokens }) {
    const profile = await client.userinfo(tokens.access_token!);
    const res = await fetch('https://api.github.com/user/emails', {
      headers: { Authorization: `token ${tokens.access_token}`, Accept: 'application/vnd.github+json' },
    });
    const chosen = res.ok ? githubEmail(await res.json()) : undefined;
    return { ...profile, email: chosen?.email, email_verified: chosen?.verified ?? false };
  },
};

/** What Users.signInOAuth needs, from the provider's claims and this instance's settings. */
export function oauthSignInInput(
  cfg: Config,
  provider: string,
  user: { email: string; name?: string | null },
  profile: Claims | undefined,
  newUserRole: RolePolicy,
): OAuthSignIn {
  const claims = profile ?? {};
  const trusted = provider === 'oidc' && cfg.PICKET_OIDC_TRUST_EMAIL;
  const input: OAuthSignIn = {
    email: user.email,
    name: user.name ?? '',
    emailVerified: trusted || emailVerifiedClaim(claims),
    provider,
    newUserRole,
  };
  if (provider === 'oidc' && cfg.oidcRoles) {
    const d = roleFromClaims(claims, cfg.oidcRoles.claim, cfg.oidcRoles.map, newUserRole);
    input.role = d.role;
    input.roleSource = `oidc claim ${cfg.oidcRoles.claim}: ${d.source === 'claim' ? d.matched.join(', ') : d.source === 'map-fallback' ? 'no match, *' : 'no match, default'}`;
  }
  return input;
}

/** /login?error= codes; the login page turns them into sentences. */
export const OAUTH_REFUSAL_ERRORS: Record<OAuthRefusal | 'no_email', string> = {
  unverified_email: 'EmailNotVerified',
  disabled: 'AccountDisabled',
  no_role: 'AccessDenied',
  last_admin: 'LastAdmin',
  no_email: 'EmailMissing',
};
