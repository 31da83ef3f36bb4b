// IP parsing, classification and CIDR matching. Hand-written parsers rather than node:net because the
// enrich stage calls these several times per event and needs the numeric form, not just a yes/no.

export type IpVersion = 4 | 6;

export interface ParsedIp {
  version: IpVersion;
  /** Dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed, zone id dropped). */
  normalized: string;
}

export interface CidrList {
  /** True when ip (any form parseIp accepts) falls in one of the entries. Unparseable input: false. */
  contains(ip: string): boolean;
  readonly size: number;
}

// Scratch buffer for IPv6 words: parsing is synchronous, so one buffer is safe and saves an allocation.
const words = new Uint16Array(8);

/** Strict dotted quad (no leading zeros, like node:net) in s[start, end): uint32, or -1. */
export function parseV4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      // Leading zeros are ambiguous (octal in inet_aton), so reject them as node:net does.
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Fills `words` from an IPv6 literal in s[0, end); false when malformed. */
function parseV6(s: string, end: number): boolean {
  let n = 0; // words written before '::' (or in total when there is none)
  let gap = -1; // index in `words` where '::' sits
  let i = 0;
  if (end < 2) return false;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === end) {
      words.fill(0);
      return true;
    }
  }
  while (i < end) {
    if (n === 8) return false;
    const groupStart = i;
    let value = 0;
    let c = 0;
    while (i < end && i - groupStart < 5) {
      c = s.charCodeAt(i);
      const h = hexValue(c);
      if (h < 0) break;
      value = value * 16 + h;
      i++;
    }
    const len = i - groupStart;
    if (i < end && c === 46) {
      // Embedded IPv4 tail (::ffff:1.2.3.4): takes two words and must end the address.
      if (n > 6) return false;
      const v4 = parseV4(s, groupStart, end);
      if (v4 < 0) return false;
      words[n++] = v4 >>> 16;
      words[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (len === 0 || len > 4) return false;
    words[n++] = value;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false; // trailing single ':'
    }
  }
  if (gap < 0) return n === 8;
  if (n === 8) return false; // '::' must stand for at least one zero word
  const tail = n - gap;
  for (let k = 0; k < tail; k++) words[7 - k] = words[n - 1 - k];
  for (let k = gap; k < 8 - tail; k++) words[k] = 0;
  return true;
}

// classify() results; plain numbers because const enums don't survive isolatedModules tooling.
const INVALID = 0;
const V4 = 4;
const V6 = 6;
type Kind = typeof INVALID | typeof V4 | typeof V6;

// Result of the last classify() call for IPv4: the address as uint32.
let lastV4 = 0;

/** Parses into lastV4 / words. IPv4-mapped IPv6 is reported as V4, since that is what it addresses. */
function classify(s: string): Kind {
  let end = s.length;
  if (end === 0 || end > 64) return INVALID;
  const first = s.charCodeAt(0);
  if (first <= 32 || s.charCodeAt(end - 1) <= 32) {
    const trimmed = s.trim();
    return trimmed.length === end ? INVALID : classify(trimmed);
  }
  if (s.indexOf(':') < 0) {
    const v = parseV4(s, 0, end);
    if (v < 0) return INVALID;
    lastV4 = v;
    return V4;
  }
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (pct === end - 1) return INVALID;
    end = pct; // zone id (fe80::1%eth0) only matters to the local stack
  }
  if (!parseV6(s, end)) return INVALID;
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    lastV4 = (words[6] * 65536 + words[7]) >>> 0;
    return V4;
  }
  return V6;
}

function v4String(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function v6String(): string {
  // RFC 5952: compress the longest run (>= 2) of zero words, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += words[i].toString(16);
  }
  return out;
}

export function parseIp(s: string): ParsedIp | null {
  if (typeof s !== 'string') return null;
  const kind = classify(s);
  if (kind === INVALID) return null;
  if (kind === V4) {
    // Already canonical unless it came padded or IPv4-mapped: reuse the string then.
    const plain = s.indexOf(':') < 0 && s.charCodeAt(0) > 32 && s.charCodeAt(s.length - 1) > 32;
    const normalized = plain ? s : v4String(lastV4);
    return { version: 4, normalized };
  }
  return { version: 6, normalized: v6String() };
}

function v4PrivateOrReserved(v: number): boolean {
  const a = v >>> 24;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return true; // this-net, RFC1918, loopback, multicast, 240/4, broadcast
  const b16 = v >>> 16;
  if (b16 === 0xa9fe || b16 === 0xc0a8) return true; // 169.254/16 link-local, 192.168/16
  if (v >>> 20 === 0xac1) return true; // 172.16/12
  if (v >>> 22 === 0x191) return true; // 100.64/10 CGNAT
  if (v >>> 17 === 0x6309) return true; // 198.18/15 benchmarking
  const c24 = v >>> 8;
  return (
    c24 === 0xc00000 || // 192.0.0/24 IETF protocol assignments
    c24 === 0xc00002 || // 192.0.2/24 TEST-NET-1
    c24 === 0xc05863 || // 192.88.99/24 deprecated 6to4 relay anycast
    c24 === 0xc63364 || // 198.51.100/24 TEST-NET-2
    c24 === 0xcb0071 // 203.0.113/24 TEST-NET-3
  );
}

function v6PrivateOrReserved(): boolean {
  const w0 = words[0];
  // Only 2000::/3 is allocated global unicast; that alone excludes ::, ::1, fc00::/7, fe80::/10, ff00::/8, 64:ff9b::/96.
  if ((w0 & 0xe000) !== 0x2000) return true;
  if (w0 === 0x2001) {
    const w1 = words[1];
    if (w1 === 0x0db8) return true; // 2001:db8::/32 documentation
    if (w1 === 0x0002 && words[2] === 0) return true; // 2001:2::/48 benchmarking
    if ((w1 & 0xfff0) === 0x0020 || (w1 & 0xfff0) === 0x0010) return true; // ORCHID 2001:10::/28, 2001:20::/28
  }
  return w0 === 0x3fff && words[1] < 0x1000; // 3fff::/20 documentation (RFC 9637)
}

/**
 * True for anything that is not a public unicast address: private, loopback, link-local, CGNAT,
 * documentation, benchmarking, multicast, reserved, and also unparseable input, so that
 * `!isPrivateOrReserved(x)` is a safe "worth a geo lookup / worth blocking" test.
 */
export function isPrivateOrReserved(ip: string): boolean {
  const kind = classify(ip);
  if (kind === V4) return v4PrivateOrReserved(lastV4);
  if (kind === V6) return v6PrivateOrReserved();
  return true;
}

export function isPublicIp(ip: string): boolean {
  return !isPrivateOrReserved(ip);
}

interface V6Entry {
  net: Uint16Array;
  prefix: number;
}

function v6Matches(e: V6Entry): boolean {
  let bits = e.prefix;
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((words[i] & mask) !== e.net[i]) return false;
  }
  return true;
}

/**
 * IPv4/IPv6 CIDRs and single addresses. Host bits are masked off (10.1.2.3/8 means 10/8).
 * IPv4-mapped IPv6 addresses and ::ffff:0:0/96+ CIDRs are treated as IPv4, because Node reports
 * IPv4 peers on dual-stack sockets as ::ffff:a.b.c.d. Throws on an invalid entry (config error).
 */
export function parseCidrList(list: readonly string[]): CidrList {
  const v4Nets: number[] = [];
  const v4Masks: number[] = [];
  const v6: V6Entry[] = [];
  for (const raw of list) {
    const entry = raw.trim();
    if (entry === '') continue;
    const slash = entry.indexOf('/');
    const addr = slash < 0 ? entry : entry.slice(0, slash);
    const prefixText = slash < 0 ? '' : entry.slice(slash + 1);
    if (slash >= 0 && !/^\d{1,3}$/.test(prefixText)) throw new Error(`invalid CIDR: "${raw}"`);
    const kind = classify(addr);
    if (kind === INVALID) throw new Error(`invalid CIDR: "${raw}"`);
    const mapped = kind === V4 && addr.indexOf(':') >= 0;
    const maxPrefix = kind === V6 || mapped ? 128 : 32;
    let prefix = slash < 0 ? maxPrefix : Number(prefixText);
    if (prefix > maxPrefix || (mapped && prefix < 96)) throw new Error(`invalid CIDR: "${raw}"`);
    if (mapped) prefix -= 96;
    if (kind === V4) {
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      v4Masks.push(mask);
      v4Nets.push((lastV4 & mask) >>> 0);
    } else {
      const net = new Uint16Array(8);
      let bits = prefix;
      for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
        net[i] = words[i] & (bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff);
      }
      v6.push({ net, prefix });
    }
  }
  return {
    size: v4Nets.length + v6.length,
    contains(ip: string): boolean {
      const kind = classify(ip);
      if (kind === V4) {
        const v = lastV4;
        for (let i = 0; i < v4Nets.length; i++) if ((v & v4Masks[i]) >>> 0 === v4Nets[i]) return true;
        return false;
      }
      if (kind === V6) {
        for (let i = 0; i < v6.length; i++) if (v6Matches(v6[i])) return true;
      }
      return false;
    },
  };
}

export interface HostPort {
  host: string;
  port?: number;
}

function parsePort(s: string, start: number): number {
  const len = s.length - start;
  if (len < 1 || len > 5) return -1;
  let p = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    p = p * 10 + (c - 48);
  }
  return p <= 65535 ? p : -1;
}

/**
 * '1.2.3.4:22' → {host '1.2.3.4', port 22}; '[2001:db8::1]:443' → {host '2001:db8::1', port 443};
 * '[2001:db8::1]' and bare IPv6 → no port. When the port part is not a valid port the whole input is
 * returned as host, so the caller's IP validation rejects it instead of silently dropping a suffix.
 */
export function splitHostPort(s: string): HostPort {
  if (s.charCodeAt(0) === 91) {
    const close = s.indexOf(']');
    if (close < 0) return { host: s };
    const host = s.slice(1, close);
    if (close === s.length - 1) return { host };
    if (s.charCodeAt(close + 1) !== 58) return { host: s };
    const port = parsePort(s, close + 2);
    return port < 0 ? { host: s } : { host, port };
  }
  const colon = s.indexOf(':');
  if (colon < 0 || s.indexOf(':', colon + 1) >= 0) return { host: s }; // none, or bare IPv6
  const port = parsePort(s, colon + 1);
  return port < 0 || colon === 0 ? { host: s } : { host: s.slice(0, colon), port };
}
