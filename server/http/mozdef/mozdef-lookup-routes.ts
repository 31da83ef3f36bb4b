// MozDef's POST /ipwhois and /ipdshieldquery ({"ipaddress": "…"}). MozDef asked whois servers and
// DShield over the internet; Picket makes no outbound call unless told to:
// - /ipwhois answers from the bundled GeoLite2 city data (country, region, city, postal code), in
//   the ipwhois result's shape; the ASN fields are null (no ASN database ships as an npm mmdb), and
//   fqdn is the address itself (no reverse DNS).
// - /ipdshieldquery asks PICKET_DSHIELD_API_URL when it is set, and answers 501 otherwise.
import { isPrivateOrReserved, parseIp } from '../../net/ip.ts';
import { normalizeCidr } from '../../watchlist/watch-values.ts';
import type { GeoIpLookup } from '../../workers/plugins/geoip.ts';
import { AppError } from '../../errors/app-error.ts';
import { json, type RouteDef } from '../v1/router.ts';
import { FAULT_WORDS, readObjectBody } from './mozdef-form.ts';

const DSHIELD_TIMEOUT_MS = 10_000;
const DSHIELD_MAX_BYTES = 1024 * 1024;

export interface LookupDeps {
  /** Opens the bundled GeoIP data (shared with enrichment); rejects when it is unavailable. */
  geoip: () => Promise<GeoIpLookup>;
  dshieldUrl?: string;
  userAgent: string;
}

/** MozDef's isIPv4: an IPv4 address or network (quotes stripped); the first address is looked up. */
async function ipv4Of(req: Request): Promise<string> {
  const read = await readObjectBody(req);
  if (!read.ok && read.fault !== 'shape') throw new AppError('bad_request', FAULT_WORDS[read.fault]);
  const raw = read.ok ? read.body.get('ipaddress') : undefined;
  if (typeof raw !== 'string') throw new AppError('bad_request', 'ipaddress: required, an IPv4 address');
  const s = raw.trim().replace(/^['"]|['"]$/g, '');
  const c = s.includes('/') ? normalizeCidr(s) : null;
  const ip = c ? c.first : s;
  if (parseIp(ip)?.version !== 4 || (c && c.version !== 4))
    throw new AppError('bad_request', `ipaddress: "${raw.slice(0, 100)}" is not an IPv4 address`);
  return parseIp(ip)!.normalized;
}

async function ipWhois(deps: LookupDeps, req: Request): Promise<unknown> {
  const ip = await ipv4Of(req);
  // MozDef answered only fqdn for private, loopback and reserved addresses.
  if (isPrivateOrReserved(ip)) return { fqdn: ip };
  const geo = await deps.geoip().catch(() => {
    throw new AppError('unavailable', 'the bundled GeoIP data could not be opened; whois lookups are unavailable');
  });
  const g = geo.lookup(ip);
  const net = {
    cidr: null,
    name: null,
    handle: null,
    range: null,
    description: null,
    country: g?.country_code ?? null,
    state: g?.region ?? null,
    city: g?.city ?? null,
    address: null,
    postal_code: g?.postal_code ?? null,
    emails: null,
    created: null,
    updated: null,
  };
  return {
    nir: null,
    asn_registry: null,
    asn: null,
    asn_cidr: null,
    asn_country_code: g?.country_code ?? null,
    asn_date: null,
    asn_description: null,
    query: ip,
    nets: g ? [net] : [],
    raw: null,
    referral: null,
    raw_referral: null,
    fqdn: ip,
    picket: {
      source: 'offline: bundled GeoLite2 city data',
      unavailable: ['asn', 'registry and network owner (no outbound whois)', 'reverse DNS'],
    },
  };
}

async function dshield(deps: LookupDeps, req: Request): Promise<Response> {
  const ip = await ipv4Of(req);
  if (!deps.dshieldUrl) {
    throw new AppError(
      'not_implemented',
      'DShield lookups ask isc.sans.edu over the internet; Picket makes no outbound calls unless PICKET_DSHIELD_API_URL is set (e.g. https://isc.sans.edu/api/ip/)',
    );
  }
  let res: globalThis.Response;
  try {
    res = await fetch(`${deps.dshieldUrl}${encodeURIComponent(ip)}?json`, {
      headers: { 'User-Agent': deps.userAgent, Accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(DSHIELD_TIMEOUT_MS),
    });
  } catch (err) {
    throw new AppError('bad_gateway', `DShield did not answer: ${(err as Error).message}`);
  }
  const text = await res.text();
  // The client's request was fine: DShield rate limiting stays a 429, any other failure there is a bad gateway here.
  if (!res.ok)
    throw new AppError(res.status === 429 ? 'rate_limited' : 'bad_gateway', `DShield answered ${res.status}`);
  if (text.length > DSHIELD_MAX_BYTES) throw new AppError('bad_gateway', 'DShield answered more than 1 MiB');
  try {
    return json(200, JSON.parse(text));
  } catch {
    throw new AppError('bad_gateway', 'DShield answered something other than JSON');
  }
}

export function mozdefLookupRoutes(deps: LookupDeps): RouteDef[] {
  return [
    { method: 'POST', path: '/ipwhois', permission: 'events:read', handler: ({ req }) => ipWhois(deps, req) },
    { method: 'POST', path: '/ipdshieldquery', permission: 'events:read', handler: ({ req }) => dshield(deps, req) },
  ];
}
