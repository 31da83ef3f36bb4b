import type { NextAuthOptions } from 'next-auth';
import credentialsModule from 'next-auth/providers/credentials';
import githubModule from 'next-auth/providers/github';
import googleModule from 'next-auth/providers/google';
import type { Config } from '../config.ts';
import { CLIENT_IP_HEADER } from '../services.ts';
import { LoginRateLimit } from './login-rate-limit.ts';
import type { Role } from './permissions.ts';
import type { Users } from './users.ts';
import type { Settings } from '../settings/settings.ts';
import crypto from 'node:crypto';
import type { EndedSessions } from './ended-sessions.ts';
import { githubUserinfo, OAUTH_REFUSAL_ERRORS, oauthSignInInput, oidcProvider } from './oauth-sign-in.ts';
import type { SessionResolver } from './session-identity.ts';

// next-auth ships CommonJS: Node's ESM loader (tsx) hands us { default: fn }, bundlers the fn itself.
const cjs = <T>(m: T): T => ((m as { default?: T }).default ?? m) as T;
const CredentialsProvider = cjs(credentialsModule);
const GitHubProvider = cjs(githubModule);
const GoogleProvider = cjs(googleModule);

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export interface SessionClaims {
  uid: string;
  role: Role;
  epoch: number;
  /** This session's id: signing out ends it (the cookie is refused even before it expires). */
  sid: string;
}

/** What /login shows as buttons, besides email and password. */
export function oauthProviders(cfg: Config): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET) out.push({ id: 'github', name: 'GitHub' });
  if (cfg.GOOGLE_ID && cfg.GOOGLE_SECRET) out.push({ id: 'google', name: 'Google' });
  if (cfg.OIDC_ISSUER && cfg.OIDC_ID && cfg.OIDC_SECRET) out.push({ id: 'oidc', name: 'Single sign-on' });
  return out;
}

export function buildAuthOptions(deps: {
  cfg: Config;
  users: Users;
  secret: string;
  settings: Pick<Settings, 'oauthNewUserRole'>;
  ended: EndedSessions;
  sessions: Pick<SessionResolver, 'forget'>;
}): NextAuthOptions {
  const { cfg, users } = deps;
  const limiter = new LoginRateLimit();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const ip = String(req?.headers?.[CLIENT_IP_HEADER] ?? '');
        if (!limiter.take(ip)) throw new Error('Too many sign-in attempts from this address. Wait a few minutes.');
        const email = String(credentials?.email ?? '').slice(0, 320);
        const password = String(credentials?.password ?? '').slice(0, 1000);
        if (!email || !password) throw new Error('Enter your email and password.');
        const r = await users.authenticate(email, password, ip);
        if (r.ok) return { id: r.user.id, email: r.user.email, name: r.user.name || r.user.email };
        // The same words whether or not the email exists ('disabled' only follows the right password).
        if (r.reason === 'paused')
          throw new Error(
            `Too many failed sign-ins for this email from your address. Try again in ${r.retryAfterS} seconds.`,
          );
        if (r.reason === 'disabled') throw new Error('This account is disabled. Ask an admin.');
        throw new Error('Email or password is incorrect.');
      },
    }),
  ];
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET)
    providers.push(
      GitHubProvider({ clientId: cfg.GITHUB_ID, clientSecret: cfg.GITHUB_SECRET, userinfo: githubUserinfo }),
    );
  if (cfg.GOOGLE_ID && cfg.GOOGLE_SECRET)
    providers.push(GoogleProvider({ clientId: cfg.GOOGLE_ID, clientSecret: cfg.GOOGLE_SECRET }));
  if (cfg.OIDC_ISSUER && cfg.OIDC_ID && cfg.OIDC_SECRET) providers.push(oidcProvider(cfg));

  return {
    secret: deps.secret,
    providers,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || account.provider === 'credentials') return true;
        if (!user.email) return `/login?error=${OAUTH_REFUSAL_ERRORS.no_email}`;
        // The admin's setting (Admin → Settings) decides, read per sign-in; the env value is its initial default.
        const input = oauthSignInInput(
          cfg,
          account.provider,
          { email: user.email, name: user.name },
          profile as Record<string, unknown> | undefined,
          await deps.settings.oauthNewUserRole(),
        );
        const r = await users.signInOAuth(input);
        return r.ok ? true : `/login?error=${OAUTH_REFUSAL_ERRORS[r.reason]}`;
      },
      // The token names the user and the session epoch; role and status are re-read on use, so
      // a role change, disable or sign-out-everywhere takes effect without waiting for expiry.
      async jwt({ token, user }) {
        if (user?.email) {
          const u = await users.sessionUserByEmail(user.email);
          if (u)
            Object.assign(token, {
              uid: u.id,
              role: u.role,
              epoch: u.sessionEpoch,
              sid: crypto.randomUUID(),
            } satisfies SessionClaims);
        }
        return token;
      },
      async session({ session, token }) {
        const claims = token as unknown as Partial<SessionClaims>;
        return { ...session, user: { ...session.user, id: claims.uid, role: claims.role } };
      },
    },
    events: {
      // The cookie is deleted in this browser; ending its id stops any copy of it working too.
      async signOut({ token }) {
        const claims = token as unknown as Partial<SessionClaims> & { exp?: number };
        const u = claims.uid ? await users.sessionUser(claims.uid) : null;
        // Already void (sign out everywhere just ran, or the account is disabled): nothing to end.
        if (!u || u.disabled || u.sessionEpoch !== claims.epoch) return;
        const actor = { kind: 'user', id: u.id, name: u.email, role: u.role, ingestOnly: false } as const;
        if (claims.sid) await deps.ended.end(claims.sid, actor, claims.exp);
        else await users.signOutEverywhere(u.id, actor);
        deps.sessions.forget();
      },
    },
  };
}
