// The bridge between the custom server (run by tsx) and Next's compiled route handlers: both live
// in one process but load separate module graphs, so shared singletons go through globalThis.
// Route handlers import only this file, keeping pg & co out of the Next bundle.
import type { NextAuthOptions } from 'next-auth';
import type { Identity } from './auth/permissions.ts';
import type { RestRouter } from './http/v1/router.ts';

export interface SharedServices {
  rest: RestRouter;
  version: string;
  authOptions: NextAuthOptions;
  /** The signed-in identity behind a Cookie header (re-checked against the users table). */
  sessionIdentity(cookieHeader: string | null | undefined): Promise<Identity | undefined>;
  /** OAuth/OIDC providers configured, for /login's buttons. */
  oauthProviders: Array<{ id: string; name: string }>;
  /** PICKET_DEV_PROBES: test-only probes (the realtime change feed under /incidents) are rendered. */
  devProbes?: boolean;
  /** PICKET_EVIDENCE_MAX_BYTES, so the evidence upload form can state the limit before a 413. */
  evidenceMaxBytes?: number;
}

const KEY = Symbol.for('picket.services');
type Holder = { [KEY]?: SharedServices };

export function setSharedServices(s: SharedServices | undefined): void {
  (globalThis as Holder)[KEY] = s;
}

export function sharedServices(): SharedServices {
  const s = (globalThis as Holder)[KEY];
  if (!s) throw new Error('Picket services are not started (run through server.ts, not `next start`)');
  return s;
}

/** Header the custom server sets to the socket's address (any client-sent value is dropped first). */
export const CLIENT_IP_HEADER = 'x-picket-client-ip';
