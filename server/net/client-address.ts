// The address a request came from. Behind a reverse proxy the socket peer is the proxy, and the
// client's address is only in X-Forwarded-For, which anyone can send. So the header is read only
// when the peer is a configured trusted proxy (PICKET_TRUSTED_PROXIES), and then right to left:
// each trusted proxy appends the address it saw, so the first entry from the right that is not a
// trusted proxy is the client. Entries left of it were written by the client and are ignored.
import type { IncomingMessage } from 'node:http';
import { parseCidrList, parseIp, splitHostPort, type CidrList } from './ip.ts';

// An unparseable hop is reported as is (cut short): it matches no CIDR, so it is never "trusted".
const MAX_REPORTED = 64;

function hopAddress(hop: string): string | null {
  const { host } = splitHostPort(hop);
  return parseIp(host)?.normalized ?? null;
}

export function clientAddress(
  peer: string,
  forwardedFor: string | readonly string[] | undefined,
  proxies: CidrList,
): string {
  if (proxies.size === 0 || forwardedFor === undefined || !proxies.contains(peer)) return peer;
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(','))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = hopAddress(hops[i]);
    if (ip === null) return hops[i].slice(0, MAX_REPORTED);
    client = ip;
    if (!proxies.contains(ip)) return ip;
  }
  // Every hop is a trusted proxy: the leftmost one is as far as the chain is known.
  return client;
}

/** Resolves each request's client address with the configured trusted proxies (none by default). */
export class ClientAddresses {
  private readonly proxies: CidrList;

  constructor(trustedProxies: readonly string[]) {
    this.proxies = parseCidrList(trustedProxies);
  }

  readonly of = (req: IncomingMessage): string =>
    clientAddress(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], this.proxies);
}
