import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  /** Left out: the provider sends no email_verified claim at all. */
  email_verified?: boolean;
  name: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Requests the provider answered, by path (e.g. how often /me, the userinfo endpoint, was asked). */
  hits: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on loopback, with its development login and consent pages
 * (any password is accepted for a known login name). `claimsInIdToken: false` is its default,
 * spec-conformant mode: the ID token carries only `sub`, and email, name and groups are at the
 * userinfo endpoint. `true` puts them in the ID token too, as many providers do.
 */
export async function startOidcProvider(opts: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  claimsInIdToken: boolean;
}): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'picket-test';
  const clientSecret = 'picket-test-client-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    conformIdTokenClaims: !opts.claimsInIdToken,
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx: unknown, id: string) {
      if (!Object.hasOwn(opts.accounts, id)) return undefined;
      const account = opts.accounts[id];
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
  });
  const hits = new Map<string, number>();
  const callback = provider.callback();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    void callback(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
