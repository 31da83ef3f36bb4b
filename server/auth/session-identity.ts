import { decode } from 'next-auth/jwt';
import type { Identity } from './permissions.ts';
import type { SessionClaims } from './next-auth-options.ts';
import type { EndedSessions } from './ended-sessions.ts';
import type { Users } from './users.ts';

const COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];
// Revalidated against the users table this often: disable/role change/sign-out-everywhere apply within it.
const CACHE_MS = 10_000;

function parseCookies(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeCookieValue(part.slice(i + 1).trim()));
  }
  return out;
}

/** Any client can send any cookie: a malformed %-escape stays as sent (it then matches no session). */
function decodeCookieValue(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** next-auth splits large tokens into name.0, name.1, …; put them back together. */
function sessionToken(cookies: Map<string, string>): string | undefined {
  for (const name of COOKIE_NAMES) {
    if (cookies.has(name)) return cookies.get(name);
    let joined = '';
    for (let i = 0; cookies.has(`${name}.${i}`); i++) joined += cookies.get(`${name}.${i}`);
    if (joined) return joined;
  }
  return undefined;
}

/** Turns the next-auth session cookie into an Identity, for the REST API, websocket and pages. */
export class SessionResolver {
  private readonly cache = new Map<string, { identity: Identity | undefined; at: number }>();
  private readonly forgotten = new Set<() => void>();

  constructor(
    private readonly users: Users,
    private readonly secret: string,
    private readonly ended: EndedSessions,
  ) {}

  async fromCookieHeader(header: string | null | undefined): Promise<Identity | undefined> {
    if (!header) return undefined;
    const token = sessionToken(parseCookies(header));
    if (!token) return undefined;
    const hit = this.cache.get(token);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.identity;
    const identity = await this.resolve(token);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { identity, at: Date.now() });
    return identity;
  }

  /** Sessions may have ended (e.g. sign out everywhere): drop cached answers and tell listeners. */
  forget(): void {
    this.cache.clear();
    for (const listener of this.forgotten) listener();
  }

  /** E.g. the websocket endpoint re-checks open sockets at once instead of at its next interval. */
  onForget(listener: () => void): () => void {
    this.forgotten.add(listener);
    return () => this.forgotten.delete(listener);
  }

  private async resolve(token: string): Promise<Identity | undefined> {
    const claims = (await decode({ token, secret: this.secret }).catch(() => null)) as
      | (Partial<SessionClaims> & { exp?: number })
      | null;
    if (!claims?.uid || (claims.exp && claims.exp * 1000 < Date.now())) return undefined;
    // Cookies issued before sessions had ids carry none; they end with sign-out everywhere or expiry.
    if (claims.sid && (await this.ended.isEnded(claims.sid))) return undefined;
    const u = await this.users.sessionUser(claims.uid);
    if (!u || u.disabled || u.sessionEpoch !== claims.epoch) return undefined;
    return { kind: 'user', id: u.id, name: u.email, role: u.role, ingestOnly: false };
  }
}
