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
}

/** What /login shows as buttons, besides email and password. */
export function oauthProviders(cfg: Config): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET) out.push({ id: 'github', name: 'GitHub' });
  if (cfg.GOOGLE_ID && cfg.GOOGLE_SECRET) out.push({ id: 'google', name: 'Google' });
  if (cfg.OIDC_ISSUER && cfg.OIDC_ID && cfg.OIDC_SECRET) out.push({ id: 'oidc', name: 'Single sign-on' });
  return out;
}

export function buildAuthOptions(deps: { cfg: Config; users: Users; secret: string; settings: Pick<Settings, 'oauthNewUserRole'> }): NextAuthOptions {
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
        if (r.reason === 'paused') throw new Error(`Too many failed sign-ins for this email from your address. Try again in ${r.retryAfterS} seconds.`);
        if (r.reason === 'disabled') throw new Error('This account is disabled. Ask an admin.');
        throw new Error('Email or password is incorrect.');
      },
    }),
  ];
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: cfg.GITHUB_ID, clientSecret: cfg.GITHUB_SECRET }));
  if (cfg.GOOGLE_ID && cfg.GOOGLE_SECRET) providers.push(GoogleProvider({ clientId: cfg.GOOGLE_ID, clientSecret: cfg.GOOGLE_SECRET }));
  if (cfg.OIDC_ISSUER && cfg.OIDC_ID && cfg.OIDC_SECRET) {
    providers.push({
      id: 'oidc',
      name: 'Single sign-on',
      type: 'oauth',
      wellKnown: `${cfg.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: cfg.OIDC_ID,
      clientSecret: cfg.OIDC_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email, name: p.name }),
    });
  }

  return {
    secret: deps.secret,
    providers,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === 'credentials') return true;
        if (!user.email) return false;
        // The admin's setting (Admin → Settings) decides, read per sign-in; the env value is its initial default.
        const u = await users.findOrCreateOAuth(user.email, user.name ?? '', await deps.settings.oauthNewUserRole(), account.provider);
        return u ? true : '/login?error=AccessDenied';
      },
      // The token names the user and the session epoch; role and status are re-read on use, so
      // a role change, disable or sign-out-everywhere takes effect without waiting for expiry.
      async jwt({ token, user }) {
        if (user?.email) {
          const u = await users.sessionUserByEmail(user.email);
          if (u) Object.assign(token, { uid: u.id, role: u.role, epoch: u.sessionEpoch } satisfies SessionClaims);
        }
        return token;
      },
      async session({ session, token }) {
        const claims = token as unknown as Partial<SessionClaims>;
        return { ...session, user: { ...session.user, id: claims.uid, role: claims.role } };
      },
    },
  };
}
