// What may go on the watchlist and the block lists, normalized once here so matching at ingest can
// compare exact strings. Block lists follow MozDef's blockip/blockfqdn: fixed durations, and
// addresses that are not public unicast are refused (blocking them would cut off our own network).
import { isPrivateOrReserved, parseCidrList, parseIp, type CidrList } from '../net/ip.ts';
import { AppError } from '../errors/app-error.ts';

export type WatchList = 'watchlist' | 'blockip' | 'blockfqdn';
export type WatchType = 'ip' | 'cidr' | 'domain' | 'username' | 'hash';
export type HashType = 'md5' | 'sha1' | 'sha256';

/** MozDef's blockip durations, plus permanent. */
export const BLOCK_DURATIONS = ['1h', '12h', '1d', '2d', '3d', '7d', '14d', '30d', 'permanent'] as const;
export type BlockDuration = (typeof BLOCK_DURATIONS)[number];

/** Longest block an alert action may ask for, in hours (30 days, MozDef's longest duration). */
export const MAX_BLOCK_HOURS = 720;

const HOUR = 3_600_000;
const DURATION_MS: Record<BlockDuration, number | null> = {
  '1h': HOUR,
  '12h': 12 * HOUR,
  '1d': 24 * HOUR,
  '2d': 48 * HOUR,
  '3d': 72 * HOUR,
  '7d': 7 * 24 * HOUR,
  '14d': 14 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
  permanent: null,
};

export function durationExpiry(d: BlockDuration, now: number): string | null {
  const ms = DURATION_MS[d];
  return ms === null ? null : new Date(now + ms).toISOString();
}

export class WatchInputError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}

export interface NormalizedValue {
  type: WatchType;
  value: string;
  hashType: HashType | null;
}

const HASH_LEN: Record<number, HashType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** RFC 1123 host name with at least two labels; a leading "*." is not accepted (exact names only). */
export function normalizeDomain(raw: string): string | null {
  let d = raw.trim().toLowerCase();
  if (d.endsWith('.')) d = d.slice(0, -1);
  if (d.length === 0 || d.length > 253) return null;
  const labels = d.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((l) => LABEL.test(l))) return null;
  // A name made only of digits and dots is an IP address, not a domain.
  if (/^[0-9.]+$/.test(d)) return null;
  return d;
}

/** "10.1.2.3/8" → "10.0.0.0/8"; null when not a CIDR. */
export function normalizeCidr(
  raw: string,
): { value: string; first: string; last: string; prefix: number; version: 4 | 6 } | null {
  const s = raw.trim();
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIp(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText) || s.slice(0, slash).includes('::ffff:')) return null;
  const prefix = Number(prefixText);
  if (ip.version === 4) {
    if (prefix > 32) return null;
    const v = ipv4ToInt(ip.normalized);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const net = (v & mask) >>> 0;
    const last = (net | (~mask >>> 0)) >>> 0;
    return { value: `${intToIpv4(net)}/${prefix}`, first: intToIpv4(net), last: intToIpv4(last), prefix, version: 4 };
  }
  if (prefix > 128) return null;
  const words = ipv6Words(ip.normalized);
  const first = words.slice();
  const last = words.slice();
  let bits = prefix;
  for (let i = 0; i < 8; i++, bits -= 16) {
    const keep = bits >= 16 ? 0xffff : bits <= 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    first[i] = words[i] & keep;
    last[i] = (words[i] & keep) | (~keep & 0xffff);
  }
  const firstText = parseIp(first.map((w) => w.toString(16)).join(':'))!.normalized;
  const lastText = parseIp(last.map((w) => w.toString(16)).join(':'))!.normalized;
  return { value: `${firstText}/${prefix}`, first: firstText, last: lastText, prefix, version: 6 };
}

/** A normalized dotted quad as a uint32; a char loop, since it runs for every address an event carries. */
export function ipv4ToInt(dotted: string): number {
  let v = 0;
  let octet = 0;
  for (let i = 0; i < dotted.length; i++) {
    const c = dotted.charCodeAt(i);
    if (c === 46) {
      v = v * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return (v * 256 + octet) >>> 0;
}

export function intToIpv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Eight 16-bit words of a normalized IPv6 address. */
export function ipv6Words(normalized: string): number[] {
  const [head, tail] = normalized.includes('::') ? normalized.split('::') : [normalized, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => parseInt(x, 16));
}

/** Validates and normalizes a watch value of the given type; throws WatchInputError with a clear message. */
export function normalizeWatchValue(type: WatchType, raw: string): NormalizedValue {
  const s = raw.trim();
  if (s === '') throw new WatchInputError('value: must not be empty');
  if (s.length > 512) throw new WatchInputError('value: at most 512 characters');
  switch (type) {
    case 'ip': {
      const ip = parseIp(s);
      if (!ip || s.includes('/')) throw new WatchInputError(`value: "${s}" is not an IPv4 or IPv6 address`);
      return { type, value: ip.normalized, hashType: null };
    }
    case 'cidr': {
      const c = normalizeCidr(s);
      if (!c) throw new WatchInputError(`value: "${s}" is not a CIDR like 203.0.113.0/24`);
      return { type, value: c.value, hashType: null };
    }
    case 'domain': {
      const d = normalizeDomain(s);
      if (!d) throw new WatchInputError(`value: "${s}" is not a valid domain name (like example.com)`);
      return { type, value: d, hashType: null };
    }
    case 'username':
      // Usernames compare case-insensitively: shippers disagree on case (ALICE vs alice).
      return { type, value: s.toLowerCase(), hashType: null };
    case 'hash': {
      const h = s.toLowerCase();
      const hashType = HASH_LEN[h.length];
      if (!/^[0-9a-f]+$/.test(h) || !hashType)
        throw new WatchInputError('value: a hash is 32 (md5), 40 (sha1) or 64 (sha256) hex digits');
      return { type, value: h, hashType };
    }
  }
}

/**
 * Checks an IP or CIDR for the block list. Refused: anything whose first or last address is not
 * public unicast (private, loopback, link-local, CGNAT, multicast, documentation…), networks wider
 * than /8 (IPv4) or /32 (IPv6), and anything overlapping Picket's own trusted ingest CIDRs.
 */
export function checkBlockableIp(raw: string, trusted: readonly string[]): NormalizedValue {
  const s = raw.trim();
  const isCidr = s.includes('/');
  const v = normalizeWatchValue(isCidr ? 'cidr' : 'ip', s);
  const c = isCidr ? normalizeCidr(v.value)! : null;
  const first = c ? c.first : v.value;
  const last = c ? c.last : v.value;
  if (c && ((c.version === 4 && c.prefix < 8) || (c.version === 6 && c.prefix < 32))) {
    throw new WatchInputError(`value: ${v.value} is too wide to block (at most /8 for IPv4, /32 for IPv6)`);
  }
  if (isPrivateOrReserved(first) || isPrivateOrReserved(last)) {
    throw new WatchInputError(
      `value: ${v.value} is a private, loopback, link-local or reserved address and cannot be blocked`,
    );
  }
  const trustedList: CidrList = parseCidrList(trusted);
  const blockList = parseCidrList([v.value]);
  const overlapsTrusted =
    trustedList.contains(first) ||
    trustedList.contains(last) ||
    trusted.some((t) => blockList.contains(t.split('/')[0].trim()));
  if (overlapsTrusted)
    throw new WatchInputError(`value: ${v.value} overlaps Picket's trusted ingest sources and cannot be blocked`);
  return v;
}
