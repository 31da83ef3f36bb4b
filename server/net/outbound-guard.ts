// Outbound connections to admin-configured targets (notification webhooks, SMTP) must not reach
// the Picket host itself, its private network or a cloud metadata service (169.254.169.254): an
// admin account, or a stolen admin session, would otherwise turn "send test" into a scanner of the
// inside. Every resolved address is checked, and the connection goes to the checked address (the
// check runs as the socket's DNS lookup), so a name re-resolving to an inside address between
// check and connect (DNS rebinding) gains nothing. PICKET_NOTIFY_ALLOW_PRIVATE turns this off.
import dns from 'node:dns';
import net from 'node:net';
import { isPrivateOrReserved } from './ip.ts';

export class ForbiddenTargetError extends Error {}

function refuse(host: string, address: string): ForbiddenTargetError {
  const what = host === address ? address : `${host} resolves to ${address}, which`;
  return new ForbiddenTargetError(`${what} is a private, loopback, link-local or reserved address`);
}

/** A host as written in a URL ("[::1]") to the form net.isIP reads ("::1"). */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Throws ForbiddenTargetError when `host` is an IP literal in a refused range (no lookup happens for those). */
export function assertLiteralAllowed(host: string): void {
  const ip = bare(host);
  if (net.isIP(ip) && isPrivateOrReserved(ip)) throw refuse(ip, ip);
}

/** net/http `lookup` option: resolves as dns.lookup does, but fails when any address is refused. */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const bad = addresses.find((a) => isPrivateOrReserved(a.address));
    if (bad || addresses.length === 0)
      return callback(refuse(hostname, bad?.address ?? '(nothing)') as NodeJS.ErrnoException, '', 0);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/** For clients that take an address rather than a lookup hook (SMTP): one checked address to connect to. */
export async function resolveAllowed(host: string): Promise<string> {
  const ip = bare(host);
  if (net.isIP(ip)) {
    assertLiteralAllowed(ip);
    return ip;
  }
  const addresses = await dns.promises.lookup(ip, { all: true });
  const bad = addresses.find((a) => isPrivateOrReserved(a.address));
  if (bad || addresses.length === 0) throw refuse(ip, bad?.address ?? '(nothing)');
  return addresses[0].address;
}
